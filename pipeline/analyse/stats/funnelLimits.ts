/**
 * Funnel plot control limits for an observed/expected ratio (Spiegelhalter 2005, "Funnel
 * plots for comparing institutional performance", Statistics in Medicine 24:1185–1202,
 * §3 and appendix A.1.2). Under the target ratio 1, the observed count O of a unit with
 * expected count E is Poisson(E); the limit for tail probability p is the interpolated
 * Poisson quantile
 *
 *   y_p = the smallest y with P(O <= y) >= p,
 *   α = (P(O <= y_p) − p) / P(O = y_p),
 *   limit = (y_p − α) / E,
 *
 * so the funnel is smooth rather than stepped. 95% limits use p = 0.025 and 0.975; 99.8%
 * limits p = 0.001 and 0.999.
 *
 * @example
 * funnelLimits(20); // { expected: 20, lower_95: 0.6…, upper_95: 1.5…, lower_998: 0.4…, upper_998: 1.8… }
 */
import poisson from '@stdlib/stats-base-dists-poisson';
import { DegenerateData } from './degenerateData.ts';

export interface FunnelPoint {
  expected: number;
  lower_95: number;
  upper_95: number;
  lower_998: number;
  upper_998: number;
}

/** The interpolated limit of O/E at tail probability p, for expected count E. */
export function funnelLimit(p: number, expected: number): number {
  const y = poisson.quantile(p, expected);
  const alpha = (poisson.cdf(y, expected) - p) / poisson.pmf(y, expected);
  return Math.max(0, (y - alpha) / expected);
}

export function funnelLimits(expected: number): FunnelPoint {
  if (!(expected > 0) || !Number.isFinite(expected)) throw new DegenerateData('a funnel limit needs an expected count above zero');
  return {
    expected,
    lower_95: funnelLimit(0.025, expected),
    upper_95: funnelLimit(0.975, expected),
    lower_998: funnelLimit(0.001, expected),
    upper_998: funnelLimit(0.999, expected),
  };
}

/** Limits at `points` expected counts spaced evenly on a log scale from `from` to `to`. */
export function funnelCurve(from: number, to: number, points = 60): FunnelPoint[] {
  if (!(from > 0) || !(to > from)) throw new DegenerateData('a funnel needs a range of expected counts above zero');
  return Array.from({ length: points }, (_, i) => funnelLimits(from * (to / from) ** (i / (points - 1))));
}
