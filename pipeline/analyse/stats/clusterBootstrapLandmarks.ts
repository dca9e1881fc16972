/**
 * Kaplan–Meier survival at landmark times (e.g. 365 and 730 days) with two intervals: the
 * usual Greenwood log interval, which treats people as independent, and a percentile
 * interval from a bootstrap that resamples whole clusters (programme groups), which does not.
 *
 * Point estimate and Greenwood interval. S(t) is the Kaplan–Meier estimate (kaplanMeier.ts,
 * Kaplan & Meier 1958) at the last distinct time ≤ t, and ci_low/ci_high its log-transformed
 * Greenwood (1926) limits there. This reproduces R's survival package
 *
 *     summary(survfit(Surv(time, event) ~ 1), times = landmarks, extend = TRUE)
 *
 * (`$surv`, `$lower`, `$upper`, `$n.risk`; R sorts the times, here rows keep the order of
 * `landmarks`): before any event S = 1 with lower = upper = 1
 * (std.err 0); where S has reached 0, R's NA limits are null here. `n_risk` is the number
 * still followed up at t, #(time ≥ t). A landmark beyond the last follow-up time keeps the
 * last S and its limits (R's `extend = TRUE`) with `n_risk` 0 — a warning that the
 * estimate rests on no one observed that long. With no events at all, S = 1 everywhere
 * (kaplanMeier refuses that case; survfit gives surv 1, lower = upper = 1).
 *
 * Cluster bootstrap. Each replicate draws J clusters with replacement from the J clusters
 * (equal `cluster` values are one cluster; null/undefined is a cluster of its own, see
 * `clusterRows`), rebuilds the data from the drawn clusters, and recomputes S(t) by
 * Kaplan–Meier. boot_ci_low/boot_ci_high are the percentile interval: R's type 7 quantiles
 * of the replicate values at (1 − confLevel)/2 and (1 + confLevel)/2 (Efron B. & Tibshirani
 * R.J. 1993, An Introduction to the Bootstrap, Chapman & Hall, §13.3; resampling clusters:
 * Davison A.C. & Hinkley D.V. 1997, Bootstrap Methods and their Application, CUP, §3.8;
 * Field C.A. & Welsh A.H. 2007, "Bootstrapping clustered data", JRSS-B 69:369–390). A
 * replicate's data are never copied: the times are sorted once, and a replicate is the
 * number of times each cluster was drawn (its multiplicity), used as a weight in one
 * landmark-only product-limit pass (`landmarkPass`), which equals kaplanMeier on the
 * rebuilt data. Draws come from `@stdlib/random-base-discrete-uniform` (Mersenne Twister)
 * seeded with `seed`, so one seed always gives the same interval. Fewer than two clusters
 * (nothing to resample) or `replicates: 0` leave the bootstrap limits null.
 *
 * The bootstrap interval has no single canonical R call, so it is not tested against R; a
 * reference would be `boot::boot` over cluster ids with a statistic that rebuilds the data
 * from the drawn clusters and takes `summary(survfit(...), times = ...)$surv`, then
 * `boot.ci(type = "perc")` (which uses a different quantile rule from type 7). It is
 * checked instead by seed coverage (test/recovery/landmarkCoverage.ts), and against
 * Greenwood's width when there is no clustering.
 *
 * @example
 * const r = clusterBootstrapLandmarks({
 *   time: [30, 60, 60, 90, 120, 150, 200, 240, 300, 365, 400, 500],
 *   event: [1, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0],
 *   cluster: ['a', 'a', 'b', 'b', 'c', 'c', 'd', 'd', 'e', null, 'f', 'f'],
 *   landmarks: [10, 100, 365, 1000],
 *   replicates: 999, seed: 1,
 * });
 * // r.clusters = 7 (six groups and one person without a group)
 * // r.rows[0] = { time: 10, surv: 1, ci_low: 1, ci_high: 1, boot_ci_low: 1, boot_ci_high: 1, n_risk: 12 }
 * // r.rows[1] = { time: 100, surv: 0.74074…, ci_low: 0.52587…, ci_high: 1, boot_ci_low: 0.38448…, boot_ci_high: 1, n_risk: 8 }
 * // r.rows[2] = { time: 365, surv: 0.39683…, ci_low: 0.17643…, ci_high: 0.89253…, boot_ci_low: 0, boot_ci_high: 0.74074…, n_risk: 3 }
 * // r.rows[3] = { time: 1000, surv: 0.19841…, ci_low: 0.03984…, ci_high: 0.98820…, boot_ci_low: 0, boot_ci_high: 0.42328…, n_risk: 0 }
 * // surv, ci_low, ci_high and n_risk are R's summary(survfit(Surv(time, event) ~ 1), times = c(10, 100, 365, 1000), extend = TRUE)
 */
