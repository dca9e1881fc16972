/**
 * The generalized linear model fit that logisticRegression.ts and poissonRegression.ts share:
 * R's `glm.fit` iteratively reweighted least squares (Nelder & Wedderburn 1972; McCullagh &
 * Nelder 1989, Generalized Linear Models, ch. 2 and 4) step for step — working response
 * z = η − offset + (y − μ)/μ.η(η), weights μ.η² / V(μ), solve (X'WX) β = X'Wz, converge when
 * |dev − dev_old| / (|dev| + 0.1) < epsilon (1e-8), at most maxit (25) iterations; the model
 * variance is (X'WX)⁻¹ with the last iteration's weights (`vcov(fit)`, dispersion 1) — and the
 * cluster-robust variance of `sandwich::vcovCL(fit, cluster = ~cluster, type = "HC0")`
 * (Zeileis, Köll & Graham 2020, JSS 95(1); Liang & Zeger 1986): estfun = working residual ×
 * working weight × x, summed within cluster, V = B (Σ_g U_g U_g') B · G / (G − 1).
 *
 * A family gives R's `linkinv`, `mu.eta`, `variance`, `dev.resids` (summed) and the starting
 * η of `family$initialize`; each model file checks its own outcome and separation. Tested
 * through both models against R (test/reference/reconviction_logistic.R, poisson_rate_ratio.R).
 */
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { DegenerateData } from './degenerateData.ts';
import { waldTerms, type WaldTerm } from './waldTerm.ts';

export const DBL_EPSILON = 2.220446049250313e-16;

export interface GlmFamily {
  /** "logistic regression", "Poisson regression": for messages. */
  model: string;
  /** What a singular information matrix means for this family. */
  singular: string;
  /** What an estimate that runs away means for this family. */
  diverged: string;
  initialEta(y: number): number;
  linkinv(eta: number): number;
  muEta(eta: number): number;
  variance(mu: number): number;
  deviance(y: Float64Array, mu: Float64Array): number;
}

export interface GlmOptions {
  confLevel?: number;
  /** glm.control epsilon (default 1e-8) */
  epsilon?: number;
  /** glm.control maxit (default 25) */
  maxIterations?: number;
}

/** A fitted GLM as the model files return it: its terms (with their ratio), fit and variances. */
export interface GlmRegression<Term> {
  n: number;
  terms: Term[];
  /** X β (+ offset) for each person (R's `predict(fit, type = "link")`) */
  linearPredictor: number[];
  /** fitted means: probabilities, counts */
  fitted: number[];
  deviance: number;
  iterations: number;
  modelVariance: number[][];
  robustVariance: number[][] | null;
  clusters: number | null;
  confLevel: number;
}

export interface GlmFit {
  /** Row-major n × p design, intercept first. */
  X: Float64Array;
  p: number;
  coef: Float64Array;
  /** The last IRLS step (β − β_previous): a diverging coefficient still moves. */
  lastStep: Float64Array;
  eta: Float64Array;
  mu: Float64Array;
  deviance: number;
  iterations: number;
  /** (X'WX)⁻¹ with the last iteration's weights. */
  bread: Matrix;
  /** The last iteration's working weights. */
  weights: Float64Array;
}

/**
 * The design matrix, intercept first, from named covariate columns; a missing value or a
 * column with a single value (a level with no one) throws DegenerateData.
 */
