/**
 * Run lengths of the risk-adjusted Bernoulli CUSUM (riskAdjustedCusum) with the threshold
 * cusumThreshold picks for ARL₀. Risks are drawn with replacement from the 40-risk pool of
 * test/reference/risk_adjusted_cusum.json (mean 0.34).
 *
 * 1. In control: run lengths on a fresh simulation independent of the one that chose h
 *    (seed + 1000, --check-replicates runs): mean (Monte Carlo SE), median, quantiles and
 *    the share that signal within 500 people, against ARL₀.
 * 2. Out of control from the start: every outcome drawn at odds ratio --shift (zero-state ARL₁).
 * 3. Planted drift: --sequences sequences, in control for people 1..--change, then odds
 *    ratio --shift; the chart runs without restart until its first signal (at most --after
 *    people after the change). A signal before the change is a false alarm; otherwise the
 *    detection delay is the number of people from the first drifted one to the signal,
 *    inclusive.
 *
 *   node --import tsx test/recovery/cusumRunLengths.ts [--arl0 1000] [--odds-ratio 2] [--shift 2]
 *     [--replicates 2000] [--seed 1] [--check-replicates 5000] [--sequences 200] [--change 500] [--after 5000]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import randu from '@stdlib/random-base-randu';
import { cusumThreshold, inControlRunLengths } from '../../pipeline/analyse/stats/cusumThreshold.ts';
import { riskAdjustedCusum } from '../../pipeline/analyse/stats/riskAdjustedCusum.ts';
import { numberArg } from './analyseSeeds.ts';

const arl0 = numberArg('arl0', 1000);
const oddsRatio = numberArg('odds-ratio', 2);
const shift = numberArg('shift', 2);
const replicates = numberArg('replicates', 2000);
const seed = numberArg('seed', 1);
const checkReplicates = numberArg('check-replicates', 5000);
const sequences = numberArg('sequences', 200);
const change = numberArg('change', 500);
const after = numberArg('after', 5000);

const pool = (JSON.parse(readFileSync(join(import.meta.dirname, '../reference/risk_adjusted_cusum.json'), 'utf8')) as { arl: { pool: number[] } }).arl.pool;

/** Risks and outcomes of one sequence: in control before `from`, odds ratio `shiftBy` from it on. */
function drawSequence(rand: () => number, n: number, from: number, shiftBy: number): { expected: number[]; outcome: (0 | 1)[] } {
  const expected: number[] = [];
  const outcome: (0 | 1)[] = [];
  for (let t = 0; t < n; t++) {
    const p = pool[Math.floor(rand() * pool.length)]!;
    const q = t >= from ? (shiftBy * p) / (1 - p + shiftBy * p) : p;
    expected.push(p);
    outcome.push(rand() < q ? 1 : 0);
  }
  return { expected, outcome };
}

function summary(xs: number[]): { mean: number; se: number; sd: number; q: (f: number) => number } {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const sorted = [...xs].sort((a, b) => a - b);
  const q = (f: number) => {
    const h = (n - 1) * f;
    const lo = Math.floor(h);
    return sorted[lo]! + (h - lo) * (sorted[Math.min(lo + 1, n - 1)]! - sorted[lo]!);
  };
  return { mean, se: sd / Math.sqrt(n), sd, q };
}
const f0 = (x: number) => x.toFixed(0);
const f1 = (x: number) => x.toFixed(1);

let started = performance.now();
const chosen = cusumThreshold({ expected: pool, oddsRatio, arl0, seed, replicates });
const thresholdSeconds = (performance.now() - started) / 1000;
const h = chosen.threshold;

started = performance.now();
const fresh = Array.from(inControlRunLengths({ expected: pool, oddsRatio, threshold: h, seed: seed + 1000, replicates: checkReplicates, maxRunLength: chosen.maxRunLength }));
const freshSeconds = (performance.now() - started) / 1000;
const inControl = summary(fresh);
const censored = fresh.filter((x) => x >= chosen.maxRunLength).length;

// Zero-state out-of-control ARL: shifted from the first person.
const rand = randu.factory({ seed: new Uint32Array([seed, 2_000_000]) });
const outOfControl: number[] = [];
for (let k = 0; k < sequences; k++) {
  const { expected, outcome } = drawSequence(rand, after, 0, shift);
  const first = riskAdjustedCusum({ outcome, expected, oddsRatio, threshold: h }).signals[0];
  outOfControl.push(first === undefined ? after : first + 1);
}
const ooc = summary(outOfControl);

// Planted drift after person `change`.
const delays: number[] = [];
let falseAlarms = 0;
let missed = 0;
for (let k = 0; k < sequences; k++) {
  const r = randu.factory({ seed: new Uint32Array([seed, 3_000_000 + k]) });
  const { expected, outcome } = drawSequence(r, change + after, change, shift);
  const first = riskAdjustedCusum({ outcome, expected, oddsRatio, threshold: h }).signals[0];
  if (first === undefined) missed++;
  else if (first < change) falseAlarms++;
  else delays.push(first - change + 1);
}
const delay = summary(delays);

const pct = (x: number, n: number) => `${((100 * x) / n).toFixed(1)}%`;
process.stdout.write(
  `\nRisk-adjusted Bernoulli CUSUM, R_A = ${oddsRatio}; risks from a pool of ${pool.length} (mean ${(pool.reduce((a, b) => a + b, 0) / pool.length).toFixed(3)})\n` +
    `cusumThreshold(arl0 ${arl0}, ${replicates} replicates, seed ${seed}): h = ${h.toFixed(4)}, simulated ARL ${f1(chosen.achievedArl)}, ` +
    `censored ${chosen.censored} at ${chosen.maxRunLength} (${thresholdSeconds.toFixed(2)} s)\n\n` +
    `                                   runs   mean (SE)        median   10%   90%   SD     share ≤ ${change}\n` +
    `in control, fresh seed ${String(seed + 1000).padEnd(6)}     ${String(checkReplicates).padStart(5)}   ${f1(inControl.mean).padStart(6)} (${f1(inControl.se).padStart(4)})   ${f0(inControl.q(0.5)).padStart(6)}  ${f0(inControl.q(0.1)).padStart(4)}  ${f0(inControl.q(0.9)).padStart(5)}  ${f0(inControl.sd).padStart(5)}  ${pct(fresh.filter((x) => x <= change).length, fresh.length)}` +
    `   (vs ARL0 ${arl0}: ${(100 * (inControl.mean / arl0 - 1)).toFixed(1)}%; censored ${censored}; ${freshSeconds.toFixed(2)} s)\n` +
    `odds ratio ${shift} from person 1 (ARL1)  ${String(sequences).padStart(5)}   ${f1(ooc.mean).padStart(6)} (${f1(ooc.se).padStart(4)})   ${f0(ooc.q(0.5)).padStart(6)}  ${f0(ooc.q(0.1)).padStart(4)}  ${f0(ooc.q(0.9)).padStart(5)}  ${f0(ooc.sd).padStart(5)}\n` +
    `drift to odds ratio ${shift} after person ${change}: ${sequences} sequences; false alarm before the drift ${falseAlarms} (${pct(falseAlarms, sequences)}), ` +
    `signalled after it ${delays.length} (${pct(delays.length, sequences)}), no signal within ${after} people after it ${missed}\n` +
    `  detection delay (people from the first drifted one to the signal): mean ${f1(delay.mean)} (SE ${f1(delay.se)}), median ${f0(delay.q(0.5))}, ` +
    `10% ${f0(delay.q(0.1))}, 90% ${f0(delay.q(0.9))}\n`,
);