import discreteUniform from '@stdlib/random-base-discrete-uniform';
import { clusterRows, type ClusterId } from './clusterRobustCr2.ts';
import { DegenerateData } from './degenerateData.ts';
import { quantileType7 } from './quantileType7.ts';
import { kaplanMeier, type KaplanMeierRow } from './kaplanMeier.ts';

export interface LandmarkSurvivalRow {
  /** the landmark */
  time: number;
  /** Kaplan–Meier S at the last distinct time ≤ landmark (1 before any event) */
  surv: number;
  /** Greenwood log interval as survfit; null where S = 0 (R: NA) */
  ci_low: number | null;
  ci_high: number | null;
  /** cluster-bootstrap percentile interval; null with fewer than two clusters or no replicates */
  boot_ci_low: number | null;
  boot_ci_high: number | null;
  /** people still followed up at the landmark, #(time ≥ landmark); 0 beyond the last follow-up */
  n_risk: number;
}

export interface ClusterBootstrapLandmarks {
  replicates: number;
  seed: number;
  /** number of clusters, people without a cluster counted one each */
  clusters: number;
  rows: LandmarkSurvivalRow[];
}

export interface ClusterBootstrapLandmarksInput {
  /** follow-up time, finite */
  time: ArrayLike<number>;
  /** 1 (or true) = event at `time`, 0 (or false) = censored */
  event: ArrayLike<number | boolean>;
  /** cluster of each person; null/undefined = a cluster of one */
  cluster: ArrayLike<ClusterId>;
  /** landmark times, reported in the order given */
  landmarks: readonly number[];
  /** bootstrap replicates (default 999; 0 = no bootstrap) */
  replicates?: number;
  /** seed of the Mersenne Twister, an integer from 1 to 2³² − 1 (default 1) */
  seed?: number;
  /** default 0.95 */
  confLevel?: number;
}

/** The data sorted once for repeated landmark-only Kaplan–Meier passes with cluster weights. */
export interface LandmarkPassData {
  /** cluster index (0..J−1) of each person, people in time order */
  clusterOf: Int32Array;
  /** 1 = event, people in time order */
  event: Uint8Array;
  /** first person (in time order) of each distinct time, with the end appended */
  groupStart: Int32Array;
  /** for each landmark, the number of distinct times ≤ it */
  upTo: Int32Array;
  /** landmark indices in increasing order of `upTo` */
  landmarkOrder: Int32Array;
  /** people in each cluster */
  clusterSize: Float64Array;
}

/**
 * Sorts the people by time once and finds, for each landmark, how many distinct times lie
 * at or before it. `clusterOf[i]` is person i's cluster index in 0..clusters−1.
 */
export function prepareLandmarkPass(
  time: ArrayLike<number>,
  event: ArrayLike<number | boolean>,
  clusterOf: ArrayLike<number>,
  clusters: number,
  landmarks: readonly number[],
): LandmarkPassData {
  const n = time.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => time[a]! - time[b]!);
  const sortedCluster = new Int32Array(n);
  const sortedEvent = new Uint8Array(n);
  const starts: number[] = [];
  const distinct: number[] = [];
  const clusterSize = new Float64Array(clusters);
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    sortedCluster[k] = clusterOf[i]!;
    sortedEvent[k] = Number(event[i]) === 1 ? 1 : 0;
    clusterSize[clusterOf[i]!]! += 1;
    const t = time[i]!;
    if (k === 0 || t !== distinct[distinct.length - 1]) {
      starts.push(k);
      distinct.push(t);
    }
  }
  starts.push(n);
  const upTo = Int32Array.from(landmarks, (t) => countAtOrBefore(distinct, t));
  const landmarkOrder = Int32Array.from(landmarks.keys()).sort((a, b) => upTo[a]! - upTo[b]!);
  return { clusterOf: sortedCluster, event: sortedEvent, groupStart: Int32Array.from(starts), upTo, landmarkOrder, clusterSize };
}

/**
 * Kaplan–Meier S at each landmark of `data` with each person weighted by their cluster's
 * `multiplicity` (how often the cluster was drawn), written into `out` (one per landmark).
 * With integer multiplicities this is the product-limit estimate of the data with each
 * cluster repeated that many times, computed as kaplanMeier does, (n − d)/n at each time
 * with an event.
 */