export function designMatrix(covariates: Record<string, ArrayLike<number>>, n: number): { X: Float64Array; names: string[] } {
  const names = ['(Intercept)', ...Object.keys(covariates)];
  const p = names.length;
  const X = new Float64Array(n * p);
  for (let i = 0; i < n; i++) X[i * p] = 1;
  for (let j = 1; j < p; j++) {
    const col = covariates[names[j]!]!;
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
  return { X, names };
}

/** glm.fit's IRLS for `family`; throws DegenerateData when it is singular, diverges or does not converge. */
export function fitGlm(X: Float64Array, p: number, y: Float64Array, offset: Float64Array | null, family: GlmFamily, options: GlmOptions = {}): GlmFit {
  const epsilon = options.epsilon ?? 1e-8;
  const maxit = options.maxIterations ?? 25;
  const n = y.length;
  const eta = new Float64Array(n);
  const mu = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    eta[i] = family.initialEta(y[i]!);
    mu[i] = family.linkinv(eta[i]!);
  }
  let devold = family.deviance(y, mu);
  let dev = devold;
  let coef = new Float64Array(p);
  let lastStep = new Float64Array(p);
  let bread: Matrix | null = null;
  let weights = new Float64Array(n);
  let iterations = 0;
  for (let iter = 1; iter <= maxit; iter++) {
    iterations = iter;
    const XtWX = new Float64Array(p * p);
    const XtWz = new Float64Array(p);
    const w2 = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const me = family.muEta(eta[i]!);
      const z = eta[i]! - (offset ? offset[i]! : 0) + (y[i]! - mu[i]!) / me;
      const w = (me * me) / family.variance(mu[i]!);
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
    if (!chol.isPositiveDefinite()) throw new DegenerateData(`the ${family.model} information matrix is singular (${family.singular})`);
    const sol = chol.solve(Matrix.columnVector(Array.from(XtWz)));
    const start = new Float64Array(p);
    for (let j = 0; j < p; j++) start[j] = sol.get(j, 0);
    if (start.some((v) => !Number.isFinite(v))) throw new DegenerateData(`the ${family.model} diverged (${family.diverged})`);
    for (let i = 0; i < n; i++) {
      let e = offset ? offset[i]! : 0;
      for (let j = 0; j < p; j++) e += X[i * p + j]! * start[j]!;
      eta[i] = e;
      mu[i] = family.linkinv(e);
    }
    dev = family.deviance(y, mu);
    bread = chol.solve(Matrix.eye(p));
    weights = w2;
    lastStep = start.map((v, j) => v - coef[j]!);
    coef = start;
    if (!Number.isFinite(dev) || mu.some((m) => !Number.isFinite(m))) throw new DegenerateData(`the ${family.model} diverged (${family.diverged})`);
    if (Math.abs(dev - devold) / (Math.abs(dev) + 0.1) < epsilon) {
      return { X, p, coef, lastStep, eta, mu, deviance: dev, iterations, bread, weights };
    }
    devold = dev;
  }
  throw new DegenerateData(`the ${family.model} did not converge in ${maxit} iterations (${family.diverged}?)`);
}

/** A diverging coefficient: the last IRLS step is still larger than 1e-3 · max(1, |β|). */
export const stillMoving = (fit: GlmFit) => Array.from(fit.lastStep).some((d, j) => Math.abs(d) > 1e-3 * Math.max(1, Math.abs(fit.coef[j]!)));

/** vcovCL(fit, cluster, type = "HC0") with cadjust G / (G − 1); see the file comment. */
export function clusterRobustGlmVariance(fit: GlmFit, y: Float64Array, family: GlmFamily, cluster: ArrayLike<string | number>): { variance: Matrix; clusters: number } {
  const n = y.length;
  const { X, p } = fit;
  if (cluster.length !== n) throw new RangeError('cluster must have one entry per person');
  const ids = new Map<string | number, number>();
  const rows: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const c = cluster[i]!;
    let g = ids.get(c);
    if (g === undefined) {
      g = ids.size;
      ids.set(c, g);
      rows.push(new Float64Array(p));
    }
    // estfun.glm: working residual × working weight × x
    const wres = ((y[i]! - fit.mu[i]!) / family.muEta(fit.eta[i]!)) * fit.weights[i]!;
    for (let j = 0; j < p; j++) rows[g]![j]! += wres * X[i * p + j]!;
  }
  const clusters = ids.size;
  if (clusters < 2) throw new DegenerateData('everyone is in a single cluster, so a cluster-robust variance cannot be estimated');
  const U = new Matrix(rows.map((r) => Array.from(r)));
  const meat = U.transpose().mmul(U).mul(clusters / (clusters - 1));
  return { variance: fit.bread.mmul(meat).mmul(fit.bread), clusters };
}

/**
 * A fitted GLM as the model files return it: Wald terms (robust when clustered) with their
 * exp(coefficient) as `ratio`, which each model names (odds ratio, rate ratio).
 */
export function glmRegression(fit: GlmFit, names: readonly string[], y: Float64Array, family: GlmFamily, cluster: ArrayLike<string | number> | undefined, confLevel: number): GlmRegression<WaldTerm> {
  const robust = cluster ? clusterRobustGlmVariance(fit, y, family, cluster) : null;
  return {
    n: y.length,
    terms: waldTerms([...names], fit.coef, fit.bread, robust?.variance ?? null, confLevel),
    linearPredictor: Array.from(fit.eta),
    fitted: Array.from(fit.mu),
    deviance: fit.deviance,
    iterations: fit.iterations,
    modelVariance: fit.bread.to2DArray(),
    robustVariance: robust ? robust.variance.to2DArray() : null,
    clusters: robust?.clusters ?? null,
    confLevel,
  };
}
