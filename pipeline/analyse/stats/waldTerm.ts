/**
 * Wald inference for the coefficients of a log-linear model (Cox, logistic): for each
 * coefficient β with standard error s — the cluster-robust one when there is one, else the
 * model-based one — z = β / s, two-sided p = 2Φ(−|z|), and the ratio exp(β) with the
 * interval exp(β ± z_{1−α/2} s). This is what R's `summary(coxph)` and
 * `lmtest::coeftest(glm, vcov = vcovCL)` with `coefci` report (Wald 1943).
 *
 * @example
 * import { Matrix } from 'ml-matrix';
 * waldTerms(['x'], [Math.log(2)], new Matrix([[0.04]]), null)[0];
 * // { term: 'x', coefficient: 0.693…, ratio: 2, se: 0.2, robustSe: null, z: 3.47…, p: 0.00053…, lower: 1.351…, upper: 2.960… }
 */
import normal from '@stdlib/stats-base-dists-normal';
import type { Matrix } from 'ml-matrix';
import { DegenerateData } from './degenerateData.ts';

export interface WaldTerm {
  term: string;
  coefficient: number;
  /** exp(coefficient): a hazard ratio or an odds ratio. */
  ratio: number;
  /** model-based standard error */
  se: number;
  /** cluster-robust standard error; null without clusters */
  robustSe: number | null;
  /** coefficient / the SE used (robust when clustered) */
  z: number;
  /** two-sided Wald p-value from the normal distribution */
  p: number;
  /** confLevel interval of the ratio */
  lower: number;
  upper: number;
}

export function waldTerms(names: readonly string[], coefficients: ArrayLike<number>, naive: Matrix, robust: Matrix | null, confLevel = 0.95): WaldTerm[] {
  const zq = normal.quantile((1 + confLevel) / 2, 0, 1);
  return names.map((term, j) => {
    const coefficient = coefficients[j]!;
    const se = Math.sqrt(naive.get(j, j));
    const robustSe = robust ? Math.sqrt(robust.get(j, j)) : null;
    const used = robustSe ?? se;
    if (!(used > 0)) throw new DegenerateData(`the standard error of ${term} is zero`);
    const z = coefficient / used;
    return {
      term,
      coefficient,
      ratio: Math.exp(coefficient),
      se,
      robustSe,
      z,
      p: 2 * normal.cdf(-Math.abs(z), 0, 1),
      lower: Math.exp(coefficient - zq * used),
      upper: Math.exp(coefficient + zq * used),
    };
  });
}
