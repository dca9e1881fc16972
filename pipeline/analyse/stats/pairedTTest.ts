/**
 * Paired t-test of post against pre scores, as R's `t.test(post, pre, paired = TRUE)`
 * (R documentation `?t.test`; Student 1908): the mean change (post − pre), its standard
 * deviation, t = mean_change / (sd_change / √n) on n − 1 degrees of freedom, the two-sided
 * p-value and the 95% confidence interval of the mean change. Computed by
 * `@stdlib/stats-ttest`, whose paired test is R's.
 *
 * People missing either score are left out, as R does (`complete.cases(post, pre)`), so
 * mean_pre and mean_post are the means of the same people whose change is tested.
 *
 * Degenerate data: fewer than two people with both scores, or change scores with zero
 * variance (R stops with "data are essentially constant"), throw {@link DegenerateData}.
 *
 * @example
 * const r = pairedTTest([10, 12, 9, 14, 11], [12, 15, 9, 17, 12]);
 * // r.mean_change = 1.8, r.sd_change ≈ 1.30384, r.df = 4, r.t ≈ 3.08697, r.p ≈ 0.036682,
 * // CI ≈ [0.18107, 3.41893], as t.test(post, pre, paired = TRUE)
 */
import ttest from '@stdlib/stats-ttest';
import { mean } from 'simple-statistics';
import { DegenerateData } from './degenerateData.ts';

/** A score per person; null, undefined or NaN means the score is missing. */
export type Scores = ArrayLike<number | null | undefined>;

export interface PairedTTest {
  /** People with both a pre and a post score. */
  n: number;
  mean_pre: number;
  mean_post: number;
  /** Mean of post − pre. */
  mean_change: number;
  /** Sample SD (n − 1 denominator) of post − pre. */
  sd_change: number;
  t: number;
  df: number;
  /** Two-sided p-value. */
  p: number;
  /** 95% confidence interval of the mean change. */
  ci_low: number;
  ci_high: number;
}

/** The pre and post scores of the people who have both, in their original order. */
export interface CompletePairs {
  pre: number[];
  post: number[];
}

function present(value: number | null | undefined): value is number {
  return typeof value === 'number' && !Number.isNaN(value);
}

/**
 * Keeps the people with both a pre and a post score (R's `complete.cases(pre, post)`),
 * so every paired statistic works on the same people.
 *
 * @example
 * completePairs([1, null, 3], [2, 5, NaN]); // { pre: [1], post: [2] }
 */
export function completePairs(pre: Scores, post: Scores): CompletePairs {
  if (pre.length !== post.length) {
    throw new RangeError(`pre and post must have one score per person (got ${pre.length} and ${post.length})`);
  }
  const out: CompletePairs = { pre: [], post: [] };
  for (let i = 0; i < pre.length; i++) {
    const a = pre[i];
    const b = post[i];
    if (present(a) && present(b)) {
      out.pre.push(a);
      out.post.push(b);
    }
  }
  return out;
}

/** Paired t-test of post − pre; see the file comment. */
export function pairedTTest(pre: Scores, post: Scores): PairedTTest {
  const pairs = completePairs(pre, post);
  const n = pairs.pre.length;
  if (n < 2) {
    throw new DegenerateData(`fewer than 2 people with both pre and post scores (${n})`);
  }
  const result = ttest(pairs.post, pairs.pre, { alpha: 0.05, alternative: 'two-sided', mu: 0 });
  // stdlib's `sd` is the standard error of the mean change.
  const standardError = result.sd;
  // R's rule for "data are essentially constant".
  if (!(standardError > 0) || standardError < 10 * Number.EPSILON * Math.abs(result.mean)) {
    throw new DegenerateData('the change scores have zero variance');
  }
  const [ciLow, ciHigh] = result.ci;
  return {
    n,
    mean_pre: mean(pairs.pre),
    mean_post: mean(pairs.post),
    mean_change: result.mean,
    sd_change: standardError * Math.sqrt(n),
    t: result.statistic,
    df: result.df,
    p: result.pValue,
    ci_low: ciLow as number,
    ci_high: ciHigh as number,
  };
}
