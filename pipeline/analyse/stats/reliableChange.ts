/**
 * Reliable Change Index (Jacobson N.S. & Truax P. 1991, "Clinical significance: a statistical
 * approach to defining meaningful change in psychotherapy research", J. Consult. Clin.
 * Psychol. 59:12–19):
 *
 *     SE_measurement = sd_pre · √(1 − reliability)
 *     SE_diff        = √2 · SE_measurement = sd_pre · √2 · √(1 − reliability)
 *     RCI            = (post − pre) / SE_diff
 *
 * sd_pre is the sample SD (n − 1 denominator) of the pre scores of the people analysed, or a
 * common yardstick supplied by the caller (`sdPre`: the catalogue's norm SD, or the SD of the
 * pre scores pooled over the levels compared, so that every level is judged by the same
 * threshold), and the reliability is the measure's catalogue value (test–retest or internal
 * consistency).
 * A person has reliably improved when the RCI exceeds 1.96 in the measure's own direction
 * of improvement (RCI > 1.96 for `higher_better`, RCI < −1.96 for `lower_better`), reliably
 * deteriorated when it exceeds 1.96 the other way, and is otherwise unchanged.
 *
 * People missing either score are left out. Degenerate data (fewer than two pairs, pre
 * scores with zero SD, a reliability outside [0, 1)) throw {@link DegenerateData}.
 *
 * @example
 * const r = reliableChange([20, 25, 30, 22, 28], [30, 24, 31, 15, 35], 0.8, 'higher_better');
 * // sd_pre ≈ 4.12311, se_diff ≈ 2.60768; RCIs ≈ 3.83, −0.38, 0.38, −2.68, 2.68
 * // → improved 2, unchanged 2, deteriorated 1
 */
import { sampleStandardDeviation } from 'simple-statistics';
import { completePairs, type Scores } from './pairedTTest.ts';
import { DegenerateData } from './degenerateData.ts';

/** Which way is improvement on a measure (the measures catalogue's `direction`). */
export type Direction = 'higher_better' | 'lower_better';

/** Jacobson & Truax's criterion for a reliable change at the 5% level. */
export const RELIABLE_CHANGE_CRITERION = 1.96;

export type ReliableChangeClass = 'improved' | 'unchanged' | 'deteriorated';

export interface ReliableChange {
  /** People with both scores. */
  n: number;
  sd_pre: number;
  reliability: number;
  se_diff: number;
  /** Each analysed person's RCI, (post − pre) / se_diff, in input order (people with both scores). */
  rci: number[];
  /** Each analysed person's class, in the same order as `rci`. */
  classification: ReliableChangeClass[];
  improved: number;
  unchanged: number;
  deteriorated: number;
  /** Percentages of n (0–100). */
  pct_improved: number;
  pct_unchanged: number;
  pct_deteriorated: number;
}

/** The standard error of a difference between two scores, sd_pre·√2·√(1 − reliability). */
export function standardErrorOfDifference(sdPre: number, reliability: number): number {
  if (!(reliability >= 0 && reliability < 1)) {
    throw new DegenerateData(`the reliability must be at least 0 and below 1 for a reliable change index (got ${reliability})`);
  }
  if (!(sdPre > 0)) {
    throw new DegenerateData('the pre scores have zero variance: the reliable change index has no standard error');
  }
  return sdPre * Math.SQRT2 * Math.sqrt(1 - reliability);
}

/** Classifies one RCI in the measure's direction of improvement. */
export function classifyReliableChange(rci: number, direction: Direction): ReliableChangeClass {
  const towardsBetter = direction === 'higher_better' ? rci : -rci;
  if (towardsBetter > RELIABLE_CHANGE_CRITERION) return 'improved';
  if (towardsBetter < -RELIABLE_CHANGE_CRITERION) return 'deteriorated';
  return 'unchanged';
}

/** Jacobson & Truax reliable change counts; see the file comment. */
export function reliableChange(pre: Scores, post: Scores, reliability: number, direction: Direction, sdPreGiven?: number): ReliableChange {
  const pairs = completePairs(pre, post);
  const n = pairs.pre.length;
  if (n < 2) {
    throw new DegenerateData(`fewer than 2 people with both pre and post scores (${n})`);
  }
  const sdPre = sdPreGiven ?? sampleStandardDeviation(pairs.pre);
  const seDiff = standardErrorOfDifference(sdPre, reliability);
  const rci = pairs.post.map((y, i) => (y - (pairs.pre[i] as number)) / seDiff);
  const classification = rci.map((value) => classifyReliableChange(value, direction));
  const count = (c: ReliableChangeClass) => classification.filter((x) => x === c).length;
  const improved = count('improved');
  const unchanged = count('unchanged');
  const deteriorated = count('deteriorated');
  return {
    n,
    sd_pre: sdPre,
    reliability,
    se_diff: seDiff,
    rci,
    classification,
    improved,
    unchanged,
    deteriorated,
    pct_improved: (100 * improved) / n,
    pct_unchanged: (100 * unchanged) / n,
    pct_deteriorated: (100 * deteriorated) / n,
  };
}
