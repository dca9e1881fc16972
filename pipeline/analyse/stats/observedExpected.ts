/**
 * Observed/expected ratio: the number of people reconvicted (O) against the number expected
 * (E = the sum of each person's predicted probability, e.g. OGRS), with exact Poisson
 * (Garwood 1936, "Fiducial limits for the Poisson distribution", Biometrika 28:437–442)
 * limits on O divided by E, and the two-sided exact Poisson test of O/E = 1. Treating E
 * as fixed and O as Poisson is the usual indirect-standardisation (SMR) argument
 * (Breslow & Day 1987, Statistical Methods in Cancer Research II, §2.3). Reproduces R's
 * `poisson.test(O, T = E)`: ratio = `$estimate`, limits = `$conf.int`
 * (qgamma(α/2, O) / E and qgamma(1 − α/2, O + 1) / E; lower is 0 when O = 0), p = `$p.value`
 * (R's two-sided rule: the sum of the probabilities no larger than P(O), relErr 1 + 1e-7).
 *
 * @example
 * observedExpected(30, 24.6);
 * // { observed: 30, expected: 24.6, ratio: 1.21951…, lower: 0.82280…, upper: 1.74093…, p: 0.26641…, confLevel: 0.95 }
 * observedExpected([1, 0, 1, 0], [0.4, 0.3, 0.5, 0.2]); // O = 2, E = 1.4
 */
import chisquare from '@stdlib/stats-base-dists-chisquare';
import poisson from '@stdlib/stats-base-dists-poisson';
import { DegenerateData } from './degenerateData.ts';
import { regularizedGammaP, regularizedGammaQ } from './regularizedGamma.ts';

export interface ObservedExpected {
  observed: number;
  expected: number;
  /** observed / expected */
  ratio: number;
  lower: number;
  upper: number;
  /** two-sided exact Poisson p-value for ratio = 1 */
  p: number;
  confLevel: number;
}

/** R's ppois(k, m) (lower tail, P(X <= k)). */
function ppoisLower(k: number, m: number): number {
  return k < 0 ? 0 : regularizedGammaQ(k + 1, m);
}
/** R's ppois(k, m, lower.tail = FALSE) (P(X > k)). */
function ppoisUpper(k: number, m: number): number {
  return k < 0 ? 1 : regularizedGammaP(k + 1, m);
}
/** qgamma(p, shape) with unit rate. */
function qgamma(p: number, shape: number): number {
  return chisquare.quantile(p, 2 * shape) / 2;
}

function exactPoissonTwoSided(x: number, m: number): number {
  const relErr = 1 + 1e-7;
  const d = poisson.pmf(x, m);
  if (x === m) return 1;
  if (x < m) {
    let N = Math.ceil(2 * m - x);
    while (poisson.pmf(N, m) > d) N *= 2;
    let y = 0;
    for (let i = Math.ceil(m); i <= N; i++) if (poisson.pmf(i, m) <= d * relErr) y++;
    return Math.min(1, ppoisLower(x, m) + ppoisUpper(N - y, m));
  }
  let y = 0;
  for (let i = 0; i <= Math.floor(m); i++) if (poisson.pmf(i, m) <= d * relErr) y++;
  return Math.min(1, ppoisLower(y - 1, m) + ppoisUpper(x - 1, m));
}

/**
 * @param observed number reconvicted (a whole number ≥ 0), or the 0/1 outcomes themselves
 * @param expected the expected number, or the predicted probabilities to sum
 */
export function observedExpected(observed: number | ArrayLike<number>, expected: number | ArrayLike<number>, confLevel = 0.95): ObservedExpected {
  const O = typeof observed === 'number' ? observed : sumOf(observed, 'observed outcomes');
  const E = typeof expected === 'number' ? expected : sumOf(expected, 'predicted probabilities');
  if (!Number.isInteger(O) || O < 0) throw new DegenerateData(`the observed count must be a whole number (got ${O})`);
  if (!(E > 0) || !Number.isFinite(E)) throw new DegenerateData('the expected count is zero, so an observed/expected ratio cannot be formed');
  if (!(confLevel > 0 && confLevel < 1)) throw new RangeError('confLevel must lie strictly between 0 and 1');
  const alpha = (1 - confLevel) / 2;
  const lower = O === 0 ? 0 : qgamma(alpha, O) / E;
  const upper = qgamma(1 - alpha, O + 1) / E;
  return { observed: O, expected: E, ratio: O / E, lower, upper, p: exactPoissonTwoSided(O, E), confLevel };
}

function sumOf(values: ArrayLike<number>, what: string): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) throw new DegenerateData(`the ${what} include a value that is not a number`);
    s += v;
  }
  return s;
}
