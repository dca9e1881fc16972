/**
 * R's default sample quantile, `quantile(x, prob, type = 7)` (Hyndman & Fan 1996, "Sample
 * quantiles in statistical packages", Am. Stat. 50:361, definition 7), of an increasing array,
 * with R's own arithmetic: index = 1 + (n − 1)·prob, lo = ⌊index⌋, h = index − lo,
 * Q = (1 − h)·x_lo + h·x_(lo+1) (1-based). simple-statistics' `quantileSorted` is type 7 too but
 * computes x_lo + h·(x_hi − x_lo), which can differ from R in the last bit.
 *
 * @example
 * quantileType7([1, 2, 3, 4], 0.5);  // 2.5, as quantile(1:4, 0.5)
 * quantileType7([1, 2, 3, 4], 0.01); // 1.03
 */
export function quantileType7(sorted: ArrayLike<number>, prob: number): number {
  const index = 1 + (sorted.length - 1) * prob; // 1-based, as R
  const lo = Math.floor(index);
  const low = sorted[lo - 1] as number;
  const high = sorted[Math.ceil(index) - 1] as number;
  if (!(index > lo) || high === low) return low;
  const h = index - lo;
  return (1 - h) * low + h * high;
}
