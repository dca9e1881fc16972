/**
 * The verdict of a non-inferiority comparison from its two-sided 95% confidence interval and
 * margin, as the CONSORT extension for non-inferiority and equivalence trials reads it
 * (Piaggio, Elbourne, Pocock, Evans & Altman 2012, JAMA 308:2594, figure 1):
 * - `superior`: the CI lies entirely on the good side of no difference;
 * - `non_inferior`: the CI lies entirely on the good side of the margin (it may still
 *   include no difference, or lie wholly on the worse side of it but within the margin:
 *   `worse` says so);
 * - `inferior`: the CI lies entirely beyond the margin;
 * - `inconclusive`: otherwise (the CI contains the margin).
 *
 * The margin is signed: it lies on the worse side of no difference (above it where higher is
 * worse, such as reoffending; below it where higher is better). "Entirely" is strict: a CI
 * that touches the margin has not ruled it out. Works on any monotone scale (risk
 * difference with no difference 0; hazard ratio with 1). The R equivalent is a comparison of
 * `confint()` limits with the margin; no package computes it, so the tests check each branch.
 *
 * @example
 * nonInferiorityVerdict({ ciLow: -0.02, ciHigh: 0.01, margin: 0.03, noDifference: 0 });
 * // { verdict: 'non_inferior', worse: false }
 * nonInferiorityVerdict({ ciLow: 0.58, ciHigh: 3.85, margin: 1.25, noDifference: 1 });
 * // { verdict: 'inconclusive', worse: false }
 */
export type NonInferiorityVerdict = 'superior' | 'non_inferior' | 'inconclusive' | 'inferior';

export interface VerdictInput {
  ciLow: number;
  ciHigh: number;
  /** On the worse side of `noDifference`. */
  margin: number;
  noDifference: number;
}

export interface VerdictOutcome {
  verdict: NonInferiorityVerdict;
  /** The CI lies entirely on the worse side of no difference (worse, whatever the verdict). */
  worse: boolean;
}

export function nonInferiorityVerdict({ ciLow, ciHigh, margin, noDifference }: VerdictInput): VerdictOutcome {
  if (![ciLow, ciHigh, margin, noDifference].every(Number.isFinite)) throw new RangeError('a verdict needs a finite CI, margin and no-difference value');
  if (ciLow > ciHigh) throw new RangeError(`the CI's lower limit (${ciLow}) is above its upper limit (${ciHigh})`);
  if (margin === noDifference) throw new RangeError('the margin must differ from no difference');
  // Orient the scale so that larger is worse.
  const worseIsHigher = margin > noDifference;
  const [goodEnd, badEnd] = worseIsHigher ? [ciHigh, ciLow] : [-ciLow, -ciHigh];
  const [m, z] = worseIsHigher ? [margin, noDifference] : [-margin, -noDifference];
  const worse = badEnd > z;
  if (goodEnd < z) return { verdict: 'superior', worse };
  if (goodEnd < m) return { verdict: 'non_inferior', worse };
  if (badEnd > m) return { verdict: 'inferior', worse };
  return { verdict: 'inconclusive', worse };
}
