/**
 * Wilcoxon signed rank test of post against pre scores, following the default rules of R's
 * `wilcox.test(post, pre, paired = TRUE)` (R documentation `?wilcox.test`; Wilcoxon 1945;
 * Hollander & Wolfe 1973):
 *
 * - differences d = post − pre; people missing either score are left out;
 * - zero differences are dropped and n is the number of non-zero differences;
 * - V = sum of the ranks of |d| (mid-ranks for ties) where d > 0;
 * - exact p-value from the signed rank distribution when n < 50 and there are no ties and
 *   no zeros; two-sided p = min(1, 2·P(V ≤ v)) or min(1, 2·P(V ≥ v)), whichever tail v is in;
 * - otherwise the normal approximation with the tie correction
 *   σ² = n(n+1)(2n+1)/24 − Σ(t³ − t)/48 and the continuity correction 0.5·sign(V − n(n+1)/4),
 *   two-sided p = 2·min(Φ(z), 1 − Φ(z)).
 *
 * How `@stdlib/stats-wilcoxon` is used, and where R's rules need more than its options:
 * it is called with the options R's defaults imply (`zeroMethod: 'wilcox'` drops zeros,
 * `correction: true`, `exact: false`, two-sided) and gives the exact p-value; V, which it gives
 * too, is summed here (`signedRankSum`, see there). Its rules
 * differ from R's in three places, handled here:
 * 1. it uses the exact distribution up to n = 50 inclusive (`len > 50`); R only below 50,
 *    and no option makes stdlib approximate at n = 50;
 * 2. its two-sided exact p is not capped at 1 (V = n(n+1)/4 gives 2·P(V ≤ v) > 1);
 * 3. it takes upper tails as 1 − cdf, which loses small p-values to cancellation (both in
 *    the exact branch and as 1 − Φ(|z|) in the normal branch), where R sums the upper tail.
 * So the exact upper tail is asked of stdlib with pre and post swapped (by symmetry of the
 * signed rank distribution that is R's sum over the upper tail), and the normal
 * approximation is computed from stdlib's V with R's formula, Φ of −|z| from
 * `@stdlib/stats-base-dists-normal`.
 *
 * Degenerate data: fewer than two people with both scores, or every difference zero (R gives
 * no p-value), throw {@link DegenerateData}.
 *
 * @example
 * const r = wilcoxonSignedRank([10, 12, 9, 14, 11, 8], [12, 15, 10, 17, 12, 7.5]);
 * // changes 2, 3, 1, 3, 1, −0.5: tied |change|s, so r.method = 'normal'; r.v = 20, r.p ≈ 0.057780
 * // (R: wilcox.test(post, pre, paired = TRUE)$p.value = 0.05777957)
 */
import wilcoxon from '@stdlib/stats-wilcoxon';
import normal from '@stdlib/stats-base-dists-normal';
import { completePairs, type Scores } from './pairedTTest.ts';
import { DegenerateData } from './degenerateData.ts';

export interface WilcoxonSignedRank {
  /** People with both scores. */
  n: number;
  /** Non-zero differences, the n of the test. */
  n_nonzero: number;
  /** People whose scores did not change (dropped from the test, as R does). */
  zeros: number;
  /** Whether some |differences| are tied. */
  ties: boolean;
  /** R's V: sum of the ranks of the positive differences post − pre. */
  v: number;
  /** Two-sided p-value. */
  p: number;
  /** 'exact' (signed rank distribution) or 'normal' (approximation with tie and continuity corrections). */
  method: 'exact' | 'normal';
}

/** Wilcoxon signed rank test of post − pre with R's default rules; see the file comment. */
export function wilcoxonSignedRank(pre: Scores, post: Scores): WilcoxonSignedRank {
  const pairs = completePairs(pre, post);
  const n = pairs.pre.length;
  if (n < 2) {
    throw new DegenerateData(`fewer than 2 people with both pre and post scores (${n})`);
  }
  // The non-zero differences post − pre, and their sizes.
  const differences: number[] = [];
  for (let i = 0; i < n; i++) {
    const d = (pairs.post[i] as number) - (pairs.pre[i] as number);
    if (d !== 0) differences.push(d);
  }
  const absolute = differences.map(Math.abs);
  const nonzero = absolute.length;
  const zeros = n - nonzero;
  if (nonzero === 0) {
    throw new DegenerateData('every change score is zero: the signed rank test has nothing to rank');
  }
  const tieSizes = tieGroupSizes(absolute);
  const ties = tieSizes.some((t) => t > 1);

  const options = { alternative: 'two-sided', zeroMethod: 'wilcox', correction: true, exact: false, mu: 0 } as const;
  const v = signedRankSum(differences, absolute);
  const centre = (nonzero * (nonzero + 1)) / 4;

  if (nonzero < 50 && !ties && zeros === 0) {
    // Exact: ask for the lower tail of whichever side V is on (stdlib sums the lower tail).
    const lowerTail = v > centre ? wilcoxon(pairs.pre, pairs.post, options).pValue : wilcoxon(pairs.post, pairs.pre, options).pValue;
    return { n, n_nonzero: nonzero, zeros, ties, v, p: Math.min(1, lowerTail), method: 'exact' };
  }

  let tieSum = 0;
  for (const t of tieSizes) tieSum += t * t * t - t;
  const sigma = Math.sqrt((nonzero * (nonzero + 1) * (2 * nonzero + 1)) / 24 - tieSum / 48);
  const shift = v - centre;
  const z = (shift - 0.5 * Math.sign(shift)) / sigma;
  const p = 2 * normal.cdf(-Math.abs(z), 0, 1);
  return { n, n_nonzero: nonzero, zeros, ties, v, p: Math.min(1, p), method: 'normal' };
}

/**
 * V: the sum of the mid-ranks of |post − pre| among the non-zero differences, over the
 * positive ones; what `@stdlib/stats-wilcoxon` returns as its statistic (the test checks that
 * they agree). Worked out here because stdlib's `ranks` takes its ranks off the front of an
 * array one at a time (`shift()`), which is quadratic at national scale: 16.6 of the attitude
 * analyses' 117 s at 300,000 people. Mid-ranks are halves of whole numbers, so the sum is
 * exact in any order.
 */
function signedRankSum(differences: readonly number[], absolute: readonly number[]): number {
  const order = absolute.map((_, i) => i).sort((a, b) => absolute[a]! - absolute[b]!);
  let v = 0;
  for (let start = 0; start < order.length; ) {
    const size = absolute[order[start]!]!;
    let end = start + 1;
    while (end < order.length && absolute[order[end]!]! === size) end++;
    const midRank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) if (differences[order[k]!]! > 0) v += midRank;
    start = end;
  }
  return v;
}

/** Sizes of the groups of exactly equal values (R's `table(rank(x))`). */
function tieGroupSizes(values: readonly number[]): number[] {
  const counts = new Map<number, number>();
  for (const x of values) counts.set(x, (counts.get(x) ?? 0) + 1);
  return [...counts.values()];
}
