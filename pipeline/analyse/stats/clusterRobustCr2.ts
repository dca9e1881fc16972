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
import { CholeskyDecomposition, EigenvalueDecomposition, Matrix, WrapperMatrix1D } from 'ml-matrix';
import tDistribution from '@stdlib/stats-base-dists-t';
import { DegenerateData } from './degenerateData.ts';
import { xtxInverseCholesky, type OrdinaryLeastSquares } from './ordinaryLeastSquares.ts';

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
  // A string and a number that print alike are different clusters, so each type has its own map.
  const byString = new Map<string, number[]>();
  const byNumber = new Map<number, number[]>();
  const groups: number[][] = [];
  for (let i = 0; i < cluster.length; i++) {
    const id = cluster[i];
    if (id === null || id === undefined || (typeof id === 'number' && Number.isNaN(id))) {
      groups.push([i]);
      continue;
    }
    let rows = typeof id === 'number' ? byNumber.get(id) : byString.get(id);
    if (!rows) {
      rows = [];
      if (typeof id === 'number') byNumber.set(id, rows);
      else byString.set(id, rows);
      groups.push(rows);
    }
    rows.push(i);
  }
  return groups;
}

/**
 * Symmetric inverse square root (n × n, row-major) with clubSandwich's treatment of (near-)zero
 * eigenvalues, V diag(f) Vᵀ, written to `out`. The eigen-decomposition is ml-matrix's; the
 * product is summed as its `mmul` sums it.
 */
/** Room for {@link inverseSquareRoot}, sized for the largest cluster (n × n, n × n, n) and reused. */
interface EigenRoom {
  vectors: Float64Array;
  scaled: Float64Array;
  factors: Float64Array;
}

function inverseSquareRoot(G: Float64Array, n: number, out: Float64Array, room: EigenRoom): Float64Array {
  if (n === 1) {
    const g = G[0]!;
    out[0] = g > EIGENVALUE_TOLERANCE ? 1 / Math.sqrt(g) : 0;
    return out;
  }
  // ml-matrix reads G through a view of its first n² entries (the decomposition copies what it needs).
  const evd = new EigenvalueDecomposition(new WrapperMatrix1D(G.subarray(0, n * n), { rows: n }), { assumeSymmetric: true });
  const V = evd.eigenvectorMatrix;
  const { vectors, scaled, factors } = room;
  evd.realEigenvalues.forEach((value, k) => (factors[k] = value > EIGENVALUE_TOLERANCE ? 1 / Math.sqrt(value) : 0));
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const v = V.get(i, k);
      vectors[i * n + k] = v;
      scaled[i * n + k] = v * factors[k]!;
    }
  }
  return productTransposed(scaled, n, n, vectors, n, out);
}

/** A B for row-major A (rows × inner) and B (inner × columns), each entry summed over the inner index in order from 0; into `out` when given. */
function product(A: ArrayLike<number>, rows: number, inner: number, B: ArrayLike<number>, columns: number, out: Float64Array = new Float64Array(rows * columns)): Float64Array {
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < columns; j++) {
      let sum = 0;
      for (let k = 0; k < inner; k++) sum += A[i * inner + k]! * B[k * columns + j]!;
      out[i * columns + j] = sum;
    }
  }
  return out;
}

/** A Bᵀ for row-major A (rows × inner) and B (columns × inner), summed as {@link product} sums; into `out` when given. */
function productTransposed(A: ArrayLike<number>, rows: number, inner: number, B: ArrayLike<number>, columns: number, out: Float64Array = new Float64Array(rows * columns)): Float64Array {
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < columns; j++) {
      let sum = 0;
      for (let k = 0; k < inner; k++) sum += A[i * inner + k]! * B[j * inner + k]!;
      out[i * columns + j] = sum;
    }
  }
  return out;
}

