/**
 * Proven reoffending rates per comparison level, window and category, with Wilson 95%
 * intervals, offences per 100 people, and the treatment − reference difference with
 * Newcombe's hybrid score interval. Only people classed for a window count in its rate;
 * the rest are reported as excluded.
 *
 * Where the compared levels are assigned per group (programme family, programme, facilitator
 * band), people in one group are not independent, so the difference also gets a
 * cluster-aware interval (`cluster`): the linear probability model's slope with CR2 errors
 * clustered on group and Satterthwaite df (stats/riskDifferenceCr2.ts). Elsewhere `cluster`
 * is null.
 */
import type { Plan } from '../../../schemas/plan.ts';
import type { RateRecord } from '../../../schemas/results.ts';
import { programmeGroups, type CohortMember } from '../../derive/cohort.ts';
import { OUTCOME_CATEGORIES, type OutcomeCategory } from '../../derive/reoffending.ts';
import { comparedLevels, isAssignedPerGroup, membersAt } from '../comparisonMembers.ts';
import { guarded } from '../guarded.ts';
import { memberColumns } from '../memberColumns.ts';
import { newcombeDifference } from '../stats/newcombeDifference.ts';
import { wilsonInterval } from '../stats/wilsonInterval.ts';
import { riskDifferenceCr2, type RiskDifferenceCr2 } from '../stats/riskDifferenceCr2.ts';

export interface DifferenceRecord {
  comparison: string;
  window_months: number;
  category: OutcomeCategory;
  treatment: string;
  reference: string;
  difference: number | null;
  ci_low: number | null;
  ci_high: number | null;
  /** The CR2 linear probability model's difference, for comparisons of levels assigned per group. */
  cluster: RiskDifferenceCr2 | null;
  note: string | null;
}

/** The CR2 risk difference over the classed people of both levels, or null when it cannot be had. */
function clusteredDifference(treated: readonly CohortMember[], reference: readonly CohortMember[], window: number, category: OutcomeCategory): RiskDifferenceCr2 | null {
  const y: number[] = [];
  const indicator: number[] = [];
  const cluster: string[] = [];
  for (const [members, t] of [[treated, 1], [reference, 0]] as const) {
    const cols = memberColumns(members);
    const clusters = cols.cluster();
    cols.reoffending(window, category).forEach((o, i) => {
      if (!o.classed) return;
      y.push(o.reoffended ? 1 : 0);
      indicator.push(t);
      cluster.push(clusters[i]!);
    });
  }
  const fit = guarded(() => riskDifferenceCr2(y, indicator, cluster)).value;
  // Published: the programme groups only (people without a group would make it a count of people).
  return fit && { ...fit, clusters: programmeGroups(cluster) };
}

interface Tally {
  n: number;
  excluded: number;
  reoffended: number;
  offences: number;
}

export function tallyReoffending(members: readonly CohortMember[], window: number, category: OutcomeCategory): Tally {
  const t: Tally = { n: 0, excluded: 0, reoffended: 0, offences: 0 };
  for (const o of memberColumns(members).reoffending(window, category)) {
    if (!o.classed) t.excluded++;
    else {
      t.n++;
      if (o.reoffended) t.reoffended++;
      t.offences += o.offences;
    }
  }
  return t;
}

export function reoffendingRates(cohort: readonly CohortMember[], plan: Plan): { rates: RateRecord[]; differences: DifferenceRecord[] } {
  const rates: RateRecord[] = [];
  const differences: DifferenceRecord[] = [];
  for (const comparison of plan.comparisons) {
    const [treatment, reference] = comparedLevels(comparison);
    const byLevel = new Map([treatment, reference].map((l) => [l, membersAt(cohort, comparison, l)]));
    for (const window of plan.windows) {
      for (const category of OUTCOME_CATEGORIES) {
        const tallies = new Map<string, Tally>();
        for (const [level, members] of byLevel) {
          const t = tallyReoffending(members, window, category);
          tallies.set(level, t);
          const ci = guarded(() => wilsonInterval(t.reoffended, t.n));
          rates.push({
            comparison: comparison.id,
            level,
            window_months: window,
            category,
            n: t.n,
            excluded: t.excluded,
            reoffended: t.reoffended,
            rate: ci.value?.proportion ?? null,
            ci_low: ci.value?.lower ?? null,
            ci_high: ci.value?.upper ?? null,
            offences_per_100: t.n ? (100 * t.offences) / t.n : null,
            note: ci.note === null ? null : `no one at level ${level} is classed for the ${window}-month window`,
          });
        }
        const a = tallies.get(treatment)!;
        const b = tallies.get(reference)!;
        const d = guarded(() => newcombeDifference(a.reoffended, a.n, b.reoffended, b.n));
        const grouped = isAssignedPerGroup(comparison);
        differences.push({
          comparison: comparison.id,
          window_months: window,
          category,
          treatment,
          reference,
          difference: d.value?.difference ?? null,
          ci_low: d.value?.lower ?? null,
          ci_high: d.value?.upper ?? null,
          cluster: grouped && d.value ? clusteredDifference(byLevel.get(treatment)!, byLevel.get(reference)!, window, category) : null,
          note: d.note,
        });
      }
    }
  }
  return { rates, differences };
}
