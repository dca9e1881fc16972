/**
 * Ordinary least squares y = Xβ + e by the QR decomposition of X (Householder, `ml-matrix`
 * QrDecomposition; Golub & Van Loan 2013, §5.3), as R's `lm()` fits it: β̂ solves R β = Qᵀy,
 * (XᵀX)⁻¹ = R⁻¹R⁻ᵀ (R's `summary.lm()$cov.unscaled`), residuals e = y − Xβ̂.
 *
 * Weighted least squares, as `lm(weights = w)` (`lm.wfit`), with prior weights w > 0 and
 * W = diag(w): the same QR fit of √W X on √W y, so β̂ minimises Σ wᵢ eᵢ² and the QR's R gives
 * (XᵀWX)⁻¹ = R⁻¹R⁻ᵀ (`cov.unscaled`); the residuals stay unweighted, e = y − Xβ̂ (R's
 * `residuals(fit)`), RSS = Σ wᵢ eᵢ² and σ² = RSS / (n − p) (`summary(fit)$sigma^2`).
 *
 * The result also carries the design matrix, so the blocks of the hat matrix
 * H = X (XᵀWX)⁻¹ XᵀW a cluster-robust variance needs can be formed ({@link hatMatrixBlock}):
 * for the rows of cluster j, H_jj = X_j (XᵀX)⁻¹ X_jᵀ unweighted (Bell & McCaffrey 2002),
 * X_j (XᵀWX)⁻¹ X_jᵀ W_j weighted. The leverages are its diagonal, wᵢ xᵢ (XᵀWX)⁻¹ xᵢᵀ, as R's
 * `hatvalues(fit)` ({@link leverages}).
 *
 * Unlike R, a rank-deficient design is not fitted with aliased coefficients: a column that is
 * (numerically) a combination of earlier ones, judged as R does with tolerance 1e-7 relative
 * to the column's norm (`lm`'s `qr(tol = 1e-7)`), throws {@link DegenerateData}, as does
 * having no more rows than columns.
 *
 * @example
 * // a straight line through four points
 * const fit = ordinaryLeastSquares([[1, 0], [1, 1], [1, 2], [1, 3]], [1, 3, 5, 8]);
 * // fit.coefficients ≈ [0.8, 2.3]; fit.residuals ≈ [0.2, -0.1, -0.4, 0.3]; fit.xtxInverse ≈ [[0.7, -0.3], [-0.3, 0.2]]
 */
import { AbstractMatrix, CholeskyDecomposition, Matrix, QrDecomposition, inverse } from 'ml-matrix';
import { DegenerateData } from './degenerateData.ts';
import { ColumnMatrix } from './columnMatrix.ts';

export interface OrdinaryLeastSquares {
  /** Rows (observations) and columns (coefficients) of the design. */
  n: number;
  p: number;
  /** The design matrix X (n × p), unweighted, kept by columns. */
  design: ColumnMatrix;
  /** The prior weights w (as `lm(weights = w)`), or null for an unweighted fit. */
  weights: Float64Array | null;
  coefficients: number[];
  fitted: Float64Array;
  residuals: Float64Array;
  /** (XᵀX)⁻¹, weighted (XᵀWX)⁻¹ (p × p): the "bread" of sandwich estimators and R's cov.unscaled. */
  xtxInverse: Matrix;
  /** Residual sum of squares (weighted: Σ wᵢ eᵢ²) and the classical residual variance RSS / (n − p). */
  rss: number;
  sigma2: number;
}

/** R's default tolerance for detecting linearly dependent columns in `lm()`. */
const RANK_TOLERANCE = 1e-7;

/**
 * Fits y on X by least squares through QR. `design` is row-major: design[i] holds the
 * regressors of observation i (include a column of ones for an intercept). `weights`, if
 * given, are prior weights, each finite and > 0 (weighted least squares, as `lm(weights =)`).
 */