/** X B Xᵀ for X (n × p) and B (p × p), row-major, as (X B) Xᵀ, into `out` (XB: room for X B). */
const xBxT = (X: Float64Array, n: number, p: number, B: ArrayLike<number>, XB: Float64Array, out: Float64Array): Float64Array => productTransposed(product(X, n, p, B, p, XB), n, p, X, n, out);

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
  const w = fit.weights;
  // Weighted: Ω = M (Σ_j X_jᵀ W_j² X_j) M and its Cholesky factor L_Ω.
  let Omega: Matrix | null = null;
  let LOmega: Matrix | null = null;
  if (w) {
    // Σ_j X_jᵀ W_j² X_j = (WX)ᵀ(WX), each entry summed as ml-matrix's mmul sums it, without copying the design.
    const X = fit.design;
    const WXtWX = new Matrix(p, p);
    for (let a = 0; a < p; a++) {
      for (let b = 0; b < p; b++) {
        let sum = 0;
        for (let i = 0; i < fit.n; i++) sum += X.get(i, a) * (w[i] as number) * (X.get(i, b) * (w[i] as number));
        WXtWX.set(a, b, sum);
      }
    }
    Omega = M.mmul(WXtWX).mmul(M);
    Omega = Omega.add(Omega.transpose()).div(2);
    LOmega = new CholeskyDecomposition(Omega).lowerTriangularMatrix;
  }

  // Per cluster, on plain row-major arrays (each product summed in the order ml-matrix's mmul
  // sums it, so the results are the same to the last bit): the meat, and for the Satterthwaite
  // df of `coefficient`, g_j·g_j and the row vectors a_j, b_j with P_jk = δ_jk g_j·g_j + a_j·b_k,
  // summed as the file comment says.
  const Mf = M.to1DArray();
  const Lf = L.to1DArray();
  const OmegaF = Omega?.to1DArray() ?? null;
  const LOmegaF = LOmega?.to1DArray() ?? null;
  const X = fit.design;
  const meat = new Float64Array(p * p);
  const width = LOmega ? 3 * p : p; // length of a_j and b_j
  const AtA = new Float64Array(width * width);
  const BtB = new Float64Array(width * width);
  const aj = new Float64Array(width);
  const bj = new Float64Array(width);
  // Room for each cluster's arrays, sized for the largest cluster and reused: the same sums, without new arrays per cluster.
  const most = groups.reduce((m, rows) => Math.max(m, rows.length), 0);
  const room = (size: number) => new Float64Array(size);
  const [Xj, XB, Hjj, Gj, XOX, XjW, Ej, Aj, ej, gj] = [most * p, most * p, most * most, most * most, most * most, p * most, p * most, most * most, most, most].map(room) as [
    Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array,
  ];
  const [uj, gX, h1, gWX, h2, h3] = [p, p, p, p, p, p].map(room) as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  const eigenRoom: EigenRoom = { vectors: room(most * most), scaled: room(most * most), factors: room(most) };
  const one = new Float64Array(1);
  const Mrow = Mf.slice(coefficient * p, (coefficient + 1) * p);
  let trace = 0;
  let sumSquares = 0;
  for (const rows of groups) {
    const nj = rows.length;
    for (let i = 0; i < nj; i++) {
      const r = rows[i]!;
      for (let k = 0; k < p; k++) Xj[i * p + k] = X.get(r, k);
    }
    // G_j = I − H_jj (weighted: − H_jjᵀ + X_j Ω X_jᵀ), H_jj = X_j M X_jᵀ (W_j).
    xBxT(Xj, nj, p, Mf, XB, Hjj);
    if (w) for (let i = 0; i < nj; i++) for (let k = 0; k < nj; k++) Hjj[i * nj + k]! *= w[rows[k]!] as number;
    for (let i = 0; i < nj; i++) for (let k = 0; k < nj; k++) Gj[i * nj + k] = (i === k ? 1 : 0) - Hjj[i * nj + k]!;
    if (OmegaF) {
      xBxT(Xj, nj, p, OmegaF, XB, XOX);
      for (let i = 0; i < nj; i++) for (let k = 0; k < nj; k++) Gj[i * nj + k] = Gj[i * nj + k]! - Hjj[k * nj + i]! + XOX[i * nj + k]!;
    }
    inverseSquareRoot(Gj, nj, Aj, eigenRoom);
    // X_jᵀ (W_j), p × n_j, and E_j = X_jᵀ W_j A_j, p × n_j.
    for (let k = 0; k < p; k++) for (let i = 0; i < nj; i++) XjW[k * nj + i] = w ? Xj[i * p + k]! * (w[rows[i]!] as number) : Xj[i * p + k]!;
    product(XjW, p, nj, Aj, nj, Ej);
    // u_j = E_j e_j; meat += u_j u_jᵀ.
    for (let i = 0; i < nj; i++) ej[i] = fit.residuals[rows[i]!] as number;
    productTransposed(Ej, p, nj, ej, 1, uj);
    for (let k = 0; k < p; k++) for (let l = 0; l < p; l++) meat[k * p + l] = meat[k * p + l]! + uj[k]! * uj[l]!;

    // g_j = row `coefficient` of M E_j.
    product(Mrow, 1, p, Ej, nj, gj);
    const gg = productTransposed(gj, 1, nj, gj, 1, one)[0]!;
    product(gj, 1, nj, Xj, p, gX); // g_j X_j
    product(gX, 1, p, Lf, p, h1);
    if (LOmegaF) {
      productTransposed(gj, 1, nj, XjW, p, gWX); // g_j W_j X_j
      product(gWX, 1, p, Lf, p, h2);
      product(gX, 1, p, LOmegaF, p, h3);
      for (let k = 0; k < p; k++) {
        aj[k] = h3[k]!;
        aj[p + k] = h1[k]! * -1;
        aj[2 * p + k] = h2[k]! * -1;
        bj[k] = h3[k]!;
        bj[p + k] = h2[k]!;
        bj[2 * p + k] = h1[k]!;
      }
    } else {
      for (let k = 0; k < p; k++) {
        aj[k] = h1[k]!;
        bj[k] = h1[k]! * -1;
      }
    }
    const ab = productTransposed(aj, 1, width, bj, 1, one)[0]!;
    const diagonal = gg + ab;
    trace += diagonal;
    sumSquares += diagonal * diagonal - ab * ab;
    // AᵀA and BᵀB are symmetric to the bit (a·b = b·a in floating point, summed over the
    // clusters in the same order), so only the upper triangle is summed here.
    for (let k = 0; k < width; k++) {
      const ak = aj[k]!;
      const bk = bj[k]!;
      for (let l = k; l < width; l++) {
        AtA[k * width + l] = AtA[k * width + l]! + ak * aj[l]!;
        BtB[k * width + l] = BtB[k * width + l]! + bk * bj[l]!;
      }
    }
  }
  for (let k = 0; k < width; k++) {
    for (let l = 0; l < k; l++) {
      AtA[k * width + l] = AtA[l * width + k]!;
      BtB[k * width + l] = BtB[l * width + k]!;
    }
  }
  const vcov = M.mmul(new Matrix([...Array(p).keys()].map((k) => Array.from(meat.subarray(k * p, (k + 1) * p))))).mmul(M);
  const variance = vcov.get(coefficient, coefficient);
  const se = Math.sqrt(variance);
  if (!(se > 0) || !Number.isFinite(se)) {
    throw new DegenerateData('the cluster-robust standard error is zero: the residuals leave nothing to estimate it from');
  }
  // Σ_jk (a_j·b_k)² = ‖A Bᵀ‖²_F = ⟨AᵀA, BᵀB⟩_F.
  sumSquares += AtA.reduce((sum, value, k) => sum + value * (BtB[k] as number), 0);
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