export function landmarkPass(data: LandmarkPassData, multiplicity: ArrayLike<number>, out: Float64Array): Float64Array {
  const { clusterOf, event, groupStart, upTo, landmarkOrder, clusterSize } = data;
  let atRisk = 0;
  for (let c = 0; c < clusterSize.length; c++) atRisk += multiplicity[c]! * clusterSize[c]!;
  let survival = 1;
  let g = 0;
  for (let k = 0; k < landmarkOrder.length; k++) {
    const landmark = landmarkOrder[k]!;
    const stop = upTo[landmark]!;
    for (; g < stop; g++) {
      let d = 0;
      let removed = 0;
      const end = groupStart[g + 1]!;
      for (let i = groupStart[g]!; i < end; i++) {
        const w = multiplicity[clusterOf[i]!]!;
        removed += w;
        if (event[i] === 1) d += w;
      }
      if (d > 0) survival *= (atRisk - d) / atRisk;
      atRisk -= removed;
    }
    out[landmark] = survival;
  }
  return out;
}

/** Number of entries of the increasing array `sorted` that are ≤ t. */
function countAtOrBefore(sorted: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of entries of the increasing array `sorted` that are < t. */
function countBefore(sorted: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Landmark Kaplan–Meier survival with Greenwood and cluster-bootstrap intervals; see the file comment. */
export function clusterBootstrapLandmarks(input: ClusterBootstrapLandmarksInput): ClusterBootstrapLandmarks {
  const { time, event, cluster, landmarks } = input;
  const replicates = input.replicates ?? 999;
  const seed = input.seed ?? 1;
  const confLevel = input.confLevel ?? 0.95;
  const n = time.length;
  if (event.length !== n) throw new RangeError(`time has ${n} entries but event has ${event.length}`);
  if (cluster.length !== n) throw new RangeError(`time has ${n} entries but cluster has ${cluster.length}`);
  if (!(Number.isInteger(replicates) && replicates >= 0)) throw new RangeError(`replicates must be a whole number ≥ 0 (got ${replicates})`);
  if (!(Number.isInteger(seed) && seed >= 1 && seed <= 0xffffffff)) throw new RangeError(`seed must be a whole number from 1 to 2^32 − 1 (got ${seed})`);
  if (!(confLevel > 0 && confLevel < 1)) throw new RangeError(`confLevel must lie strictly between 0 and 1 (got ${confLevel})`);
  for (const t of landmarks) if (!Number.isFinite(t)) throw new RangeError(`a landmark is not a finite number (got ${t})`);
  if (n === 0) throw new DegenerateData('there is no one to estimate survival at the landmarks for');
  let events = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(time[i])) throw new DegenerateData('a follow-up time is missing or not a number');
    if (Number(event[i]) === 1) events++;
    else if (Number(event[i]) !== 0) throw new RangeError(`event must be 0 or 1 (got ${String(event[i])})`);
  }

  // Point estimate, Greenwood limits and numbers at risk.
  const km: KaplanMeierRow[] = events > 0 ? kaplanMeier(time, event, confLevel).rows : [];
  const kmTimes = km.map((r) => r.time);
  const sortedTimes = Float64Array.from(time).sort();
  const rows: LandmarkSurvivalRow[] = landmarks.map((t) => {
    const at = countAtOrBefore(kmTimes, t) - 1;
    const row = at >= 0 ? km[at]! : null;
    return {
      time: t,
      surv: row ? row.survival : 1,
      ci_low: row ? row.lower : 1,
      ci_high: row ? row.upper : 1,
      boot_ci_low: null,
      boot_ci_high: null,
      n_risk: n - countBefore(sortedTimes, t),
    };
  });

  // Cluster bootstrap.
  const groups = clusterRows(cluster);
  const J = groups.length;
  if (J >= 2 && replicates > 0 && landmarks.length > 0) {
    const clusterOf = new Int32Array(n);
    groups.forEach((members, j) => {
      for (const i of members) clusterOf[i] = j;
    });
    const data = prepareLandmarkPass(time, event, clusterOf, J, landmarks);
    const draw = discreteUniform.factory(0, J - 1, { seed });
    const multiplicity = new Float64Array(J);
    const out = new Float64Array(landmarks.length);
    const boot = landmarks.map(() => new Float64Array(replicates));
    for (let b = 0; b < replicates; b++) {
      multiplicity.fill(0);
      for (let j = 0; j < J; j++) multiplicity[draw()]! += 1;
      landmarkPass(data, multiplicity, out);
      for (let k = 0; k < landmarks.length; k++) boot[k]![b] = out[k]!;
    }
    const alpha = (1 - confLevel) / 2;
    rows.forEach((row, k) => {
      const values = boot[k]!.sort();
      row.boot_ci_low = quantileType7(values, alpha);
      row.boot_ci_high = quantileType7(values, 1 - alpha);
    });
  }
  return { replicates, seed, clusters: J, rows };
}
