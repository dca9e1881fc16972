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
 *
 * The IRLS and the cluster-robust variance are generalizedLinearModel.ts's, shared with the
 * Poisson model; this file gives the binomial family and its own checks of the outcome.
 */
import { DegenerateData } from './degenerateData.ts';
import { DBL_EPSILON, designMatrix, fitGlm, glmRegression, stillMoving, type GlmFamily, type GlmOptions, type GlmRegression } from './generalizedLinearModel.ts';
import type { WaldTerm } from './waldTerm.ts';

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

export type LogisticRegression = GlmRegression<LogisticTerm>;

/** R's binomial() family with the C logit link (THRESH = 30), as glm.fit uses it. */
const BINOMIAL: GlmFamily = {
  model: 'logistic regression',
  singular: 'collinear covariates or perfect separation',
  diverged: 'perfect separation',
  // binomial()$initialize: mustart = (y + 0.5) / 2, eta = logit(mustart).
  initialEta: (y) => {
    const m0 = (y + 0.5) / 2;
    return Math.log(m0 / (1 - m0));
  },
  linkinv: (eta) => {
    const tmp = eta < -30 ? DBL_EPSILON : eta > 30 ? 1 / DBL_EPSILON : Math.exp(eta);
    return tmp / (1 + tmp);
  },
  muEta: (eta) => {
    const opexp = 1 + Math.exp(eta);
    return eta > 30 || eta < -30 ? DBL_EPSILON : Math.exp(eta) / (opexp * opexp);
  },
  variance: (mu) => mu * (1 - mu),
  deviance: (y, mu) => {
    let d = 0;
    for (let i = 0; i < y.length; i++) d += y[i] === 1 ? -2 * Math.log(mu[i]!) : -2 * Math.log(1 - mu[i]!);
    return d;
  },
};

export type LogisticOptions = GlmOptions;

export function logisticRegression(data: LogisticData, options: LogisticOptions = {}): LogisticRegression {
  const confLevel = options.confLevel ?? 0.95;
  const n = data.y.length;
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
  const { X, names } = designMatrix(data.covariates, n);
  const fit = fitGlm(X, names.length, y, null, BINOMIAL, options);
  const { mu } = fit;
  const tiny = 10 * DBL_EPSILON;
  for (let i = 0; i < n; i++) {
    if (mu[i]! > 1 - tiny || mu[i]! < tiny) throw new DegenerateData('fitted probabilities of 0 or 1 occurred: the covariates separate the outcome perfectly, so odds ratios are infinite');
  }
  // Quasi-complete separation: R's glm converges quietly in deviance while a coefficient is
  // still growing (about one unit per iteration) and some fitted probabilities are ~0 or 1.
  const nearBoundary = Array.from(mu).some((m) => m > 1 - 1e-6 || m < 1e-6);
  if (nearBoundary && stillMoving(fit)) {
    throw new DegenerateData('a coefficient diverges: some group has all or none with the outcome (quasi-complete separation), so odds ratios are infinite');
  }
  const result = glmRegression(fit, names, y, BINOMIAL, data.cluster, confLevel);
  return { ...result, terms: result.terms.map(({ ratio, ...t }): LogisticTerm => ({ ...t, oddsRatio: ratio })) };
}
