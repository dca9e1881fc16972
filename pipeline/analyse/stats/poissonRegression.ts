/**
 * Poisson regression (Poisson GLM, log link) of a count, optionally per unit of exposure, by
 * iteratively reweighted least squares (Nelder & Wedderburn 1972; McCullagh & Nelder 1989,
 * Generalized Linear Models, ch. 6), following R's
 * `glm(y ~ x + offset(log(exposure)), family = poisson)` / `glm.fit` step for step: start at
 * μ = y + 0.1, η = log μ (without the offset, as glm.fit), working response
 * z = η − offset + (y − μ)/μ, weights μ, μ = max(exp η, 2⁻⁵²); converge when
 * |dev − dev_old| / (|dev| + 0.1) < 1e-8, at most 25 iterations; the model variance is
 * (X'WX)⁻¹ with the weights of the last iteration, as `vcov(fit)` (dispersion 1).
 *
 * With `cluster`, the cluster-robust (sandwich) variance is that of
 * `sandwich::vcovCL(fit, cluster = ~cluster, type = "HC0")` (Zeileis, Köll & Graham 2020,
 * "Various versatile variances", JSS 95(1); Liang & Zeger 1986) — HC0 is vcovCL's default for
 * glm objects and what logisticRegression.ts and its reference use: estfun = working residual
 * × working weight × x (for the log link (y − μ) x), summed within cluster,
 * V = B (Σ_g U_g U_g') B · G / (G − 1), where B = (X'WX)⁻¹ and G / (G − 1) is vcovCL's default
 * `cadjust = TRUE`; HC0 adds no n/(n − k). This is the variance that keeps the rate ratios'
 * intervals honest under overdispersion as well as clustering.
 *
 * Rate ratios are exp(coefficient); the 95% CIs and p-values are Wald intervals and tests from
 * the **normal** distribution (z), as `summary.glm` for Poisson models and
 * `lmtest::coeftest(fit, vcovCL(...))` / `coefci` for glm objects — using the robust SE when
 * clustered (waldTerm.ts).
 *
 * A count that cannot be modelled throws DegenerateData: no events at all, IRLS not
 * converging or diverging, or (where R converges silently) a final IRLS step still larger than
 * 1e-3 · max(1, |β|) while some fitted count is below 1e-6 — the signature of a coefficient
 * running to −∞ because a group has no events.
 *
 * @example
 * const fit = poissonRegression({ y: [0, 2, 1, 3, 0, 1, 4, 2], covariates: { bc: [0, 1, 0, 1, 0, 0, 1, 1] }, offset: [0, 0, 0, 0, 0.5, 0.5, 0.5, 0.5] });
 * // fit.terms[1] = { term: 'bc', coefficient: 1.7047…, rateRatio: 5.5, se: 0.7687…, robustSe: null, z: 2.2177…, p: 0.02658…, lower: 1.219…, upper: 24.81… }
 */
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { DegenerateData } from './degenerateData.ts';
import { waldTerms, type WaldTerm } from './waldTerm.ts';

export interface PoissonData {
  /** outcome: a count (non-negative integer) per person */
  y: ArrayLike<number>;
  /** covariate columns in model order; an intercept is added first */
  covariates: Record<string, ArrayLike<number>>;
  /** log exposure (e.g. log years at risk), added to the linear predictor with coefficient 1 */
  offset?: ArrayLike<number>;
  /** cluster identifiers; gives the robust variance */
  cluster?: ArrayLike<string | number>;
}

/** A Poisson coefficient with Wald inference (see waldTerm.ts); the ratio is the rate ratio. */
export type PoissonTerm = Omit<WaldTerm, 'ratio'> & { rateRatio: number };

export interface PoissonRegression {
  n: number;
  terms: PoissonTerm[];
  /** X β + offset for each person (R's `predict(fit, type = "link")`) */
  linearPredictor: number[];
  /** fitted counts */
  fitted: number[];
  deviance: number;
  iterations: number;
  modelVariance: number[][];
  robustVariance: number[][] | null;
  clusters: number | null;
  confLevel: number;
}

export interface PoissonOptions {
  confLevel?: number;
  /** glm.control epsilon (default 1e-8) */
  epsilon?: number;
  /** glm.control maxit (default 25) */
  maxIterations?: number;
}

const DBL_EPSILON = 2.220446049250313e-16;

