/**
 * Logistic regression (binomial GLM, logit link) by iteratively reweighted least squares
 * (Nelder & Wedderburn 1972; McCullagh & Nelder 1989, Generalized Linear Models, ch. 4),
 * following R's `glm(y ~ x, family = binomial)` / `glm.fit` step for step: start at
 * μ = (y + 0.5) / 2, converge when |dev − dev_old| / (|dev| + 0.1) < 1e-8, at most 25
 * iterations; the model variance is (X'WX)⁻¹ with the weights of the last iteration, as
 * `vcov(fit)`.
 *
 * With `cluster`, the cluster-robust (sandwich) variance is that of
 * `sandwich::vcovCL(fit, cluster = ~cluster, type = "HC0")` (Zeileis, Köll & Graham 2020,
 * "Various versatile variances", JSS 95(1); Liang & Zeger 1986): estfun = working residual ×
 * working weight × x, summed within cluster, V = B (Σ_g U_g U_g') B · G / (G − 1), where
 * B = (X'WX)⁻¹ and G / (G − 1) is vcovCL's default `cadjust = TRUE`; HC0 adds no n/(n − k).
 *
 * Odds ratios are exp(coefficient); the 95% CIs and p-values are Wald intervals and tests
 * from the **normal** distribution (z), as `summary.glm` uses for binomial models and
 * `lmtest::coeftest(fit, vcovCL(...))` for glm objects — using the robust SE when clustered.
 *
 * Perfect or quasi-complete separation throws DegenerateData: fitted probabilities
 * numerically 0 or 1 (R's warning threshold 10 · 2⁻⁵²), IRLS not converging, or (where R
 * converges silently) a final IRLS step still larger than 1e-3 · max(1, |β|) while some
 * fitted probability is within 1e-6 of 0 or 1 — the signature of a diverging coefficient.
 *
 * @example
 * const fit = logisticRegression({ y: [0, 1, 0, 1, 1, 0, 1, 0], covariates: { ogrs: [0.1, 0.7, 0.3, 0.4, 0.8, 0.2, 0.35, 0.5] } });
 * // fit.terms = [{ term: '(Intercept)', coefficient, oddsRatio, se, robustSe: null, z, p, lower, upper }, { term: 'ogrs', … }]
 */
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { DegenerateData } from './degenerateData.ts';
import { waldTerms, type WaldTerm } from './waldTerm.ts';

export interface LogisticData {
  /** outcome, 0/1 (or boolean) */
  y: ArrayLike<number | boolean>;
  /** covariate columns in model order; an intercept is added first */
  covariates: Record<string, ArrayLike<number>>;
  /** cluster identifiers; gives the robust variance */
  cluster?: ArrayLike<string | number>;
}

/** A logistic coefficient with Wald inference (see waldTerm.ts); the ratio is the odds ratio. */
export type LogisticTerm = Omit<WaldTerm, 'ratio'> & { oddsRatio: number };

export interface LogisticRegression {
  n: number;
  terms: LogisticTerm[];
  /** X β for each person (R's `predict(fit, type = "link")`) */
  linearPredictor: number[];
  /** fitted probabilities */
  fitted: number[];
  deviance: number;
  iterations: number;
  modelVariance: number[][];
  robustVariance: number[][] | null;
  clusters: number | null;
  confLevel: number;
}

const DBL_EPSILON = 2.220446049250313e-16;

/** R's C logit linkinv (THRESH = 30). */
function linkinv(eta: number): number {
  const tmp = eta < -30 ? DBL_EPSILON : eta > 30 ? 1 / DBL_EPSILON : Math.exp(eta);
  return tmp / (1 + tmp);
}
/** R's C logit mu.eta. */
function muEta(eta: number): number {
  const opexp = 1 + Math.exp(eta);
  return eta > 30 || eta < -30 ? DBL_EPSILON : Math.exp(eta) / (opexp * opexp);
}
function devianceOf(y: Float64Array, mu: Float64Array): number {
  let d = 0;
  for (let i = 0; i < y.length; i++) d += y[i] === 1 ? -2 * Math.log(mu[i]!) : -2 * Math.log(1 - mu[i]!);
  return d;
}

export interface LogisticOptions {
  confLevel?: number;
  /** glm.control epsilon (default 1e-8) */
  epsilon?: number;
  /** glm.control maxit (default 25) */
  maxIterations?: number;
}

