/**
 * Propensity-score nearest-neighbour matching, the Justice Data Lab design (Rosenbaum &
 * Rubin 1983; Austin 2011, "An introduction to propensity score methods for reducing the
 * effects of confounding in observational studies", Multivariate Behav Res 46:399–424, and
 * Austin 2011, "Optimal caliper widths for propensity-score matching", Pharm Stat 10:150–161,
 * for the 0.2 SD caliper on the logit). Reproduces R's
 * `MatchIt::matchit(treat ~ covariates, method = "nearest", distance = "glm",
 * link = "linear.logit", caliper = 0.2, m.order = "largest", replace = FALSE, ratio = 1)`
 * (MatchIt 4.5; `?method_nearest`, `MatchIt:::process.caliper`, `MatchIt:::matchit2nearest`):
 *
 * - distance = the linear predictor (logit of the propensity score) of a logistic
 *   regression of treatment on the covariates (`logisticRegression`);
 * - caliper width = caliper × sd(distance) over all units (sample SD, n − 1; `std.caliper = TRUE`);
 * - treated units are taken in descending order of distance (ties: original order, as R's
 *   stable `order(decreasing = TRUE)`); each takes the nearest still-unused control if it
 *   lies within the caliper (|difference| ≤ width), otherwise stays unmatched;
 *   ties between equally near controls go to the lower index (an assumption: MatchIt's
 *   C++ tie rule was not checked; the fixtures avoid exact ties);
 * - with `exact` strata (MatchIt's `exact = ~ f`), a treated unit takes only controls of its
 *   own stratum; the propensity model, the caliper width and the order of the treated stay
 *   those of the whole sample.
 *
 * @example
 * const m = nearestNeighbourMatching({
 *   treated: [1, 1, 0, 0, 0, 0, 1, 0],
 *   covariates: { ogrs: [0.4, 0.6, 0.3, 0.5, 0.7, 0.45, 0.2, 0.1] },
 * });
 * // m.distance: 8 logits; m.caliperWidth = 0.2 × sd(m.distance);
 * // m.pairs: [{ treated, control, difference }] in matching order; m.unmatchedTreated: indices
 * // of treated with no control within the caliper; m.weights: 1 = matched, 0 = not
 */
import { DegenerateData } from './degenerateData.ts';
import { logisticRegression, type LogisticRegression } from './logisticRegression.ts';

export interface MatchingData {
  /** 1/true = treated (e.g. Building Choices), 0/false = comparison pool */
  treated: ArrayLike<number | boolean>;
  /** covariates of the propensity model, in model order */
  covariates: Record<string, ArrayLike<number>>;
  /** optional stratum of every row: matching is exact on it (MatchIt's `exact =`) */
  exact?: ArrayLike<string>;
}

export interface MatchedPair {
  /** index (into the input arrays) of the treated person */
  treated: number;
  /** index of the matched control */
  control: number;
  /** distance[treated] − distance[control] */
  difference: number;
}

export interface NearestNeighbourMatching {
  /** linear predictor (logit propensity score) for every input row */
  distance: number[];
  /** fitted propensity score for every input row */
  propensityScore: number[];
  /** caliper in SD units, as given */
  caliper: number;
  /** caliper × sd(distance): the largest allowed |difference| */
  caliperWidth: number;
  /** in matching order (treated by descending distance) */
  pairs: MatchedPair[];
  /** treated people left without a match, ascending index */
  unmatchedTreated: number[];
  /** MatchIt's weights: 1 for every matched person, 0 otherwise */
  weights: number[];
  /** the propensity model */
  model: LogisticRegression;
}

export interface MatchingOptions {
  /** caliper in SDs of the distance; default 0.2; Infinity for none */
  caliper?: number;
}

export function nearestNeighbourMatching(data: MatchingData, options: MatchingOptions = {}): NearestNeighbourMatching {
  const caliper = options.caliper ?? 0.2;
  const n = data.treated.length;
  const treat = new Uint8Array(n);
  let nt = 0;
  for (let i = 0; i < n; i++) {
    const v = Number(data.treated[i]);
    if (v !== 0 && v !== 1) throw new RangeError(`treated must be 0 or 1 (got ${String(data.treated[i])})`);
    treat[i] = v;
    nt += v;
  }
  if (nt === 0) throw new DegenerateData('no one is in the treated group, so there is no one to match');
  if (nt === n) throw new DegenerateData('no one is in the comparison group, so there is no one to match to');
  const model = logisticRegression({ y: treat, covariates: data.covariates });
  const distance = model.linearPredictor;
  let mean = 0;
  for (const d of distance) mean += d;
  mean /= n;
  let ss = 0;
  for (const d of distance) ss += (d - mean) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  const caliperWidth = Number.isFinite(caliper) ? Math.abs(caliper) * sd : Infinity;

  const treatedIdx: number[] = [];
  const controls: number[] = [];
  for (let i = 0; i < n; i++) (treat[i] === 1 ? treatedIdx : controls).push(i);
  treatedIdx.sort((a, b) => distance[b]! - distance[a]!); // stable: ties keep input order
  // Controls of each stratum (one stratum without `exact`) sorted by distance, for a binary
  // search; used ones are skipped.
  const stratum = (i: number) => (data.exact ? String(data.exact[i]) : '');
  const pools = new Map<string, { controls: number[]; cd: number[]; used: Uint8Array }>();
  for (const i of controls) {
    const pool = pools.get(stratum(i)) ?? { controls: [], cd: [], used: new Uint8Array(0) };
    pool.controls.push(i);
    pools.set(stratum(i), pool);
  }
  for (const pool of pools.values()) {
    pool.controls.sort((a, b) => distance[a]! - distance[b]! || a - b);
    pool.cd = pool.controls.map((i) => distance[i]!);
    pool.used = new Uint8Array(pool.controls.length);
  }
  const pairs: MatchedPair[] = [];
  const unmatched: number[] = [];
  const weights = new Array<number>(n).fill(0);
  for (const t of treatedIdx) {
    const dt = distance[t]!;
    const pool = pools.get(stratum(t));
    if (!pool) {
      unmatched.push(t);
      continue;
    }
    const { controls: pooled, cd, used } = pool;
    let lo = 0;
    let hi = cd.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cd[mid]! < dt) lo = mid + 1;
      else hi = mid;
    }
    let left = lo - 1;
    while (left >= 0 && used[left]) left--;
    let right = lo;
    while (right < cd.length && used[right]) right++;
    let best = -1;
    if (left >= 0 && right < cd.length) {
      const dl = dt - cd[left]!;
      const dr = cd[right]! - dt;
      best = dl < dr ? left : dr < dl ? right : pooled[left]! < pooled[right]! ? left : right;
    } else if (left >= 0) best = left;
    else if (right < cd.length) best = right;
    if (best < 0 || Math.abs(dt - cd[best]!) > caliperWidth) {
      unmatched.push(t);
      continue;
    }
    used[best] = 1;
    const c = pooled[best]!;
    pairs.push({ treated: t, control: c, difference: dt - distance[c]! });
    weights[t] = 1;
    weights[c] = 1;
  }
  unmatched.sort((a, b) => a - b);
  return { distance, propensityScore: model.fitted, caliper, caliperWidth, pairs, unmatchedTreated: unmatched, weights, model };
}
