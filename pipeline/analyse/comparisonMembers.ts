/**
 * Who is at each level of a plan's comparison. A comparison's `filter` restricts it to the
 * people at the filter's levels (band 3 against band 4 within Building Choices); everyone
 * else is at neither of its levels. A person counts once per comparison: an enrolment the
 * comparison set aside as a person's later one (onePerPerson.ts) is at neither level.
 */
import type { Comparison } from '../../schemas/plan.ts';
import type { CohortMember } from '../derive/cohort.ts';
import { pick, rowsWhere, subsetOf } from './memberColumns.ts';

/** Is the member inside the comparison's filter (always, without one)? */
export function withinFilter(m: CohortMember, comparison: Comparison): boolean {
  if (!comparison.filter) return true;
  for (const [factor, level] of Object.entries(comparison.filter)) if (m.levels[factor as keyof typeof m.levels] !== level) return false;
  return true;
}

/** Is the enrolment at either compared level and inside the filter, before one unit per person? */
export function eligibleIn(m: CohortMember, comparison: Comparison): boolean {
  const level = m.levels[comparison.by];
  return (level === comparison.treatment || level === comparison.reference) && withinFilter(m, comparison);
}

/** Did the comparison set this enrolment aside, the person counting there on an earlier one? */
export const isSetAsideIn = (m: CohortMember, comparison: Comparison) => m.setAsideIn?.has(comparison.id) ?? false;

/** The member's compared level (treatment or reference), or null when at neither, outside the filter or set aside. */
export function levelIn(m: CohortMember, comparison: Comparison): string | null {
  return eligibleIn(m, comparison) && !isSetAsideIn(m, comparison) ? m.levels[comparison.by] : null;
}

/**
 * Who is at each level, remembered per frozen cohort (setAsideLaterEnrolments freezes it):
 * every analysis family asks again, and each answer is a pass over every member. The answers
 * are frozen arrays, so memberColumns.ts remembers their columns in turn.
 */
const answered = new WeakMap<readonly CohortMember[], Map<Comparison, Map<string | null, readonly CohortMember[]>>>();

function remembered(cohort: readonly CohortMember[], comparison: Comparison, level: string | null, isIn: (m: CohortMember) => boolean): readonly CohortMember[] {
  if (!Object.isFrozen(cohort)) return cohort.filter(isIn);
  let byComparison = answered.get(cohort);
  if (!byComparison) answered.set(cohort, (byComparison = new Map()));
  let byLevel = byComparison.get(comparison);
  if (!byLevel) byComparison.set(comparison, (byLevel = new Map()));
  let members = byLevel.get(level);
  if (!members) {
    const rows = rowsWhere(cohort, isIn);
    byLevel.set(level, (members = Object.freeze(pick(cohort, rows))));
    // Their columns are the cohort's at these rows (memberColumns.ts).
    subsetOf(members, cohort, Object.freeze(rows));
  }
  return members;
}

export function membersAt(cohort: readonly CohortMember[], comparison: Comparison, level: string): readonly CohortMember[] {
  return remembered(cohort, comparison, level, (m) => m.levels[comparison.by] === level && levelIn(m, comparison) !== null);
}

/** Enrolments at `level` the comparison set aside because the person counts there on an earlier enrolment. */
export function laterEnrolmentsAt(cohort: readonly CohortMember[], comparison: Comparison, level: string): number {
  return cohort.filter((m) => m.levels[comparison.by] === level && eligibleIn(m, comparison) && isSetAsideIn(m, comparison)).length;
}

/** Treatment then reference: the two levels a comparison reports. */
export function comparedLevels(comparison: Comparison): [string, string] {
  return [comparison.treatment, comparison.reference];
}

/** Everyone at either compared level: the sample of a model of the treatment indicator. */
export function membersCompared(cohort: readonly CohortMember[], comparison: Comparison): readonly CohortMember[] {
  return remembered(cohort, comparison, null, (m) => levelIn(m, comparison) !== null);
}

/** The factors a comparison holds fixed (none unless the plan says). */
export const adjustedFor = (comparison: Comparison) => comparison.adjust_for ?? [];

/** What a model record says was held fixed: the comparison's `adjust_for`, and its `filter` when it has one. */
export const heldFixedFields = (comparison: Comparison) => ({
  adjust_for: [...adjustedFor(comparison)],
  ...(comparison.filter ? { filter: { ...comparison.filter } } : {}),
});

/**
 * Comparison factors whose levels are assigned per group (programme family, programme,
 * facilitator band): outcomes of people in one group are not independent, so these
 * comparisons also get cluster-aware tests and intervals (clustered on group).
 */
export const GROUP_ASSIGNED_FACTORS: readonly string[] = ['programme_family', 'programme', 'facilitator_band'];
export const isAssignedPerGroup = (comparison: Comparison) => GROUP_ASSIGNED_FACTORS.includes(comparison.by);
