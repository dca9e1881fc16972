/**
 * One comparison level × measure: paired change (t and Wilcoxon), standardised change,
 * reliable and clinically significant change, and attrition, over the people at that level
 * with both a pre and a post score. Thin data gives a note, not NaN. Reliable and clinically
 * significant change use the comparison's common yardstick (reliableChangeYardstick.ts), so
 * both levels are judged by one threshold and one cut-off.
 */
import type { ChangeRecord } from '../../../schemas/results.ts';
import type { CohortMember, MeasureInfo } from '../../derive/cohort.ts';
import { guarded } from '../guarded.ts';
import { clinicallySignificantChange } from '../stats/clinicallySignificantChange.ts';
import { pairedTTest } from '../stats/pairedTTest.ts';
import { reliableChange } from '../stats/reliableChange.ts';
import { standardisedChange } from '../stats/standardisedChange.ts';
import { wilcoxonSignedRank } from '../stats/wilcoxonSignedRank.ts';
import type { Yardstick } from './reliableChangeYardstick.ts';

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null);

export function pairedChangeRecord(comparison: string, level: string, members: readonly CohortMember[], measure: MeasureInfo, yardstick: Yardstick): Omit<ChangeRecord, 'p_holm'> {
  const pre: number[] = [];
  const post: number[] = [];
  const preOnly: number[] = [];
  for (const m of members) {
    const s = m.scores.get(measure.measure);
    if (s?.pre == null) continue;
    if (s.post == null) preOnly.push(s.pre);
    else {
      pre.push(s.pre);
      post.push(s.post);
    }
  }
  const t = guarded(() => pairedTTest(pre, post));
  const w = guarded(() => wilcoxonSignedRank(pre, post));
  const d = guarded(() => standardisedChange(pre, post));
  const sd = yardstick.sd ?? undefined;
  const rci = guarded(() => reliableChange(pre, post, measure.reliability, measure.direction, sd));
  const csc =
    measure.normMean !== null && measure.normSd !== null
      ? guarded(() => clinicallySignificantChange(pre, post, { reliability: measure.reliability, direction: measure.direction, norm_mean: measure.normMean, norm_sd: measure.normSd, ...(sd !== undefined ? { sd_pre: sd } : {}), ...(yardstick.mean !== null ? { mean_pre: yardstick.mean } : {}) }))
      : null;
  const sign = measure.direction === 'higher_better' ? 1 : -1;
  const notes = [t.note, w.note, d.note, rci.note, csc?.note ?? null].filter((n): n is string => n !== null);
  return {
    comparison,
    level,
    measure: measure.measure,
    direction: measure.direction,
    n: pre.length,
    mean_pre: t.value?.mean_pre ?? mean(pre),
    mean_post: t.value?.mean_post ?? mean(post),
    mean_change: t.value?.mean_change ?? null,
    mean_improvement: t.value ? sign * t.value.mean_change : null,
    sd_change: t.value?.sd_change ?? null,
    t: t.value?.t ?? null,
    df: t.value?.df ?? null,
    p: t.value?.p ?? null,
    ci_low: t.value?.ci_low ?? null,
    ci_high: t.value?.ci_high ?? null,
    wilcoxon_p: w.value?.p ?? null,
    d_z: d.value?.d_z ?? null,
    d_av: d.value?.d_av ?? null,
    d_av_ci_low: d.value?.d_av_ci_low ?? null,
    d_av_ci_high: d.value?.d_av_ci_high ?? null,
    g_av: d.value?.g_av ?? null,
    rci: rci.value
      ? {
          improved: rci.value.improved,
          unchanged: rci.value.unchanged,
          deteriorated: rci.value.deteriorated,
          pct_improved: rci.value.pct_improved,
          pct_unchanged: rci.value.pct_unchanged,
          pct_deteriorated: rci.value.pct_deteriorated,
        }
      : null,
    rci_sd: rci.value ? rci.value.sd_pre : null,
    rci_sd_source: rci.value ? (yardstick.sd === null ? 'own_pre' : yardstick.source) : null,
    csc: csc?.value
      ? {
          criterion: csc.value.criterion,
          cutoff: csc.value.cut_off,
          recovered: csc.value.recovered,
          improved: csc.value.improved,
          unchanged: csc.value.unchanged,
          deteriorated: csc.value.deteriorated,
        }
      : null,
    attrition: { pre_only: preOnly.length, mean_pre_with_post: mean(pre), mean_pre_pre_only: mean(preOnly) },
    note: notes.length ? [...new Set(notes)].join('; ') : null,
  };
}
