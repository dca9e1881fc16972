/**
 * Holm's step-down adjustment of p-values for multiple comparisons (Holm S. 1979, "A simple
 * sequentially rejective multiple test procedure", Scand. J. Statist. 6:65–70), exactly as
 * R's `p.adjust(p, method = "holm")`: with the m non-missing p-values sorted ascending,
 * p̃_(i) = min(1, max_{k ≤ i} (m − k + 1) · p_(k)), returned in the input order.
 * Missing p-values (null, undefined, NaN) stay missing (null) and do not count towards m,
 * as R's default `n = length(na.omit(p))`.
 *
 * @example
 * holmAdjust([0.01, 0.04, 0.03, 0.005]); // [0.03, 0.06, 0.06, 0.02]
 * holmAdjust([0.02, null, 0.5]);         // [0.04, null, 0.5]
 */

/** Holm-adjusted p-values in input order; see the file comment. */
export function holmAdjust(p: ArrayLike<number | null | undefined>): (number | null)[] {
  const indexed: { index: number; value: number }[] = [];
  for (let i = 0; i < p.length; i++) {
    const value = p[i];
    if (typeof value === 'number' && !Number.isNaN(value)) {
      if (value < 0 || value > 1) throw new RangeError(`p-value ${i} is ${value}: p-values lie in [0, 1]`);
      indexed.push({ index: i, value });
    }
  }
  const m = indexed.length;
  // Stable sort, as R's order(): ties keep their input order.
  indexed.sort((a, b) => a.value - b.value);
  const adjusted: (number | null)[] = Array.from({ length: p.length }, () => null);
  let runningMax = 0;
  indexed.forEach(({ index, value }, k) => {
    runningMax = Math.max(runningMax, (m - k) * value);
    adjusted[index] = Math.min(1, runningMax);
  });
  return adjusted;
}
