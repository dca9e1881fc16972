/**
 * Shewhart p-chart control limits for a proportion (Montgomery 2013, Introduction to
 * Statistical Quality Control, 7th ed., §7.2): for a centre line p̄ and a subgroup of n,
 *
 *   limits = p̄ ± 3 √(p̄ (1 − p̄) / n),   clipped to [0, 1].
 *
 * Used to show whether a quarter's reoffending rate is out of line with its programme's
 * overall rate, allowing for how many people the quarter has.
 *
 * @example
 * pChartLimits(0.2, 100); // { centre: 0.2, lcl: 0.08, ucl: 0.32 }
 */
import { DegenerateData } from './degenerateData.ts';

export interface PChartLimits {
  centre: number;
  lcl: number;
  ucl: number;
}

export const CONTROL_SIGMAS = 3;

export function pChartLimits(centre: number, n: number): PChartLimits {
  if (!(n > 0)) throw new DegenerateData('a control limit needs at least one person in the quarter');
  if (!(centre >= 0 && centre <= 1)) throw new RangeError('the centre line must be a proportion');
  const half = CONTROL_SIGMAS * Math.sqrt((centre * (1 - centre)) / n);
  return { centre, lcl: Math.max(0, centre - half), ucl: Math.min(1, centre + half) };
}
