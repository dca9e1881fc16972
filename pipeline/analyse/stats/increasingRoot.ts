/**
 * The root of an increasing function by bisection to full double precision — what the power
 * calculations use where R's `power.prop.test` / `power.t.test` call
 * `uniroot(f, interval, extendInt = "upX")` (Brent 1973). R stops at its default
 * `tol = .Machine$double.eps^0.25` (≈ 1.2e-4 absolute); this bisects until the bracket is two
 * adjacent doubles (or f is exactly 0), so it equals R's answer with `tol = 1e-12`, which is
 * how the references in test/reference/power.R are made. As `extendInt = "upX"`, the upper
 * end is doubled (its distance from the lower end) until f changes sign; a sign that never
 * changes below `limit` throws RangeError.
 *
 * @example
 * increasingRoot((x) => x * x - 2, 0, 1); // √2 to within one ulp (the upper end is extended to 2)
 */

/** x in [lower, …) with f(x) = 0 for f increasing; f(lower) must be ≤ 0. */
export function increasingRoot(f: (x: number) => number, lower: number, upper: number, limit = 1e15): number {
  let lo = lower;
  let hi = upper;
  let flo = f(lo);
  if (Number.isNaN(flo) || flo > 0) throw new RangeError(`the function is already above its target at the lower end (${lower})`);
  if (flo === 0) return lo;
  let fhi = f(hi);
  while (!(fhi >= 0)) {
    if (Number.isNaN(fhi)) throw new RangeError(`the function is undefined at ${hi}`);
    if (hi > limit) throw new RangeError(`the function does not reach its target below ${limit}`);
    lo = hi;
    flo = fhi;
    hi = lower + 2 * (hi - lower);
    fhi = f(hi);
  }
  if (fhi === 0) return hi;
  for (;;) {
    const mid = lo + (hi - lo) / 2;
    if (mid <= lo || mid >= hi) return Math.abs(flo) <= Math.abs(fhi) ? lo : hi;
    const fm = f(mid);
    if (Number.isNaN(fm)) throw new RangeError(`the function is undefined at ${mid}`);
    if (fm === 0) return mid;
    if (fm < 0) {
      lo = mid;
      flo = fm;
    } else {
      hi = mid;
      fhi = fm;
    }
  }
}
