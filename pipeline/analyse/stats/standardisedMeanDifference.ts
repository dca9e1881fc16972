/**
 * Standardised mean difference of a covariate between treated and comparison groups, for
 * balance before and after matching (Austin 2009, "Balance diagnostics for comparing the
 * distribution of baseline covariates between treatment groups in propensity-score matched
 * samples", Stat Med 28:3083–3107; Austin 2011). Reproduces the "Std. Mean Diff." column of
 * MatchIt's `summary(m)$sum.all` (before, no weights) and `$sum.matched` (after, matching
 * weights) for the ATT (`MatchIt:::bal1var`, s.d.denom = "treated", MatchIt 4.5):
 *
 * - numerator: weighted mean among treated − weighted mean among controls;
 * - denominator: the SD of the covariate among **all** treated units of the full sample,
 *   unweighted, both before and after matching: for a binary (all 0/1) covariate
 *   sqrt(p (1 − p)) with no n − 1 correction, otherwise the sample SD (n − 1);
 *   if that SD is below sqrt(machine eps), MatchIt's pooled SD (proportional contribution);
 * - if |difference| ≤ sqrt(machine eps) MatchIt reports the raw difference (not standardised);
 *   so does this.
 *
 * @example
 * const b = standardisedMeanDifference([30, 42, 28, 41, 55, 35], [1, 1, 0, 0, 0, 0]);
 * // { meanTreated: 36, meanControl: 39.75, difference: -3.75, sd: 8.485…, smd: -0.4419…, binary: false }
 * const after = standardisedMeanDifference(age, treated, matching.weights);
 */
import { DegenerateData } from './degenerateData.ts';

export interface StandardisedMeanDifference {
  meanTreated: number;
  meanControl: number;
  /** meanTreated − meanControl */
  difference: number;
  /** the standardising SD (treated group, full sample) */
  sd: number;
  /** difference / sd (or the raw difference when it is below sqrt(eps), as MatchIt) */
  smd: number;
  /** the covariate is 0/1 */
  binary: boolean;
}

const SQRT_EPS = Math.sqrt(2.220446049250313e-16);

/**
 * @param x covariate values for everyone in the full (unmatched) sample
 * @param treated 1/true = treated
 * @param weights matching weights (e.g. `nearestNeighbourMatching(...).weights`); omit for "before matching"
 */
export function standardisedMeanDifference(x: ArrayLike<number>, treated: ArrayLike<number | boolean>, weights?: ArrayLike<number>): StandardisedMeanDifference {
  const n = x.length;
  if (treated.length !== n || (weights && weights.length !== n)) throw new RangeError('x, treated and weights must have the same length');
  let binary = true;
  let sw1 = 0;
  let sw0 = 0;
  let sx1 = 0;
  let sx0 = 0;
  let nw1 = 0;
  let nw0 = 0;
  let n1 = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (!Number.isFinite(v)) throw new DegenerateData('a covariate value is missing or not a number');
    if (v !== 0 && v !== 1) binary = false;
    const w = weights ? weights[i]! : 1;
    if (Number(treated[i]) === 1) {
      n1++;
      sw1 += w;
      sx1 += w * v;
      if (w !== 0) nw1++;
    } else {
      sw0 += w;
      sx0 += w * v;
      if (w !== 0) nw0++;
    }
  }
  if (n1 === 0) throw new DegenerateData('no one is in the treated group');
  if (n1 === n) throw new DegenerateData('no one is in the comparison group');
  if (sw1 <= 0 || sw0 <= 0) throw new DegenerateData('after matching, one of the groups has no one in it');
  if (nw1 < 2 && nw0 < 2) throw new DegenerateData('too few people in the groups to standardise a difference');
  const meanTreated = sx1 / sw1;
  const meanControl = sx0 / sw0;
  const difference = meanTreated - meanControl;
  let sd = treatedSd(x, treated, binary);
  if (!(sd >= SQRT_EPS)) sd = pooledSd(x, treated, binary);
  if (Math.abs(difference) <= SQRT_EPS) return { meanTreated, meanControl, difference, sd, smd: difference, binary };
  if (!(sd > 0)) throw new DegenerateData('the covariate does not vary within the groups, so its difference cannot be standardised');
  return { meanTreated, meanControl, difference, sd, smd: difference / sd, binary };
}

function treatedSd(x: ArrayLike<number>, treated: ArrayLike<number | boolean>, binary: boolean): number {
  let s = 0;
  let m = 0;
  for (let i = 0; i < x.length; i++) if (Number(treated[i]) === 1) {
    s += x[i]!;
    m++;
  }
  const mean = s / m;
  if (binary) return Math.sqrt(mean * (1 - mean));
  if (m < 2) return NaN;
  let ss = 0;
  for (let i = 0; i < x.length; i++) if (Number(treated[i]) === 1) ss += (x[i]! - mean) ** 2;
  return Math.sqrt(ss / (m - 1));
}

/** MatchIt:::pooled_sd, contribution = "proportional", unweighted. */
function pooledSd(x: ArrayLike<number>, treated: ArrayLike<number | boolean>, binary: boolean): number {
  const n = x.length;
  const sum = [0, 0];
  const cnt = [0, 0];
  for (let i = 0; i < n; i++) {
    const g = Number(treated[i]) === 1 ? 1 : 0;
    sum[g]! += x[i]!;
    cnt[g]!++;
  }
  if (binary) {
    let v = 0;
    for (const g of [0, 1]) v += (sum[g]! * (1 - sum[g]! / cnt[g]!)) / n;
    return Math.sqrt(v);
  }
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const g = Number(treated[i]) === 1 ? 1 : 0;
    ss += (x[i]! - sum[g]! / cnt[g]!) ** 2;
  }
  return Math.sqrt(ss / (n - 2));
}