export function logisticRegression(data: LogisticData, options: LogisticOptions = {}): LogisticRegression {
  const confLevel = options.confLevel ?? 0.95;
  const epsilon = options.epsilon ?? 1e-8;
  const maxit = options.maxIterations ?? 25;
  const n = data.y.length;
  const names = ['(Intercept)', ...Object.keys(data.covariates)];
  const p = names.length;
  if (n === 0) throw new DegenerateData('there is no one to fit a logistic regression to');
  const y = new Float64Array(n);
  let ones = 0;
  for (let i = 0; i < n; i++) {
    const v = Number(data.y[i]);
    if (v !== 0 && v !== 1) throw new RangeError(`the outcome must be 0 or 1 (got ${String(data.y[i])})`);
    y[i] = v;
    ones += v;
  }
  if (ones === 0 || ones === n) throw new DegenerateData(ones === 0 ? 'no one has the outcome, so its odds cannot be modelled' : 'everyone has the outcome, so its odds cannot be modelled');
  const X = new Float64Array(n * p);
  for (let i = 0; i < n; i++) X[i * p] = 1;
  for (let j = 1; j < p; j++) {
    const col = data.covariates[names[j]!]!;
    if (col.length !== n) throw new RangeError(`covariate ${names[j]} has the wrong length`);
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = col[i]!;
      if (!Number.isFinite(v)) throw new DegenerateData(`covariate ${names[j]} has a missing or non-numeric value`);
      X[i * p + j] = v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (min === max) throw new DegenerateData(`covariate ${names[j]} takes a single value (a level with no one), so its effect cannot be estimated`);
  }

  // glm.fit's IRLS.
  const eta = new Float64Array(n);
  const mu = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const m0 = (y[i]! + 0.5) / 2;
    eta[i] = Math.log(m0 / (1 - m0));
    mu[i] = linkinv(eta[i]!);
  }
  let devold = devianceOf(y, mu);
  let dev = devold;
  let coef = new Float64Array(p);
  let lastStep = new Float64Array(p);
  let bread: Matrix | null = null;
  let lastW = new Float64Array(n);
  let converged = false;
  let iterations = 0;
  for (let iter = 1; iter <= maxit; iter++) {
    iterations = iter;
    const XtWX = new Float64Array(p * p);
    const XtWz = new Float64Array(p);
    const w2 = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const me = muEta(eta[i]!);
      const varmu = mu[i]! * (1 - mu[i]!);
      const z = eta[i]! + (y[i]! - mu[i]!) / me;
      const w = (me * me) / varmu;
      w2[i] = w;
      for (let j = 0; j < p; j++) {
        const xj = X[i * p + j]!;
        XtWz[j]! += w * xj * z;
        for (let l = 0; l <= j; l++) XtWX[j * p + l]! += w * xj * X[i * p + l]!;
      }
    }
    const A = new Matrix(p, p);
    for (let j = 0; j < p; j++) for (let l = 0; l <= j; l++) {
      A.set(j, l, XtWX[j * p + l]!);
      A.set(l, j, XtWX[j * p + l]!);
    }
    const chol = new CholeskyDecomposition(A);
    if (!chol.isPositiveDefinite()) throw new DegenerateData('the logistic regression information matrix is singular (collinear covariates or perfect separation)');
    const sol = chol.solve(Matrix.columnVector(Array.from(XtWz)));
    const start = new Float64Array(p);
    for (let j = 0; j < p; j++) start[j] = sol.get(j, 0);
    if (start.some((v) => !Number.isFinite(v))) throw new DegenerateData('the logistic regression diverged (perfect separation)');
    for (let i = 0; i < n; i++) {
      let e = 0;
      for (let j = 0; j < p; j++) e += X[i * p + j]! * start[j]!;
      eta[i] = e;
      mu[i] = linkinv(e);
    }
    dev = devianceOf(y, mu);
    bread = chol.solve(Matrix.eye(p));
    lastW = w2;
    lastStep = start.map((v, j) => v - coef[j]!);
    coef = start;
    if (!Number.isFinite(dev)) throw new DegenerateData('the logistic regression diverged (perfect separation)');
    if (Math.abs(dev - devold) / (Math.abs(dev) + 0.1) < epsilon) {
      converged = true;
      break;
    }
    devold = dev;
  }
  if (!converged) throw new DegenerateData(`the logistic regression did not converge in ${maxit} iterations (perfect separation?)`);
  const tiny = 10 * DBL_EPSILON;
  for (let i = 0; i < n; i++) {
    if (mu[i]! > 1 - tiny || mu[i]! < tiny) throw new DegenerateData('fitted probabilities of 0 or 1 occurred: the covariates separate the outcome perfectly, so odds ratios are infinite');
  }
  // Quasi-complete separation: R's glm converges quietly in deviance while a coefficient is
  // still growing (about one unit per iteration) and some fitted probabilities are ~0 or 1.
  const nearBoundary = Array.from(mu).some((m) => m > 1 - 1e-6 || m < 1e-6);
  if (nearBoundary && Array.from(lastStep).some((d, j) => Math.abs(d) > 1e-3 * Math.max(1, Math.abs(coef[j]!)))) {
    throw new DegenerateData('a coefficient diverges: some group has all or none with the outcome (quasi-complete separation), so odds ratios are infinite');
  }
  const B = bread!;

  let robust: Matrix | null = null;
  let clusters: number | null = null;
  if (data.cluster) {
    if (data.cluster.length !== n) throw new RangeError('cluster must have one entry per person');
    const ids = new Map<string | number, number>();
    const rows: Float64Array[] = [];
    for (let i = 0; i < n; i++) {
      const c = data.cluster[i]!;
      let g = ids.get(c);
      if (g === undefined) {
        g = ids.size;
        ids.set(c, g);
        rows.push(new Float64Array(p));
      }
      // estfun.glm: working residual × working weight × x
      const wres = ((y[i]! - mu[i]!) / muEta(eta[i]!)) * lastW[i]!;
      for (let j = 0; j < p; j++) rows[g]![j]! += wres * X[i * p + j]!;
    }
    clusters = ids.size;
    if (clusters < 2) throw new DegenerateData('everyone is in a single cluster, so a cluster-robust variance cannot be estimated');
    const U = new Matrix(rows.map((r) => Array.from(r)));
    const meat = U.transpose().mmul(U).mul(clusters / (clusters - 1));
    robust = B.mmul(meat).mmul(B);
  }

  const terms: LogisticTerm[] = waldTerms(names, coef, B, robust, confLevel).map(({ ratio, ...t }) => ({ ...t, oddsRatio: ratio }));
  return {
    n,
    terms,
    linearPredictor: Array.from(eta),
    fitted: Array.from(mu),
    deviance: dev,
    iterations,
    modelVariance: B.to2DArray(),
    robustVariance: robust ? robust.to2DArray() : null,
    clusters,
    confLevel,
  };
}
