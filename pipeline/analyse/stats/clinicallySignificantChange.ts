/**
 * Clinically significant change (Jacobson N.S. & Truax P. 1991, J. Consult. Clin. Psychol.
 * 59:12–19; Jacobson, Follette & Revenstorf 1984). A person has *recovered* when they have
 * reliably improved (see {@link reliableChange}) AND their post score lies beyond a cut-off
 * on the functional side; *improved* when the change is reliable but the cut-off is not
 * crossed; otherwise *unchanged* or (reliably) *deteriorated*.
 *
 * The dysfunctional population is the sample at pre-test (mean_0, sd_0 = mean and SD of the
 * pre scores of the people analysed, or a common yardstick given as `mean_pre` and `sd_pre`,
 * as the comparisons use so that both levels share one cut-off); the functional population is the measure's norm
 * (norm_mean = mean_1, norm_sd = sd_1). Cut-offs, with s = +1 for `higher_better` and −1 for
 * `lower_better`:
 *
 * - c = (sd_0·mean_1 + sd_1·mean_0) / (sd_0 + sd_1): the point between the two distributions,
 *   used when both sides are known (the default when norm_mean and norm_sd are given);
 * - a = mean_0 + s·2·sd_0: two SDs beyond the dysfunctional mean in the direction of
 *   improvement, used when the functional norm is not known (the default without norms);
 * - b = mean_1 − s·2·sd_1: two SDs of the functional population short of its mean, used when
 *   only the functional side is trusted (on request, e.g. when the sample's pre scores are not
 *   a dysfunctional population).
 *
 * "Beyond the cut-off" is strict: post > cut-off for `higher_better`, post < cut-off for
 * `lower_better`. Reliable change uses |RCI| > 1.96 as in {@link reliableChange}.
 *
 * @example
 * const r = clinicallySignificantChange([20, 25, 30, 22, 28], [30, 24, 31, 15, 35], {
 *   reliability: 0.8, direction: 'higher_better', norm_mean: 32, norm_sd: 4 });
 * // criterion 'c', cut_off ≈ 28.55; recovered 2 (30 and 35 pass it), improved 0,
 * // unchanged 2, deteriorated 1
 */
import { mean } from 'simple-statistics';
import { completePairs, type Scores } from './pairedTTest.ts';
import { reliableChange, type Direction } from './reliableChange.ts';
import { DegenerateData } from './degenerateData.ts';

export type CutOffCriterion = 'a' | 'b' | 'c';

export interface ClinicallySignificantChangeOptions {
  /** The measure's catalogue reliability, for the reliable change index. */
  reliability: number;
  direction: Direction;
  /** Mean of the functional (non-offending) population, if known. */
  norm_mean?: number | null;
  /** SD of the functional population, if known. */
  norm_sd?: number | null;
  /** Force a criterion; by default c when both norms are known, otherwise a. */
  criterion?: CutOffCriterion;
  /**
   * A common yardstick for the dysfunctional side instead of this sample's pre scores: its SD
   * (also the reliable change index's) and mean, so every level compared shares one cut-off.
   */
  sd_pre?: number;
  mean_pre?: number;
}

export interface ClinicallySignificantChange {
  /** People with both scores. */
  n: number;
  criterion: CutOffCriterion;
  cut_off: number;
  /** Mean and SD of the pre scores (the dysfunctional side). */
  dysfunctional_mean: number;
  dysfunctional_sd: number;
  /** Reliably improved and beyond the cut-off. */
  recovered: number;
  /** Reliably improved, not beyond the cut-off. */
  improved: number;
  unchanged: number;
  deteriorated: number;
  /** Percentages of n (0–100). */
  pct_recovered: number;
  pct_improved: number;
  pct_unchanged: number;
  pct_deteriorated: number;
}

function known(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Jacobson & Truax cut-off and recovered / improved / unchanged / deteriorated counts; see the file comment. */
export function clinicallySignificantChange(pre: Scores, post: Scores, options: ClinicallySignificantChangeOptions): ClinicallySignificantChange {
  const { direction } = options;
  const reliable = reliableChange(pre, post, options.reliability, direction, options.sd_pre);
  const pairs = completePairs(pre, post);
  const mean0 = options.mean_pre ?? mean(pairs.pre);
  const sd0 = reliable.sd_pre;
  const normsKnown = known(options.norm_mean) && known(options.norm_sd);
  const criterion: CutOffCriterion = options.criterion ?? (normsKnown ? 'c' : 'a');
  const s = direction === 'higher_better' ? 1 : -1;

  let cutOff: number;
  if (criterion === 'a') {
    cutOff = mean0 + s * 2 * sd0;
  } else {
    if (!normsKnown) {
      throw new DegenerateData(`cut-off ${criterion} needs the functional population's mean and SD (norm_mean, norm_sd)`);
    }
    const mean1 = options.norm_mean as number;
    const sd1 = options.norm_sd as number;
    if (!(sd1 > 0)) {
      throw new DegenerateData(`the functional population's SD must be positive (got ${sd1})`);
    }
    cutOff = criterion === 'b' ? mean1 - s * 2 * sd1 : (sd0 * mean1 + sd1 * mean0) / (sd0 + sd1);
  }

  let recovered = 0;
  let improved = 0;
  for (let i = 0; i < reliable.n; i++) {
    if (reliable.classification[i] !== 'improved') continue;
    const beyond = s * ((pairs.post[i] as number) - cutOff) > 0;
    if (beyond) recovered++;
    else improved++;
  }
  const { n, unchanged, deteriorated } = reliable;
  return {
    n,
    criterion,
    cut_off: cutOff,
    dysfunctional_mean: mean0,
    dysfunctional_sd: sd0,
    recovered,
    improved,
    unchanged,
    deteriorated,
    pct_recovered: (100 * recovered) / n,
    pct_improved: (100 * improved) / n,
    pct_unchanged: (100 * unchanged) / n,
    pct_deteriorated: (100 * deteriorated) / n,
  };
}
