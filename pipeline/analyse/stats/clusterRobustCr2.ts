/**
 * CR2 cluster-robust ("bias-reduced linearisation") variance for an OLS or WLS fit, with
 * Satterthwaite degrees of freedom for one coefficient (Bell R.M. & McCaffrey D.F. 2002,
 * "Bias reduction in standard errors for linear regression with multi-stage samples",
 * Survey Methodology 28:169–181; Pustejovsky J.E. & Tipton E. 2018, "Small-sample methods
 * for cluster-robust variance estimation and hypothesis testing in fixed effects models",
 * J. Bus. Econ. Stat. 36:672–683). It reproduces R's clubSandwich 0.5.8
 * `coef_test(fit, vcov = "CR2", cluster = cluster, test = "Satterthwaite")` and
 * `conf_int(...)` for an unweighted `lm` with the default working model (target = NULL,
 * so Θ = I; clubSandwich's `vcovCR.lm` then sets inverse_var = TRUE, the branch followed here):
 *
 *     M      = (XᵀX)⁻¹
 *     A_j    = (I − X_j M X_jᵀ)^(−1/2)       symmetric inverse square root; eigenvalues ≤ 1e−12
 *                                            are treated as 0 (clubSandwich's `matrix_power`)
 *     V_CR2  = M [Σ_j X_jᵀ A_j e_j e_jᵀ A_j X_j] M
 *
 * and for coefficient i, with g_j = row i of M X_jᵀ A_j and h_j = (g_j X_j) L, L Lᵀ = M
 * (Cholesky), the matrix P (clusters × clusters) has P_jj = g_j·g_j − h_j·h_j and
 * P_jk = −h_j·h_k (clubSandwich's `get_GH` / `get_P_array`), and
 *
 *     df = (tr P)² / Σ_jk P_jk²           (clubSandwich's `Satterthwaite`)
 *     t  = β̂_i / SE,  p = 2·P(T_df > |t|),  CI = β̂_i ± t_{0.975, df} · SE   (`conf_int`)
 *
 * Weighted least squares (`fit.weights`, R's `lm(..., weights = w)`): clubSandwich's
 * `vcovCR.lm` then sets inverse_var = FALSE, with working weights W = diag(w) and target
 * Θ = I (clubSandwich scales W by 1/mean(w); every result below is invariant to that scale).
 * With M = (XᵀWX)⁻¹ and H_jj = X_j M X_jᵀ W_j (the block of H = X M XᵀW), `CR2` and `get_GH`
 * become
 *
 *     Ω      = M (Σ_k X_kᵀ W_k² X_k) M
 *     G_j    = I − H_jj − H_jjᵀ + X_j Ω X_jᵀ        = [(I − H)(I − H)ᵀ]_jj
 *     A_j    = G_j^(−1/2)                          (same eigenvalue rule)
 *     V_CR2  = M [Σ_j X_jᵀ W_j A_j e_j e_jᵀ A_j W_j X_j] M      (e = y − Xβ̂, unweighted)
 *
 * and, with g_j = row i of M X_jᵀ W_j A_j, L Lᵀ = M, L_Ω L_Ωᵀ = Ω and the row vectors
 * h1_j = g_j X_j L, h2_j = g_j W_j X_j L, h3_j = g_j X_j L_Ω,
 *
 *     P_jk = δ_jk g_j·g_j + h3_j·h3_k − h1_j·h2_k − h2_j·h1_k
 *
 * and the same df, t, p and CI. This reproduces `coef_test(lm(y ~ ..., weights = w),
 * vcov = "CR2", cluster = g, test = "Satterthwaite")` and `conf_int(...)`. With equal
 * weights W = cI it gives the unweighted results: G_j = I − H_jj, g_j and V_CR2 are unchanged,
 * and h3_j = h_j, h1_j = h_j / √c, h2_j = √c h_j, so again P_jk = δ_jk g_j·g_j − h_j·h_k.
 *
 * Both cases are P_jk = δ_jk g_j·g_j + a_j·b_k, unweighted with a_j = h_j, b_j = −h_j,
 * weighted with a_j = (h3_j, −h1_j, −h2_j), b_j = (h3_j, h2_j, h1_j); Σ_jk P_jk² is summed as
 * Σ_j P_jj² − Σ_j (a_j·b_j)² + ⟨Σ_j a_jᵀa_j, Σ_j b_jᵀb_j⟩_F (= ‖ABᵀ‖²_F), which is the same
 * sum without forming the clusters × clusters matrix.
 *
 * Clusters: equal values of `cluster` are one cluster; a null/undefined cluster (a person
 * without a group) is a cluster of its own. In R, give such people unique cluster labels.
 * Fewer than two clusters, a zero standard error or undefined df throw {@link DegenerateData}.
 *
 * @example
 * const fit = ordinaryLeastSquares(
 *   [[1, 0], [1, 0], [1, 1], [1, 1], [1, 0], [1, 1], [1, 1]], [3, 4, 6, 8, 5, 7, 9]);
 * const r = clusterRobustCr2(fit, ['a', 'a', 'b', 'b', 'c', null, 'd'], 1);
 * // r.estimate = 3.5, r.se ≈ 0.91287, r.df ≈ 2.33333, r.p ≈ 0.048121, CI ≈ [0.0638, 6.9362]
 * // (clubSandwich gives the same, with the person without a group labelled "p6")
 */
