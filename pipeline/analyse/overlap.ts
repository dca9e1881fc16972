/**
 * Overlap first: before an adjusted comparison is read, where does it rest? For a comparison
 * that holds factors fixed (`adjust_for`), the strata are the combinations of those factors'
 * levels (programme family × start half-year). A stratum informs the treatment estimate only
 * if it has groups on both sides; a stratum with one side only is absorbed by its dummy
 * (Rosenbaum & Rubin 1983 on common support; Crump et al. 2009, Biometrika 96:187–199, on
 * limited overlap).
 *
 * Published per stratum: the number of *groups* on each side (groups, not people: a group
 * count never reveals how many people), and whether each side has at least min_cell people
 * (a yes/no, never the count). Notes say which strata carry no overlap, and whether fewer
 * than 5 groups on either side carry the estimate.
 *
 * @example
 * overlap(cohort, { id: 'band', by: 'facilitator_band', treatment: 'band_3', reference: 'band_4',
 *   adjust_for: ['programme_family'] }, 10);
 * // { strata: [{ stratum: 'programme_family=building_choices', treatment_groups: 9, … }], notes: […] }
 */
import type { Comparison } from '../../schemas/plan.ts';
import type { OverlapRecord } from '../../schemas/results.ts';
import type { CohortMember } from '../derive/cohort.ts';
import { adjustedFor, levelIn } from './comparisonMembers.ts';
import { stratumOf } from './factorDummies.ts';

/** Fewer groups than this on either side, in the strata the estimate rests on, earns a note. */
export const FEW_GROUPS = 5;

export function overlap(cohort: readonly CohortMember[], comparison: Comparison, minCell: number): { strata: OverlapRecord[]; notes: string[] } {
  const factors = adjustedFor(comparison);
  if (!factors.length) return { strata: [], notes: [] };
  const tally = new Map<string, { levels: Record<string, string>; groups: [Set<string>, Set<string>]; people: [Set<string>, Set<string>] }>();
  for (const m of cohort) {
    const level = levelIn(m, comparison);
    if (level === null) continue;
    const key = stratumOf(m, factors);
    let t = tally.get(key);
    if (!t) tally.set(key, (t = { levels: Object.fromEntries(factors.map((f) => [f, m.levels[f]])), groups: [new Set(), new Set()], people: [new Set(), new Set()] }));
    const side = level === comparison.treatment ? 0 : 1;
    t.groups[side].add(m.cluster);
    t.people[side].add(m.personId);
  }
  const strata: OverlapRecord[] = [...tally.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([stratum, t]) => ({
      comparison: comparison.id,
      adjust_for: [...factors],
      stratum,
      levels: t.levels,
      treatment_groups: t.groups[0].size,
      reference_groups: t.groups[1].size,
      treatment_people_at_least_min_cell: t.people[0].size >= minCell,
      reference_people_at_least_min_cell: t.people[1].size >= minCell,
      informs_estimate: t.groups[0].size > 0 && t.groups[1].size > 0,
    }));
  const notes: string[] = [];
  const oneSided = strata.filter((s) => !s.informs_estimate);
  if (oneSided.length) {
    notes.push(
      `${comparison.id}: ${oneSided.length} of ${strata.length} strata have groups on one side only (${oneSided.slice(0, 4).map((s) => s.stratum).join('; ')}${oneSided.length > 4 ? `; and ${oneSided.length - 4} more` : ''}); ` +
        'their people do not inform the estimate, which rests on the other strata.',
    );
  }
  const used = strata.filter((s) => s.informs_estimate);
  const groups = [used.reduce((n, s) => n + s.treatment_groups, 0), used.reduce((n, s) => n + s.reference_groups, 0)];
  if (!used.length) notes.push(`${comparison.id}: no stratum has groups on both sides, so holding ${factors.join(' and ')} fixed leaves nothing to compare.`);
  else if (Math.min(...groups) < FEW_GROUPS) {
    notes.push(
      `${comparison.id}: the estimate rests on ${groups[0]} ${comparison.treatment} and ${groups[1]} ${comparison.reference} groups in the strata with both; ` +
        `with fewer than ${FEW_GROUPS} groups on a side, cluster-robust intervals are unreliable.`,
    );
  }
  return { strata, notes };
}
