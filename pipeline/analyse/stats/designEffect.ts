/**
 * The design effect of cluster sampling (Kish L. 1965, Survey Sampling, Wiley, §5.4): the
 * factor by which clustering inflates the variance of a mean or proportion compared with a
 * simple random sample of the same size,
 *
 *   deff = 1 + (m − 1) · ICC
 *
 * with m the mean cluster size and ICC the intra-class correlation (intraclassCorrelation.ts).
 * The effective sample size is N / deff. R has no base function; test/reference/intraclass.R
 * writes it out.
 *
 * @example
 * designEffect(10, 0.05);  // 1.45
 * designEffect(1, 0.3);    // 1 (no clustering with clusters of one)
 */

/** 1 + (meanClusterSize − 1) · icc (Kish 1965). */
export function designEffect(meanClusterSize: number, icc: number): number {
  if (!(meanClusterSize >= 1 && Number.isFinite(meanClusterSize))) throw new RangeError(`the mean cluster size must be at least 1 (got ${meanClusterSize})`);
  if (!(icc >= -1 && icc <= 1)) throw new RangeError(`the intra-class correlation must lie in [−1, 1] (got ${icc})`);
  return 1 + (meanClusterSize - 1) * icc;
}
