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
 *
 * The IRLS and the cluster-robust variance are generalizedLinearModel.ts's, shared with the
 * logistic model; this file gives the Poisson family and its own checks of the outcome.
 */
import { DegenerateData } from './degenerateData.ts';
import { DBL_EPSILON, designMatrix, fitGlm, glmRegression, stillMoving, type GlmFamily, type GlmOptions, type GlmRegression } from './generalizedLinearModel.ts';
import type { WaldTerm } from './waldTerm.ts';

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

export type PoissonRegression = GlmRegression<PoissonTerm>;

export type PoissonOptions = GlmOptions;

/** R's poisson() family: log link with linkinv = mu.eta = pmax(exp(eta), .Machine$double.eps). */
const POISSON: GlmFamily = {
  model: 'Poisson regression',
  singular: 'collinear covariates, or a group with no events',
  diverged: 'a group with no events, or fitted counts overflowing',
  // poisson()$initialize: mustart = y + 0.1; glm.fit starts from eta = log(mustart), without the offset.
  initialEta: (y) => Math.log(y + 0.1),
  linkinv: (eta) => Math.max(Math.exp(eta), DBL_EPSILON),
  muEta: (eta) => Math.max(Math.exp(eta), DBL_EPSILON),
  variance: (mu) => mu,
  // poisson()$dev.resids, summed.
  deviance: (y, mu) => {
    let d = 0;
    for (let i = 0; i < y.length; i++) d += y[i]! > 0 ? 2 * (y[i]! * Math.log(y[i]! / mu[i]!) - (y[i]! - mu[i]!)) : 2 * mu[i]!;
    return d;
  },
};

export function poissonRegression(data: PoissonData, options: PoissonOptions = {}): PoissonRegression {
  const confLevel = options.confLevel ?? 0.95;
  const n = data.y.length;
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
  let offset: Float64Array | null = null;
  if (data.offset) {
    if (data.offset.length !== n) throw new RangeError('offset must have one entry per person');
    offset = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const o = data.offset[i]!;
      if (!Number.isFinite(o)) throw new DegenerateData(`the offset (log exposure) of person ${i + 1} is missing or infinite (no exposure?)`);
      offset[i] = o;
    }
  }
  const { X, names } = designMatrix(data.covariates, n);
  const fit = fitGlm(X, names.length, y, offset, POISSON, options);
  const { mu } = fit;
  const tiny = 10 * DBL_EPSILON;
  if (mu.some((m) => m < tiny)) throw new DegenerateData('fitted rates numerically 0 occurred: some group has no events, so its rate ratio is zero');
  // As logistic quasi-complete separation: R's glm converges quietly in deviance while a
  // coefficient still falls by about one unit per iteration towards −∞ and some fitted counts are ~0.
  if (mu.some((m) => m < 1e-6) && stillMoving(fit)) throw new DegenerateData('a coefficient diverges: some group has no events, so its rate ratio is zero');
  const result = glmRegression(fit, names, y, POISSON, data.cluster, confLevel);
  return { ...result, terms: result.terms.map(({ ratio, ...t }): PoissonTerm => ({ ...t, rateRatio: ratio })) };
}
