/**
 * Risk-adjusted Bernoulli CUSUM (Steiner S.H., Cook R.J., Farewell V.T. & Treasure T. 2000,
 * "Monitoring surgical performance using risk-adjusted cumulative sum charts", Biostatistics
 * 1:441–452, §2). People are monitored in order; person t has outcome y_t (1 = the adverse
 * outcome, e.g. reconvicted) and an expected probability p_t of it from a risk model
 * (e.g. OGRS). In control the odds of the outcome are the model's (odds ratio R_0 = 1); the
 * chart tests against the alternative that they are multiplied by R_A. Person t scores the
 * log-likelihood ratio of R_A against R_0 = 1,
 *
 *     W_t = y_t · log(R_A) − log(1 − p_t + R_A · p_t),
 *
 * (the general form is y_t · log(R_A/R_0) − log((1 − p_t + R_A·p_t)/(1 − p_t + R_0·p_t))) and
 *
 *     S_0 = 0,   S_t = max(0, S_{t−1} + W_t),
 *
 * signalling at t when S_t ≥ h. With `restart` (the default) the chart starts again from 0
 * after a signal: `path[t]` keeps the value that crossed h, and S_{t+1} = max(0, W_{t+1}).
 * Without it the sum carries on, and every t with S_t ≥ h is a signal.
 *
 * R_A > 1 looks for deterioration (more adverse outcomes than the model expects); R_A < 1
 * looks for improvement with the same formula: then a person without the outcome scores
 * −log(1 − p_t + R_A·p_t) > 0 and one with it log(R_A) − … < 0, so S climbs while outcomes are
 * better than expected. Steiner et al. run the two charts side by side and draw the
 * improvement chart below the axis (as −S_t, limit −h); the values here are the S_t of that
 * chart before the sign flip. Thresholds h come from simulation (cusumThreshold.ts).
 *
 * Reference values: test/reference/risk_adjusted_cusum.R writes the formulas out in R (no R
 * package for this chart is installed; CRAN's `cusum` and `spcadjust` are not in Debian).
 *
 * @example
 * const c = riskAdjustedCusum({ outcome: [1, 1, 0, 1, 1], expected: [0.2, 0.3, 0.5, 0.1, 0.4], threshold: 1.5 });
 * // c.weights = [0.5108…, 0.4307…, −0.4054…, 0.5978…, 0.3566…]
 * // c.path    = [0.5108…, 0.9416…, 0.5361…, 1.1339…, 1.4906…]
 * // c.signals = []  (with threshold: 1.4 the signal would be at index 4)
 */
import { DegenerateData } from './degenerateData.ts';

export interface RiskAdjustedCusumInput {
  /** 1 (or true) = the adverse outcome, 0 (or false) = not, in monitoring order */
  outcome: ArrayLike<0 | 1 | boolean>;
  /** each person's expected probability p_t of the outcome, strictly between 0 and 1 */
  expected: ArrayLike<number>;
  /** R_A, the odds ratio to detect (> 0, ≠ 1; default 2; below 1 detects improvement) */
  oddsRatio?: number;
  /** h > 0: signal when S_t ≥ h */
  threshold: number;
  /** start again from 0 after a signal (default true) */
  restart?: boolean;
}

export interface RiskAdjustedCusum {
  /** S_t after each person (the value that crossed h at a signal, before any restart) */
  path: number[];
  /** W_t, each person's log-likelihood-ratio score */
  weights: number[];
  /** 0-based indices t with S_t ≥ h */
  signals: number[];
}

/** The two scores of a person with expected risk p: [W if y = 0, W if y = 1]. */
export function cusumScores(p: number, oddsRatio: number): [number, number] {
  const w0 = -Math.log1p((oddsRatio - 1) * p);
  return [w0, w0 + Math.log(oddsRatio)];
}

/** RangeError unless R_A is finite, above 0 and not 1 (R_A = 1 scores everyone 0). */
export function checkOddsRatio(oddsRatio: number): void {
  if (!(Number.isFinite(oddsRatio) && oddsRatio > 0) || oddsRatio === 1) {
    throw new RangeError(`oddsRatio must be a finite number above 0 and not 1 (got ${oddsRatio})`);
  }
}

/** DegenerateData for a missing risk, RangeError for one outside (0, 1). */
export function checkExpected(p: number): void {
  if (Number.isNaN(p)) throw new DegenerateData('an expected risk is missing or not a number');
  if (!(p > 0 && p < 1)) throw new RangeError(`an expected risk must lie strictly between 0 and 1 (got ${p})`);
}

/** The risk-adjusted CUSUM path, scores and signals; see the file comment. */
export function riskAdjustedCusum(input: RiskAdjustedCusumInput): RiskAdjustedCusum {
  const { outcome, expected, threshold } = input;
  const oddsRatio = input.oddsRatio ?? 2;
  const restart = input.restart ?? true;
  const n = outcome.length;
  if (expected.length !== n) throw new RangeError(`outcome has ${n} entries but expected has ${expected.length}`);
  checkOddsRatio(oddsRatio);
  if (!(Number.isFinite(threshold) && threshold > 0)) throw new RangeError(`threshold must be a finite number above 0 (got ${threshold})`);
  if (n === 0) throw new DegenerateData('there is no one to monitor');
  const path: number[] = new Array(n);
  const weights: number[] = new Array(n);
  const signals: number[] = [];
  // log1p keeps W exact for small p: log(1 − p + R·p) = log1p((R − 1)·p).
  const logOdds = Math.log(oddsRatio);
  let s = 0;
  for (let t = 0; t < n; t++) {
    const y = Number(outcome[t]);
    if (y !== 0 && y !== 1) throw new RangeError(`outcome must be 0 or 1 (got ${String(outcome[t])})`);
    const p = expected[t]!;
    checkExpected(p);
    const w = y * logOdds - Math.log1p((oddsRatio - 1) * p); // as cusumScores
    weights[t] = w;
    s = Math.max(0, s + w);
    path[t] = s;
    if (s >= threshold) {
      signals.push(t);
      if (restart) s = 0;
    }
  }
  return { path, weights, signals };
}