import { CholeskyDecomposition, EigenvalueDecomposition, Matrix } from 'ml-matrix';
import tDistribution from '@stdlib/stats-base-dists-t';
import { DegenerateData } from './degenerateData.ts';
import { hatMatrixBlock, xtxInverseCholesky, type OrdinaryLeastSquares } from './ordinaryLeastSquares.ts';

export type ClusterId = string | number | null | undefined;

export interface ClusterRobustCr2 {
  /** Index of the coefficient tested (column of the design). */
  coefficient: number;
  estimate: number;
  se: number;
  /** Satterthwaite degrees of freedom (Bell & McCaffrey 2002; Pustejovsky & Tipton 2018). */
  df: number;
  t: number;
  /** Two-sided p-value from t on df degrees of freedom. */
  p: number;
  /** 95% CI: estimate ± t_{0.975, df} · se. */
  ci_low: number;
  ci_high: number;
  /** Number of clusters, singletons included. */
  clusters: number;
  /** The full CR2 variance–covariance matrix of the coefficients (p × p, row-major). */
  vcov: number[][];
}

/** clubSandwich's tolerance below which an eigenvalue counts as zero in A_j (`matrix_power(tol = -12)`). */
const EIGENVALUE_TOLERANCE = 1e-12;

/** Row indices of each cluster, in order of first appearance; null clusters are singletons. */
export function clusterRows(cluster: ArrayLike<ClusterId>): number[][] {
  const byKey = new Map<string, number[]>();
  const groups: number[][] = [];
  for (let i = 0; i < cluster.length; i++) {
    const id = cluster[i];
    if (id === null || id === undefined || (typeof id === 'number' && Number.isNaN(id))) {
      groups.push([i]);
      continue;
    }
    const key = `${typeof id}:${String(id)}`;
    let rows = byKey.get(key);
    if (!rows) {
      rows = [];
      byKey.set(key, rows);
      groups.push(rows);
    }
    rows.push(i);
  }
  return groups;
}

/** Symmetric inverse square root with clubSandwich's treatment of (near-)zero eigenvalues. */
function inverseSquareRoot(G: Matrix): Matrix {
  if (G.rows === 1) {
    const g = G.get(0, 0);
    return new Matrix([[g > EIGENVALUE_TOLERANCE ? 1 / Math.sqrt(g) : 0]]);
  }
  const evd = new EigenvalueDecomposition(G, { assumeSymmetric: true });
  const vectors = evd.eigenvectorMatrix;
  const scaled = vectors.clone();
  evd.realEigenvalues.forEach((value, k) => {
    const factor = value > EIGENVALUE_TOLERANCE ? 1 / Math.sqrt(value) : 0;
    scaled.mulColumn(k, factor);
  });
  return scaled.mmul(vectors.transpose());
}