export function ordinaryLeastSquares(
  design: ReadonlyArray<ArrayLike<number>> | AbstractMatrix,
  y: ArrayLike<number>,
  weights?: ArrayLike<number> | null,
): OrdinaryLeastSquares {
  // Kept by columns (columnMatrix.ts): a design built that way is used as it is, any other copied.
  const X = design instanceof ColumnMatrix ? design : ColumnMatrix.ofRows(design);
  const n = X.rows;
  const p = X.columns;
  if (y.length !== n) {
    throw new RangeError(`the outcome has ${y.length} values for ${n} rows of the design`);
  }
  if (n <= p) {
    throw new DegenerateData(`${n} observations cannot estimate ${p} coefficients with any residual degrees of freedom`);
  }
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < p; k++) {
      if (!Number.isFinite(X.get(i, k))) throw new RangeError(`design row ${i} column ${k} is not a finite number`);
    }
    if (!Number.isFinite(y[i] as number)) throw new RangeError(`outcome ${i} is not a finite number`);
  }
  let w: Float64Array | null = null;
  if (weights !== undefined && weights !== null) {
    if (weights.length !== n) throw new RangeError(`there are ${weights.length} weights for ${n} rows of the design`);
    w = Float64Array.from(weights);
    w.forEach((value, i) => {
      if (!(Number.isFinite(value) && value > 0)) throw new RangeError(`weight ${i} is ${value}: weights must be finite and > 0`);
    });
  }
  // Weighted: the QR of √W X and √W y (lm.wfit).
  const rootW = w ? Array.from(w, Math.sqrt) : null;
  const Xw = rootW ? X.clone() : X;
  rootW?.forEach((factor, i) => Xw.mulRow(i, factor));

  const qr = new QrDecomposition(Xw);
  const R = qr.upperTriangularMatrix;
  for (let k = 0; k < p; k++) {
    let sumOfSquares = 0;
    for (let i = 0; i < n; i++) sumOfSquares += Xw.get(i, k) * Xw.get(i, k);
    const columnNorm = Math.sqrt(sumOfSquares);
    if (!(Math.abs(R.get(k, k)) > RANK_TOLERANCE * columnNorm)) {
      throw new DegenerateData(`the regressors are collinear (column ${k + 1} is a combination of the others)`);
    }
  }
  const Y = ColumnMatrix.ofColumn(rootW ? Array.from(y, (value, i) => value * (rootW[i] as number)) : y);
  // ml-matrix's types ask for a Matrix; `solve` takes any AbstractMatrix (`Matrix.checkMatrix`) and reads it through get and set.
  const beta = qr.solve(Y as unknown as Matrix);
  const coefficients = beta.getColumn(0);
  // X β̂ summed as ml-matrix's mmul sums it (from 0, in column order), without an n × 1 matrix.
  const fitted = new Float64Array(n);
  const residuals = new Float64Array(n);
  let rss = 0;
  for (let i = 0; i < n; i++) {
    let xb = 0;
    for (let k = 0; k < p; k++) xb += X.get(i, k) * (coefficients[k] as number);
    fitted[i] = xb;
    const e = (y[i] as number) - xb;
    residuals[i] = e;
    rss += w ? (w[i] as number) * e * e : e * e;
  }

  // (XᵀX)⁻¹ = R⁻¹ R⁻ᵀ, weighted (XᵀWX)⁻¹.
  const Rinv = inverse(R);
  const xtxInverse = symmetrise(Rinv.mmul(Rinv.transpose()));
  return { n, p, design: X, weights: w, coefficients, fitted, residuals, xtxInverse, rss, sigma2: rss / (n - p) };
}

/** The diagonal of the hat matrix, wᵢ xᵢ (XᵀWX)⁻¹ xᵢᵀ (R's `hatvalues(fit)`); computed when asked, as no analysis needs it. */
export function leverages(fit: OrdinaryLeastSquares): Float64Array {
  const leverage = new Float64Array(fit.n);
  for (let i = 0; i < fit.n; i++) {
    const row = fit.design.getRowVector(i);
    const h = row.mmul(fit.xtxInverse).mmul(row.transpose()).get(0, 0);
    leverage[i] = fit.weights ? (fit.weights[i] as number) * h : h;
  }
  return leverage;
}

/**
 * The block X_a (XᵀX)⁻¹ X_bᵀ of the hat matrix for the given rows (H_jj when rowsB is omitted);
 * for a weighted fit, of H = X (XᵀWX)⁻¹ XᵀW: X_a (XᵀWX)⁻¹ X_bᵀ W_b (not symmetric).
 */
export function hatMatrixBlock(fit: OrdinaryLeastSquares, rowsA: readonly number[], rowsB: readonly number[] = rowsA): Matrix {
  const Xa = fit.design.selection(rowsA as number[], columnIndices(fit.p));
  const Xb = rowsB === rowsA ? Xa : fit.design.selection(rowsB as number[], columnIndices(fit.p));
  const block = Xa.mmul(fit.xtxInverse).mmul(Xb.transpose());
  const w = fit.weights;
  if (w) rowsB.forEach((r, k) => block.mulColumn(k, w[r] as number));
  return block;
}

/** A lower-triangular L with L Lᵀ = (XᵀX)⁻¹, weighted (XᵀWX)⁻¹ (Cholesky), as clubSandwich uses for Satterthwaite df. */
export function xtxInverseCholesky(fit: OrdinaryLeastSquares): Matrix {
  return new CholeskyDecomposition(fit.xtxInverse).lowerTriangularMatrix;
}

function columnIndices(p: number): number[] {
  return Array.from({ length: p }, (_, k) => k);
}

function symmetrise(A: Matrix): Matrix {
  return A.add(A.transpose()).div(2);
}
