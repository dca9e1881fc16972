/**
 * Wilson score interval for a single proportion (Wilson 1927, "Probable inference, the law
 * of succession, and statistical inference", JASA 22:209–212), without continuity
 * correction. Reproduces R's `prop.test(x, n, correct = FALSE)$conf.int` exactly, including
 * its convention that the lower limit is exactly 0 when x = 0 and the upper exactly 1 when
 * x = n.
 *
 * @example
 * const ci = wilsonInterval(12, 40);
 * // { proportion: 0.3, lower: 0.18074…, upper: 0.45430…, x: 12, n: 40, confLevel: 0.95 }
 */
import normal from '@stdlib/stats-base-dists-normal';
import { DegenerateData } from './degenerateData.ts';

export interface WilsonInterval {
  x: number;
  n: number;
  /** x / n */
  proportion: number;
  lower: number;
  upper: number;
  confLevel: number;
}

export function wilsonInterval(x: number, n: number, confLevel = 0.95): WilsonInterval {
  if (!Number.isInteger(n) || n <= 0) throw new DegenerateData(`a proportion needs at least one person (n = ${n})`);
  if (!Number.isInteger(x) || x < 0 || x > n) throw new DegenerateData(`the count ${x} is not between 0 and ${n}`);
  if (!(confLevel > 0 && confLevel < 1)) throw new RangeError('confLevel must lie strictly between 0 and 1');
  const z = normal.quantile((1 + confLevel) / 2, 0, 1);
  const p = x / n;
  const z22n = (z * z) / (2 * n);
  const half = z * Math.sqrt((p * (1 - p)) / n + z22n / (2 * n));
  const upper = p >= 1 ? 1 : (p + z22n + half) / (1 + 2 * z22n);
  const lower = p <= 0 ? 0 : (p + z22n - half) / (1 + 2 * z22n);
  return { x, n, proportion: p, lower, upper, confLevel };
}
