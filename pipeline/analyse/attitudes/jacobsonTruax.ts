/**
 * What the Jacobson–Truax plot needs, without individual points: pre against post scores
 * counted in a grid of square bins over the measure's range (10 bins a side: coarse enough that most bins hold enough people to publish), and the
 * reliable-change band (|post − pre| < 1.96 × SE of the difference; Jacobson & Truax 1991)
 * with the clinically significant cut-off where the catalogue gives norms, both from the
 * comparison's common yardstick (reliableChangeYardstick.ts), as the change records.
 */
import type { Plan } from '../../../schemas/plan.ts';
import type { CohortMember, MeasureInfo } from '../../derive/cohort.ts';
import { comparedLevels, membersAt } from '../comparisonMembers.ts';
import { guarded } from '../guarded.ts';
import { clinicallySignificantChange } from '../stats/clinicallySignificantChange.ts';
import { RELIABLE_CHANGE_CRITERION, reliableChange } from '../stats/reliableChange.ts';
import { reliableChangeYardstick } from './reliableChangeYardstick.ts';

export const BINS_PER_SIDE = 10;

function pairsOf(members: readonly CohortMember[], measure: string): { pre: number[]; post: number[] } {
  const pre: number[] = [];
  const post: number[] = [];
  for (const m of members) {
    const s = m.scores.get(measure);
    if (s?.pre != null && s.post != null) {
      pre.push(s.pre);
      post.push(s.post);
    }
  }
  return { pre, post };
}

export function jacobsonTruax(cohort: readonly CohortMember[], measures: readonly MeasureInfo[], plan: Plan) {
  const bins = [];
  const bands = [];
  for (const comparison of plan.comparisons) {
    const levels = comparedLevels(comparison).map((level) => ({ level, members: membersAt(cohort, comparison, level) }));
    // The comparison's common yardstick, as the change records use it.
    const yardsticks = new Map(measures.map((m) => [m.measure, reliableChangeYardstick(levels.map((l) => l.members), m)]));
    for (const { level, members } of levels) {
      for (const measure of measures) {
        const yardstick = yardsticks.get(measure.measure)!;
        const sd = yardstick.sd ?? undefined;
        const { pre, post } = pairsOf(members, measure.measure);
        const width = (measure.max - measure.min) / BINS_PER_SIDE;
        const bin = (x: number) => Math.min(BINS_PER_SIDE - 1, Math.floor((x - measure.min) / width));
        const counts = new Map<string, number>();
        pre.forEach((x, i) => {
          const key = `${bin(x)},${bin(post[i]!)}`;
          counts.set(key, (counts.get(key) ?? 0) + 1);
        });
        for (const [key, count] of [...counts].sort()) {
          const [i, j] = key.split(',').map(Number) as [number, number];
          bins.push({ comparison: comparison.id, level, measure: measure.measure, bin_width: width, pre_low: measure.min + i * width, post_low: measure.min + j * width, count });
        }
        const rc = guarded(() => reliableChange(pre, post, measure.reliability, measure.direction, sd));
        const csc =
          measure.normMean !== null && measure.normSd !== null
            ? guarded(() => clinicallySignificantChange(pre, post, { reliability: measure.reliability, direction: measure.direction, norm_mean: measure.normMean, norm_sd: measure.normSd, ...(sd !== undefined ? { sd_pre: sd } : {}), ...(yardstick.mean !== null ? { mean_pre: yardstick.mean } : {}) }))
            : null;
        bands.push({
          comparison: comparison.id,
          level,
          measure: measure.measure,
          threshold: rc.value ? RELIABLE_CHANGE_CRITERION * rc.value.se_diff : null,
          csc_cutoff: csc?.value?.cut_off ?? null,
        });
      }
    }
  }
  return { bins, bands };
}
