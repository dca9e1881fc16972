/**
 * The threshold h of a risk-adjusted Bernoulli CUSUM (riskAdjustedCusum.ts) that gives a chosen
 * in-control average run length ARL₀ — the mean number of people monitored until a false
 * alarm when outcomes follow the risk model — found by simulation, as Steiner, Cook, Farewell
 * & Treasure (2000, "Monitoring surgical performance using risk-adjusted cumulative sum
 * charts", Biostatistics 1:441–452, §3) do: there is no closed form, because the run length
 * depends on the mix of risks monitored. Grigg O. & Farewell V. (2004, "An overview of
 * risk-adjusted charts", JRSS-A 167:523–539) review the choice of h by ARL.
 *
 * In-control model. Each replicate monitors people whose expected risk p_t is drawn with
 * replacement from `expected` (the reference population's risks) and whose outcome is
 * Bernoulli(p_t), scoring W_t = y_t·log R_A − log(1 − p_t + R_A·p_t) and S_t = max(0, S_{t−1} + W_t)
 * from S_0 = 0. The run length for h is RL(h) = min{t : S_t ≥ h}, and the estimated ARL is its
 * mean over the replicates.
 *
 * Common random numbers. The path S_t does not depend on h (before the first signal nothing
 * restarts), so each replicate is simulated once and every candidate h is judged on the same
 * paths. A replicate keeps only the records of its path — the times t_k at which S reaches
 * a new maximum m_k — since RL(h) = t_k for the first record with m_k ≥ h (binary search).
 * RL(h), and so the simulated ARL, is then a non-decreasing step function of h, constant on
 * each interval (a, b] between consecutive record values of all replicates. Replicates are
 * simulated just far enough: all of them are extended until their maximum reaches a level L
 * (raised by 0.5 at a time) until ARL(L) ≥ ARL₀, so a run is never simulated much beyond the
 * h that is wanted. h is then bisected exactly over the stored records to the interval (a, b]
 * where the simulated ARL first reaches ARL₀, and `threshold` is its midpoint (a + b)/2;
 * `achievedArl` is the simulated ARL there (≥ arl0, above it by at most one step).
 *
 * Censoring. A run that has not signalled after `maxRunLength` people (default 50·arl0) is
 * stopped and counted as maxRunLength. That shortens the simulated ARL, so h is, if anything,
 * set too high (fewer false alarms than asked for, never more); `censored` counts the runs
 * stopped at threshold h, normally 0.
 *
 * Random numbers. Replicate b (0-based) draws from its own Mersenne Twister, `@stdlib/random-base-randu`
 * seeded with the array [seed, b + 1] (init_by_array), so replicates can be extended in any
 * order and one seed always gives the same h: first a uniform u picks the risk
 * expected[⌊u·n⌋], then a second decides the outcome (u < p_t).
 *
 * Agreement with an independent simulation in R (test/reference/risk_adjusted_cusum.R,
 * h = 3.5, R_A = 2) is checked within Monte Carlo error, not to 1e-6.
 *
 * @example
 * const r = cusumThreshold({ expected: [0.1, 0.2, 0.3, 0.5], oddsRatio: 2, arl0: 1000, seed: 1 });
 * // r = { threshold: 3.6243…, arl0: 1000, achievedArl: 1000.3915, replicates: 2000, seed: 1, maxRunLength: 50000, censored: 0 }
 */
import randu from '@stdlib/random-base-randu';
import { DegenerateData } from './degenerateData.ts';
import { checkExpected, checkOddsRatio, cusumScores } from './riskAdjustedCusum.ts';

export interface CusumThresholdInput {
  /** the reference population's expected risks, resampled with replacement; each in (0, 1) */
  expected: ArrayLike<number>;
  /** R_A (default 2) */
  oddsRatio?: number;
  /** the in-control average run length wanted, in people (> 1) */
  arl0: number;
  /** seed of the Mersenne Twister, an integer from 1 to 2³² − 1 (default 1) */
  seed?: number;
  /** simulated in-control sequences (default 2000) */
  replicates?: number;
  /** people after which a run is stopped and counted as this long (default ⌈50·arl0⌉; must exceed arl0) */
  maxRunLength?: number;
}