/** R's poisson()$linkinv and $mu.eta: pmax(exp(eta), .Machine$double.eps). */
function linkinv(eta: number): number {
  return Math.max(Math.exp(eta), DBL_EPSILON);
}
/** R's poisson()$dev.resids, summed. */
function devianceOf(y: Float64Array, mu: Float64Array): number {
  let d = 0;
  for (let i = 0; i < y.length; i++) d += y[i]! > 0 ? 2 * (y[i]! * Math.log(y[i]! / mu[i]!) - (y[i]! - mu[i]!)) : 2 * mu[i]!;
  return d;
}

export function poissonRegression(data: PoissonData, options: PoissonOptions = {}): PoissonRegression {
  const confLevel = options.confLevel ?? 0.95;
  const epsilon = options.epsilon ?? 1e-8;
  const maxit = options.maxIterations ?? 25;
  const n = data.y.length;
  const names = ['(Intercept)', ...Object.keys(data.covariates)];
  const p = names.length;
  if (n === 0) throw new DegenerateData('there is no one to fit a Poisson regression to');
  const y = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const v = data.y[i]!;
    if (!(Number.isInteger(v) && v >= 0)) throw new RangeError(`the outcome must be a count, a non-negative integer (got ${String(v)})`);
    y[i] = v;
    total += v;
  }
  if (total === 0) throw new DegenerateData('no one has an event, so the rate cannot be modelled');
  const offset = new Float64Array(n);
  if (data.offset) {
    if (data.offset.length !== n) throw new RangeError('offset must have one entry per person');
    for (let i = 0; i < n; i++) {
      const o = data.offset[i]!;
      if (!Number.isFinite(o)) throw new DegenerateData(`the offset (log exposure) of person ${i + 1} is missing or infinite (no exposure?)`);
      offset[i] = o;
    }
  }
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
    eta[i] = Math.log(y[i]! + 0.1);
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
      const me = linkinv(eta[i]!); // mu.eta
      const z = eta[i]! - offset[i]! + (y[i]! - mu[i]!) / me;
      const w = (me * me) / mu[i]!; // mu.eta² / variance(mu)
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
    if (!chol.isPositiveDefinite()) throw new DegenerateData('the Poisson regression information matrix is singular (collinear covariates, or a group with no events)');
    const sol = chol.solve(Matrix.columnVector(Array.from(XtWz)));
    const start = new Float64Array(p);
    for (let j = 0; j < p; j++) start[j] = sol.get(j, 0);
    if (start.some((v) => !Number.isFinite(v))) throw new DegenerateData('the Poisson regression diverged');
    for (let i = 0; i < n; i++) {
      let e = offset[i]!;
      for (let j = 0; j < p; j++) e += X[i * p + j]! * start[j]!;
      eta[i] = e;
      mu[i] = linkinv(e);
    }
    dev = devianceOf(y, mu);
    bread = chol.solve(Matrix.eye(p));
    lastW = w2;
    lastStep = start.map((v, j) => v - coef[j]!);
    coef = start;
    if (!Number.isFinite(dev) || mu.some((m) => !Number.isFinite(m))) throw new DegenerateData('the Poisson regression diverged (fitted counts overflow)');
    if (Math.abs(dev - devold) / (Math.abs(dev) + 0.1) < epsilon) {
      converged = true;
      break;
    }
    devold = dev;
  }
  if (!converged) throw new DegenerateData(`the Poisson regression did not converge in ${maxit} iterations (a group with no events?)`);
  const tiny = 10 * DBL_EPSILON;
  if (mu.some((m) => m < tiny)) throw new DegenerateData('fitted rates numerically 0 occurred: some group has no events, so its rate ratio is zero');
  // As logistic quasi-complete separation: R's glm converges quietly in deviance while a
  // coefficient still falls by about one unit per iteration towards −∞ and some fitted counts are ~0.
  const nearZero = mu.some((m) => m < 1e-6);
  if (nearZero && Array.from(lastStep).some((d, j) => Math.abs(d) > 1e-3 * Math.max(1, Math.abs(coef[j]!)))) {
    throw new DegenerateData('a coefficient diverges: some group has no events, so its rate ratio is zero');
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
      const wres = ((y[i]! - mu[i]!) / linkinv(eta[i]!)) * lastW[i]!;
      for (let j = 0; j < p; j++) rows[g]![j]! += wres * X[i * p + j]!;
    }
    clusters = ids.size;
    if (clusters < 2) throw new DegenerateData('everyone is in a single cluster, so a cluster-robust variance cannot be estimated');
    const U = new Matrix(rows.map((r) => Array.from(r)));
    const meat = U.transpose().mmul(U).mul(clusters / (clusters - 1));
    robust = B.mmul(meat).mmul(B);
  }

  const terms: PoissonTerm[] = waldTerms(names, coef, B, robust, confLevel).map(({ ratio, ...t }) => ({ ...t, rateRatio: ratio }));
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
