/**
 * Upper-tail probabilities computed directly, so that a small p-value keeps its relative
 * precision (1 − cdf would not): the regularized incomplete gamma functions P(a, x) and
 * Q(a, x) = 1 − P(a, x) from stdlib (`@stdlib/math-base-special-gammainc`, after Boost's
 * implementation), and the chi-square upper tail Q(df/2, x/2).
 *
 * R's `pchisq(x, df, lower.tail = FALSE)` equals Q(df / 2, x / 2), and
 * `ppois(k, m, lower.tail = FALSE)` equals P(k + 1, m).
 *
 * @example
 * chiSquareUpperTail(3.841458820694124, 1); // 0.05 (R: pchisq(3.841459, 1, lower.tail = FALSE))
 * regularizedGammaQ(2, 1);                  // 0.7357588823428847 = 2/e
 */
import gammainc from '@stdlib/math-base-special-gammainc';

/** P(a, x): the regularized lower incomplete gamma function. */
export function regularizedGammaP(a: number, x: number): number {
  return x <= 0 ? 0 : gammainc(x, a, true, false);
}

/** Q(a, x) = 1 − P(a, x), computed without cancellation. */
export function regularizedGammaQ(a: number, x: number): number {
  return x <= 0 ? 1 : gammainc(x, a, true, true);
}

/** P(X > x) for X ~ chi-square with `df` degrees of freedom (R: `pchisq(x, df, lower.tail = FALSE)`). */
export function chiSquareUpperTail(x: number, df: number): number {
  return regularizedGammaQ(df / 2, x / 2);
}
