/**
 * Attrition weights: stabilised inverse probability of being observed (having a post score),
 * truncated at percentiles, for a complete-case analysis that stands for everyone who started
 * (inverse probability weighting for missing data, Seaman S.R. & White I.R. 2013, "Review of
 * inverse probability weighting for dealing with missing data", Stat. Methods Med. Res.
 * 22:278–295).
 *
 * Given p̂ᵢ, each person's fitted probability of being observed from a response model (e.g.
 * `logisticRegression` of observed on pre score, arm and covariates over everyone), and
 * share_observed = (number observed) / (number of people):
 *
 *     wᵢ = share_observed / p̂ᵢ        for the observed; null for the others
 *
 * the stabilised weight (numerator the marginal probability of being observed; Robins J.M.,
 * Hernán M.A. & Brumback B. 2000, "Marginal structural models and causal inference in
 * epidemiology", Epidemiology 11:550–560), then truncated: weights below the 1st percentile of
 * the observed people's weights are raised to it and weights above the 99th lowered to it —
 * capped, nobody dropped (Cole S.R. & Hernán M.A. 2008, "Constructing inverse probability
 * weights for marginal structural models", Am. J. Epidemiol. 168:656–664).
 *
 * Percentiles are R's default `quantile(w, c(0.01, 0.99), type = 7)`: with the n weights
 * sorted x₁ ≤ … ≤ xₙ, index = 1 + (n − 1)·prob, lo = ⌊index⌋, h = index − lo, and
 * Q = (1 − h)·x_lo + h·x_(lo+1), as R computes it (quantileType7.ts).
 *
 * Only the observed people's probabilities are used; each must be finite and in (0, 1]
 * (RangeError). `observed` is boolean or 0/1. Nobody observed throws {@link DegenerateData}.
 * The result is checked against R's glm → weights → quantile chain in
 * test/reference/weighted_ancova_cr2.R.
 *
 * @example
 * const r = attritionWeights([0.9, 0.8, 0.5, 0.6, 0.7, 0.4], [1, 1, 0, 1, 1, 0]);
 * // r.share_observed ≈ 0.666667 (4 of 6); raw weights 0.740741, 0.833333, 1.111111, 0.952381
 * // r.cap_low ≈ 0.743519, r.cap_high ≈ 1.106349 (quantile(w, c(.01, .99)) in R)
 * // r.weights ≈ [0.743519, 0.833333, null, 1.106349, 0.952381, null];
 * // r.truncated_low = 1, r.truncated_high = 1
 */
import { DegenerateData } from './degenerateData.ts';
import { quantileType7 } from './quantileType7.ts';

export interface AttritionWeights {
  /** Truncated stabilised weight of each observed person; null for people not observed. */
  weights: (number | null)[];
  /** Observed / everyone: the stabilising numerator. */
  share_observed: number;
  /** Number of observed people whose weight was raised to cap_low / lowered to cap_high. */
  truncated_low: number;
  truncated_high: number;
  /** The 1st and 99th percentiles (type 7) of the observed people's untruncated weights. */
  cap_low: number;
  cap_high: number;
}

/** Stabilised, truncated inverse probability of observation weights; see the file comment. */
export function attritionWeights(probability: ArrayLike<number>, observed: ArrayLike<boolean | number>): AttritionWeights {
  const N = probability.length;
  if (observed.length !== N) throw new RangeError(`observed has ${observed.length} values for ${N} probabilities`);
  const isObserved: boolean[] = [];
  for (let i = 0; i < N; i++) {
    const o = observed[i];
    if (o !== true && o !== false && o !== 0 && o !== 1) throw new RangeError(`observed ${i} is ${String(o)}: it must be 0/1 or a boolean`);
    isObserved.push(o === true || o === 1);
  }
  const count = isObserved.filter(Boolean).length;
  if (count === 0) throw new DegenerateData('nobody is observed: there is no one to weight');
  const share = count / N;

  const raw: (number | null)[] = isObserved.map((o, i) => {
    if (!o) return null;
    const p = probability[i] as number;
    if (!(Number.isFinite(p) && p > 0 && p <= 1)) throw new RangeError(`probability ${i} is ${p}: it must be in (0, 1]`);
    return share / p;
  });
  const sorted = raw.filter((w): w is number => w !== null).sort((a, b) => a - b);
  const capLow = quantileType7(sorted, 0.01);
  const capHigh = quantileType7(sorted, 0.99);
  let truncatedLow = 0;
  let truncatedHigh = 0;
  const weights = raw.map((w) => {
    if (w === null) return null;
    if (w < capLow) {
      truncatedLow++;
      return capLow;
    }
    if (w > capHigh) {
      truncatedHigh++;
      return capHigh;
    }
    return w;
  });
  return { weights, share_observed: share, truncated_low: truncatedLow, truncated_high: truncatedHigh, cap_low: capLow, cap_high: capHigh };
}