export interface CusumThreshold {
  /** h */
  threshold: number;
  arl0: number;
  /** the simulated in-control ARL at h */
  achievedArl: number;
  replicates: number;
  seed: number;
  maxRunLength: number;
  /** runs that reached maxRunLength without a signal at h */
  censored: number;
}

export interface InControlRunLengthsInput {
  expected: ArrayLike<number>;
  oddsRatio?: number;
  threshold: number;
  seed?: number;
  replicates?: number;
  /** default 1 000 000 */
  maxRunLength?: number;
}

/** One in-control replicate: its generator, where it has got to and the records of its path. */
interface Replicate {
  rand: () => number;
  /** people monitored so far */
  t: number;
  s: number;
  /** new maxima of S, increasing, and the people monitored when each was reached */
  recordValue: number[];
  recordTime: number[];
}

/** In-control replicates on common random numbers, extended on demand; see the file comment. */
class InControlSimulation {
  private readonly p: Float64Array;
  private readonly w0: Float64Array;
  private readonly w1: Float64Array;
  private readonly runs: Replicate[];

  constructor(
    expected: ArrayLike<number>,
    oddsRatio: number,
    replicates: number,
    seed: number,
    readonly maxRunLength: number,
  ) {
    const n = expected.length;
    this.p = Float64Array.from(expected);
    this.w0 = new Float64Array(n);
    this.w1 = new Float64Array(n);
    for (let j = 0; j < n; j++) [this.w0[j], this.w1[j]] = cusumScores(this.p[j]!, oddsRatio);
    this.runs = Array.from({ length: replicates }, (_, b) => ({
      rand: randu.factory({ seed: new Uint32Array([seed, b + 1]) }),
      t: 0,
      s: 0,
      recordValue: [],
      recordTime: [],
    }));
  }

  /** Extends every replicate until its maximum reaches `level` or it reaches maxRunLength. */
  cover(level: number): void {
    const { p, w0, w1, maxRunLength } = this;
    const n = p.length;
    for (const run of this.runs) {
      const { rand, recordValue, recordTime } = run;
      let max = recordValue.length > 0 ? recordValue[recordValue.length - 1]! : 0;
      let { t, s } = run;
      while (max < level && t < maxRunLength) {
        const j = Math.floor(rand() * n);
        s += rand() < p[j]! ? w1[j]! : w0[j]!;
        if (s < 0) s = 0;
        t++;
        if (s > max) {
          max = s;
          recordValue.push(s);
          recordTime.push(t);
        }
      }
      run.t = t;
      run.s = s;
    }
  }

  /** RL(h) of replicate b: maxRunLength if it never reached h (valid once covered to h). */
  runLength(b: number, h: number): number {
    const { recordValue, recordTime } = this.runs[b]!;
    const k = firstAtLeast(recordValue, h);
    return k < recordValue.length ? recordTime[k]! : this.maxRunLength;
  }

  /** Whether replicate b's path has reached h (it may do so exactly at maxRunLength). */
  reached(b: number, h: number): boolean {
    const { recordValue } = this.runs[b]!;
    return recordValue.length > 0 && recordValue[recordValue.length - 1]! >= h;
  }

  /** Mean RL(h) over the replicates (valid once covered to h). */
  arl(h: number): number {
    let sum = 0;
    for (let b = 0; b < this.runs.length; b++) sum += this.runLength(b, h);
    return sum / this.runs.length;
  }

  /** Largest record value below h (0 if none) and smallest at or above it (Infinity if none). */
  breakpointsAround(h: number): [number, number] {
    let below = 0;
    let above = Infinity;
    for (const { recordValue } of this.runs) {
      const k = firstAtLeast(recordValue, h);
      if (k > 0) below = Math.max(below, recordValue[k - 1]!);
      if (k < recordValue.length) above = Math.min(above, recordValue[k]!);
    }
    return [below, above];
  }
}

