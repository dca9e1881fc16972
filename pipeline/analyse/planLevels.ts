/**
 * The levels each comparison factor takes in the loaded data, counted, and the check that a
 * plan compares only levels that exist. Levels come from the cohort (derive/cohort.ts, which
 * derives them with derive/comparisonFactors.ts), so they are exactly what the analyses use.
 *
 * @example
 * checkPlanLevels(cohort, plan);
 * // PlanInvalid: comparison programme (by programme_family): treatment building_choice is not a
 * //   level in the loaded data (did you mean building_choices?); the levels of programme_family
 * //   are: building_choices, legacy_specialist, none, toolkit
 */
import type { Plan } from '../../schemas/plan.ts';
import { readEnrolments, readGroupStaff } from '../db/analysisData.ts';
import type { ProgevalDatabase } from '../db/dialect.ts';
import { buildCohort, type CohortMember } from '../derive/cohort.ts';
import { COMPARISON_FACTORS, type ComparisonFactor } from '../derive/comparisonFactors.ts';
import { comparedLevels } from './comparisonMembers.ts';
import { didYouMeanHint } from './didYouMean.ts';
import { PlanInvalid } from './planInvalid.ts';

export interface FactorLevel {
  level: string;
  /** Distinct people with an enrolment at the level (a person at two levels counts at each). */
  people: number;
  /** Enrolments at the level: the report's "referred". */
  enrolments: number;
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Every comparison factor with its levels in `cohort`, each counted, levels in name order. */
export function factorLevels(cohort: readonly CohortMember[]): Record<ComparisonFactor, FactorLevel[]> {
  const out = {} as Record<ComparisonFactor, FactorLevel[]>;
  for (const factor of COMPARISON_FACTORS) {
    const at = new Map<string, { people: Set<string>; enrolments: number }>();
    for (const m of cohort) {
      const tally = at.get(m.levels[factor]) ?? { people: new Set<string>(), enrolments: 0 };
      tally.people.add(m.personId);
      tally.enrolments++;
      at.set(m.levels[factor], tally);
    }
    out[factor] = [...at.entries()].sort(([a], [b]) => byName(a, b)).map(([level, t]) => ({ level, people: t.people.size, enrolments: t.enrolments }));
  }
  return out;
}

/**
 * The factor levels of what is loaded: enrolments and group staff only (no scores or
 * reconvictions are read), through the same cohort derivation as the analyses.
 */
export async function factorLevelsIn(database: ProgevalDatabase): Promise<Record<ComparisonFactor, FactorLevel[]>> {
  const cohort = buildCohort({ enrolments: await readEnrolments(database), staff: await readGroupStaff(database), scaleScores: [], reconvictions: [] });
  return factorLevels(cohort);
}

/**
 * Refuses (PlanInvalid, exit 2) a plan whose treatment or reference level the loaded data do
 * not have, naming the levels there are, with a suggestion when one is close. Without it such
 * a comparison would analyse nobody and the report would be silently empty.
 */
export function checkPlanLevels(cohort: readonly CohortMember[], plan: Plan): void {
  if (!cohort.length) {
    throw new PlanInvalid(['nothing is loaded: there are no enrolments to compare. Load an extract first (progeval ingest DIR --db FILE, or run --extract DIR)']);
  }
  const levels = new Map<ComparisonFactor, string[]>();
  const levelsOf = (factor: ComparisonFactor): string[] => {
    if (!levels.has(factor)) levels.set(factor, [...new Set(cohort.map((m) => m.levels[factor]))].sort(byName));
    return levels.get(factor)!;
  };
  const problems: string[] = [];
  for (const comparison of plan.comparisons) {
    const existing = levelsOf(comparison.by);
    const [treatment, reference] = comparedLevels(comparison);
    for (const [role, level] of [['treatment', treatment], ['reference', reference]] as const) {
      if (existing.includes(level)) continue;
      problems.push(
        `comparison ${comparison.id} (by ${comparison.by}): ${role} ${level} is not a level in the loaded data${didYouMeanHint(level, existing)}; ` +
          `the levels of ${comparison.by} are: ${existing.join(', ')} (progeval levels lists them with their counts)`,
      );
    }
    for (const [factor, level] of Object.entries(comparison.filter ?? {}) as [ComparisonFactor, string][]) {
      const there = levelsOf(factor);
      if (there.includes(level)) continue;
      problems.push(
        `comparison ${comparison.id}: filter ${factor}: ${level} is not a level in the loaded data${didYouMeanHint(level, there)}; ` +
          `the levels of ${factor} are: ${there.join(', ')}`,
      );
    }
  }
  if (problems.length) throw new PlanInvalid(problems);
}
