/**
 * The robust score test of a Cox model at β = 0 (Lin & Wei 1989, "The robust inference for
 * the Cox proportional hazards model", JASA 84:1074): with one indicator, a log-rank test that
 * allows people in one cluster (a programme group) to share more than chance. The score
 * residuals at β = 0 (Efron ties) are summed within cluster, giving T (clusters × p) and the
 * score U = Σ T; the statistic is U' (T'T)⁻¹ U on p degrees of freedom. It reproduces the
 * "Robust" line of R's `summary(coxph(Surv(time, event) ~ x, cluster = group))`
 * (`$robscore`; survival's coxph: `temp0 <- residuals(fit2, type = "score", collapse =
 * cluster)` at the initial linear predictor, `coxph.wtest(t(temp0) %*% temp0, u)`), which
 * test/reference/robust_logrank.R runs.
 *
 * @example
 * coxRobustScoreTest({ time: [5, 8, 3, 9, 4, 7, 2, 6], event: [1, 0, 1, 1, 1, 0, 1, 1],
 *   covariates: { treat: [1, 1, 1, 1, 0, 0, 0, 0] }, cluster: ['a', 'a', 'b', 'b', 'c', 'c', 'd', 'd'] });
 * // { chisq, df: 1, p, clusters: 4 }
 */
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { efronScoreResiduals, prepareCoxData, type CoxData } from './coxProportionalHazards.ts';
import { DegenerateData } from './degenerateData.ts';
import { chiSquareUpperTail } from './regularizedGamma.ts';

export interface RobustScoreTest {
  chisq: number;
  df: number;
  p: number;
  clusters: number;
}

export function coxRobustScoreTest(data: CoxData & { cluster: ArrayLike<string | number> }): RobustScoreTest {
  const prep = prepareCoxData(data);
  const { n, p, order } = prep;
  if (data.cluster.length !== n) throw new RangeError('cluster must have one entry per person');
  const resid = efronScoreResiduals(prep, new Float64Array(n).fill(1));
  const ids = new Map<string | number, number>();
  const rows: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const c = data.cluster[order[i]!]!;
    let g = ids.get(c);
    if (g === undefined) {
      g = ids.size;
      ids.set(c, g);
      rows.push(new Float64Array(p));
    }
    for (let j = 0; j < p; j++) rows[g]![j]! += resid[i * p + j]!;
  }
  if (ids.size < 2) throw new DegenerateData('everyone is in a single cluster, so a robust score test cannot be made');
  const T = new Matrix(rows.map((r) => Array.from(r)));
  const u = Matrix.columnVector(Array.from({ length: p }, (_, j) => rows.reduce((s, r) => s + r[j]!, 0)));
  const chol = new CholeskyDecomposition(T.transpose().mmul(T));
  if (!chol.isPositiveDefinite()) throw new DegenerateData('the robust score variance is singular');
  const chisq = u.transpose().mmul(chol.solve(u)).get(0, 0);
  return { chisq, df: p, p: chiSquareUpperTail(chisq, p), clusters: ids.size };
}