/** Index of the first entry of the increasing array `sorted` that is ≥ x (its length if none). */
function firstAtLeast(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function checkCommon(expected: ArrayLike<number>, oddsRatio: number, seed: number, replicates: number, maxRunLength: number): void {
  checkOddsRatio(oddsRatio);
  if (!(Number.isInteger(seed) && seed >= 1 && seed <= 0xffffffff)) throw new RangeError(`seed must be a whole number from 1 to 2^32 − 1 (got ${seed})`);
  if (!(Number.isInteger(replicates) && replicates >= 1)) throw new RangeError(`replicates must be a whole number ≥ 1 (got ${replicates})`);
  if (!(Number.isInteger(maxRunLength) && maxRunLength >= 1)) throw new RangeError(`maxRunLength must be a whole number ≥ 1 (got ${maxRunLength})`);
  if (expected.length === 0) throw new DegenerateData('there are no expected risks to simulate people from');
  for (let j = 0; j < expected.length; j++) checkExpected(expected[j]!);
}

/**
 * The in-control run lengths RL(h) of each replicate, capped at maxRunLength, on the same
 * random numbers as cusumThreshold with the same seed, replicates and maxRunLength (so the
 * mean at its threshold is its achievedArl); a different seed gives an independent check.
 */
export function inControlRunLengths(input: InControlRunLengthsInput): Float64Array {
  const oddsRatio = input.oddsRatio ?? 2;
  const seed = input.seed ?? 1;
  const replicates = input.replicates ?? 2000;
  const maxRunLength = input.maxRunLength ?? 1_000_000;
  const { threshold } = input;
  checkCommon(input.expected, oddsRatio, seed, replicates, maxRunLength);
  if (!(Number.isFinite(threshold) && threshold > 0)) throw new RangeError(`threshold must be a finite number above 0 (got ${threshold})`);
  const sim = new InControlSimulation(input.expected, oddsRatio, replicates, seed, maxRunLength);
  sim.cover(threshold);
  return Float64Array.from({ length: replicates }, (_, b) => sim.runLength(b, threshold));
}

/** The threshold h giving in-control ARL ≈ arl0 by simulation; see the file comment. */
export function cusumThreshold(input: CusumThresholdInput): CusumThreshold {
  const { arl0 } = input;
  const oddsRatio = input.oddsRatio ?? 2;
  const seed = input.seed ?? 1;
  const replicates = input.replicates ?? 2000;
  if (!(Number.isFinite(arl0) && arl0 > 1)) throw new RangeError(`arl0 must be a finite number above 1 (got ${arl0})`);
  const maxRunLength = input.maxRunLength ?? Math.ceil(50 * arl0);
  checkCommon(input.expected, oddsRatio, seed, replicates, maxRunLength);
  if (!(maxRunLength > arl0)) throw new RangeError(`maxRunLength must exceed arl0 (got ${maxRunLength} and ${arl0})`);

  const sim = new InControlSimulation(input.expected, oddsRatio, replicates, seed, maxRunLength);
  // Raise the covered level until the simulated ARL reaches arl0. It must: once every run
  // is censored the ARL is maxRunLength > arl0.
  const STEP = 0.5;
  let level = STEP;
  sim.cover(level);
  while (sim.arl(level) < arl0) {
    level += STEP;
    sim.cover(level);
  }
  // Bisect over the stored paths: ARL(lo) < arl0 ≤ ARL(hi) (ARL(0+) < arl0 is not assumed: if
  // the first step already reaches arl0, lo stays 0 and the interval is (0, b]).
  let lo = level - STEP;
  let hi = level;
  for (;;) {
    const mid = lo + (hi - lo) / 2;
    if (mid <= lo || mid >= hi) break;
    if (sim.arl(mid) >= arl0) hi = mid;
    else lo = mid;
  }
  const [below, above] = sim.breakpointsAround(hi);
  const threshold = Number.isFinite(above) ? (below + above) / 2 : (below + level) / 2;
  const achievedArl = sim.arl(threshold);
  let censored = 0;
  for (let b = 0; b < replicates; b++) if (!sim.reached(b, threshold)) censored++;
  return { threshold, arl0, achievedArl, replicates, seed, maxRunLength, censored };
}
