/**
 * One yardstick for reliable and clinically significant change across the two levels of a
 * comparison, so that a level is never judged "reliably improved" by a threshold of its own
 * (with each level's own pre-score SD, the level with the more varied intake needs a larger
 * change, which can reverse which level improved more):
 * - the SD is the catalogue's `norm_sd` when the measure has one (`norm_sd`); otherwise the
 *   pooled within-level SD of the pre scores of the people with both scores at the two
 *   levels, √(((n₁ − 1)s₁² + (n₀ − 1)s₀²)/(n₁ + n₀ − 2)) (`pooled_pre`), the pooling of the
 *   ANCOVA's standardised estimate;
 * - the dysfunctional mean for the clinically significant cut-off is the mean pre score of
 *   the same people, over both levels.
 * Written out in R in test/reference/reliable_change_pooled.R.
 *
 * @example
 * pooledPreSd([[20, 25, 30], [22, 28, 26, 24]]); // √((2·25 + 3·6.667)/5) ≈ 3.7417
 */
import { mean, sampleVariance } from 'simple-statistics';
import type { CohortMember, MeasureInfo } from '../../derive/cohort.ts';

export interface Yardstick {
  sd: number | null;
  mean: number | null;
  source: 'norm_sd' | 'pooled_pre';
}

/** The pooled within-group SD of several groups' scores (groups of fewer than two add nothing); null without df. */
export function pooledPreSd(groups: readonly (readonly number[])[]): number | null {
  let ss = 0;
  let df = 0;
  for (const g of groups) {
    if (g.length < 2) continue;
    ss += (g.length - 1) * sampleVariance([...g]);
    df += g.length - 1;
  }
  return df > 0 ? Math.sqrt(ss / df) : null;
}

/** The pre scores of the people with both scores on the measure. */
export function pairedPre(members: readonly CohortMember[], measure: string): number[] {
  const out: number[] = [];
  for (const m of members) {
    const s = m.scores.get(measure);
    if (s?.pre != null && s.post != null) out.push(s.pre);
  }
  return out;
}

/** The comparison's yardstick for a measure, from the members of its two levels. */
export function reliableChangeYardstick(levels: readonly (readonly CohortMember[])[], measure: MeasureInfo): Yardstick {
  const pre = levels.map((members) => pairedPre(members, measure.measure));
  const all = pre.flat();
  const grandMean = all.length ? mean(all) : null;
  if (measure.normSd !== null && measure.normSd > 0) return { sd: measure.normSd, mean: grandMean, source: 'norm_sd' };
  return { sd: pooledPreSd(pre), mean: grandMean, source: 'pooled_pre' };
}