/** CR2 variance and Satterthwaite test of one coefficient of an OLS or WLS fit; see the file comment. */
export function clusterRobustCr2(fit: OrdinaryLeastSquares, cluster: ArrayLike<ClusterId>, coefficient: number): ClusterRobustCr2 {
  if (cluster.length !== fit.n) {
    throw new RangeError(`cluster has ${cluster.length} values for ${fit.n} observations`);
  }
  if (!(Number.isInteger(coefficient) && coefficient >= 0 && coefficient < fit.p)) {
    throw new RangeError(`coefficient ${coefficient} is not a column of the design (0..${fit.p - 1})`);
  }
  const groups = clusterRows(cluster);
  const J = groups.length;
  if (J < 2) {
    throw new DegenerateData('only one cluster: cluster-robust errors need at least two');
  }
  const p = fit.p;
  const M = fit.xtxInverse;
  const L = xtxInverseCholesky(fit);
  const allColumns = Array.from({ length: p }, (_, k) => k);
  const w = fit.weights;
  // Weighted: Ω = M (Σ_j X_jᵀ W_j² X_j) M and its Cholesky factor L_Ω.
  let Omega: Matrix | null = null;
  let LOmega: Matrix | null = null;
  if (w) {
    const WX = fit.design.clone();
    w.forEach((value, i) => WX.mulRow(i, value));
    Omega = M.mmul(WX.transpose().mmul(WX)).mmul(M);
    Omega = Omega.add(Omega.transpose()).div(2);
    LOmega = new CholeskyDecomposition(Omega).lowerTriangularMatrix;
  }

  const meat = Matrix.zeros(p, p);
  // Per cluster, for the Satterthwaite df of `coefficient`: g_j·g_j and the row vectors a_j,
  // b_j with P_jk = δ_jk g_j·g_j + a_j·b_k.
  const gg: number[] = [];
  const a: Matrix[] = [];
  const b: Matrix[] = [];
  for (const rows of groups) {
    const Xj = fit.design.selection(rows, allColumns);
    const Hjj = hatMatrixBlock(fit, rows); // X_j M X_jᵀ (W_j)
    const Gj = Matrix.eye(rows.length).sub(Hjj);
    if (Omega) Gj.sub(Hjj.transpose()).add(Xj.mmul(Omega).mmul(Xj.transpose()));
    const Aj = inverseSquareRoot(Gj);
    const XjW = Xj.transpose(); // p × n_j: X_jᵀ (W_j)
    if (w) rows.forEach((r, k) => XjW.mulColumn(k, w[r] as number));
    const Ej = XjW.mmul(Aj); // p × n_j
    const ej = Matrix.columnVector(rows.map((r) => fit.residuals[r] as number));
    const uj = Ej.mmul(ej); // p × 1
    meat.add(uj.mmul(uj.transpose()));

    const gj = M.getRowVector(coefficient).mmul(Ej); // 1 × n_j
    gg.push(gj.mmul(gj.transpose()).get(0, 0));
    const h1 = gj.mmul(Xj).mmul(L); // 1 × p
    if (LOmega) {
      const h2 = gj.mmul(XjW.transpose()).mmul(L);
      const h3 = gj.mmul(Xj).mmul(LOmega);
      a.push(joinRows(h3, h1.clone().neg(), h2.clone().neg()));
      b.push(joinRows(h3, h2, h1));
    } else {
      a.push(h1);
      b.push(h1.clone().neg());
    }
  }
  const vcov = M.mmul(meat).mmul(M);
  const variance = vcov.get(coefficient, coefficient);
  const se = Math.sqrt(variance);
  if (!(se > 0) || !Number.isFinite(se)) {
    throw new DegenerateData('the cluster-robust standard error is zero: the residuals leave nothing to estimate it from');
  }

  let trace = 0;
  let sumSquares = 0;
  const AtA = Matrix.zeros(a[0]!.columns, a[0]!.columns);
  const BtB = AtA.clone();
  for (let j = 0; j < J; j++) {
    const aj = a[j] as Matrix;
    const bj = b[j] as Matrix;
    const ab = aj.mmul(bj.transpose()).get(0, 0);
    const diagonal = (gg[j] as number) + ab;
    trace += diagonal;
    sumSquares += diagonal * diagonal - ab * ab;
    AtA.add(aj.transpose().mmul(aj));
    BtB.add(bj.transpose().mmul(bj));
  }
  // Σ_jk (a_j·b_k)² = ‖A Bᵀ‖²_F = ⟨AᵀA, BᵀB⟩_F.
  const bb = BtB.to1DArray();
  sumSquares += AtA.to1DArray().reduce((sum, value, k) => sum + value * (bb[k] as number), 0);
  const df = (trace * trace) / sumSquares;
  if (!(df > 0) || !Number.isFinite(df)) {
    throw new DegenerateData('the Satterthwaite degrees of freedom are undefined for this design and clustering');
  }

  const estimate = fit.coefficients[coefficient] as number;
  const t = estimate / se;
  const pValue = 2 * tDistribution.cdf(-Math.abs(t), df);
  const critical = tDistribution.quantile(0.975, df);
  return {
    coefficient,
    estimate,
    se,
    df,
    t,
    p: pValue,
    ci_low: estimate - critical * se,
    ci_high: estimate + critical * se,
    clusters: J,
    vcov: vcov.to2DArray(),
  };
}

/** The row vectors side by side (1 × Σ columns). */
function joinRows(...parts: Matrix[]): Matrix {
  return new Matrix([parts.flatMap((part) => part.getRow(0))]);
}
