/**
 * A risk difference with group-clustered uncertainty: the linear probability model
 * y ~ indicator (y 0/1, the indicator 1 for the treatment level) by least squares, whose
 * slope is the difference of the two levels' proportions, with CR2 cluster-robust errors and
 * Satterthwaite degrees of freedom (Bell & McCaffrey 2002; Pustejovsky & Tipton 2018;
 * clusterRobustCr2.ts). As R's
 * `clubSandwich::coef_test(lm(y ~ treat), vcov = "CR2", cluster = group, test = "Satterthwaite")`
 * and `conf_int(...)`, which test/reference/risk_difference_cr2.R runs. Where programmes and
 * bands are assigned per group, people in a group share more than chance, and this interval
 * (unlike Newcombe's, which treats people as independent) says so.
 *
 * @example
 * riskDifferenceCr2([1, 0, 0, 1, 1, 0, 0, 0], [1, 1, 1, 1, 0, 0, 0, 0], ['a', 'a', 'b', 'b', 'c', 'c', 'd', null]);
 * // { estimate: 0.25, se, df, ci_low, ci_high, clusters: 5 }
 */
import { clusterRobustCr2, type ClusterId } from './clusterRobustCr2.ts';
import { DegenerateData } from './degenerateData.ts';
import { ordinaryLeastSquares } from './ordinaryLeastSquares.ts';

export interface RiskDifferenceCr2 {
  estimate: number;
  se: number;
  df: number;
  ci_low: number;
  ci_high: number;
  clusters: number;
}

export function riskDifferenceCr2(y: ArrayLike<number>, treated: ArrayLike<number>, cluster: ArrayLike<ClusterId>): RiskDifferenceCr2 {
  const n = y.length;
  if (treated.length !== n || cluster.length !== n) throw new RangeError('y, treated and cluster need one entry per person');
  let ones = 0;
  for (let i = 0; i < n; i++) {
    if (y[i] !== 0 && y[i] !== 1) throw new RangeError(`the outcome must be 0 or 1 (got ${y[i]})`);
    if (treated[i] !== 0 && treated[i] !== 1) throw new RangeError(`the indicator must be 0 or 1 (got ${treated[i]})`);
    ones += treated[i]!;
  }
  if (ones === 0 || ones === n) throw new DegenerateData('a risk difference needs people at both levels');
  const fit = ordinaryLeastSquares(Array.from({ length: n }, (_, i) => [1, treated[i]!]), y);
  const r = clusterRobustCr2(fit, cluster, 1);
  return { estimate: r.estimate, se: r.se, df: r.df, ci_low: r.ci_low, ci_high: r.ci_high, clusters: r.clusters };
}
