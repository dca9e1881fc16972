/**
 * The hand-written models against the R functions they reproduce, on the same synthetic data:
 * Cox (survival::coxph, Efron ties), Kaplan–Meier (survival::survfit), the CR2 ANCOVA
 * (lm + clubSandwich::coef_test) and nearest-neighbour matching (MatchIt::matchit).
 *
 * The data are generated here from a seed and written as one CSV that bench/models.R reads.
 * Per model: one JS warm-up fit and one R call check that both give the same key estimate
 * (1e-6 relative), then each repeat times one JS fit (in this process) and one R fit (timed
 * inside R, after its own warm-up, so Rscript start-up and package loading are excluded).
 * Medians are reported.
 *
 *   node --import tsx bench/models.ts --people 10000 --repeats 3 [--seed 1]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { createRandomSource } from '../fixtures/generator/random.ts';
import { ancova } from '../pipeline/analyse/stats/ancova.ts';
import { coxProportionalHazards } from '../pipeline/analyse/stats/coxProportionalHazards.ts';
import { kaplanMeier } from '../pipeline/analyse/stats/kaplanMeier.ts';
import { nearestNeighbourMatching } from '../pipeline/analyse/stats/nearestNeighbourMatching.ts';

export interface ModelTiming {
  model: 'cox' | 'kaplan_meier' | 'cr2_ancova' | 'matching';
  rows: number;
  jsSeconds: number;
  rSeconds: number | null;
  ratio: number | null;
  note?: string;
}

type Model = ModelTiming['model'];
const MODELS: Model[] = ['cox', 'kaplan_meier', 'cr2_ancova', 'matching'];

/** One row per person; every column is a number so that the CSV round-trips exactly. */
interface BenchData {
  group: Int32Array;
  treat: Float64Array;
  pre: Float64Array;
  post: Float64Array;
  risk: Float64Array;
  age: Float64Array;
  time: Float64Array;
  event: Float64Array;
  referred: Float64Array;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
const logistic = (x: number) => 1 / (1 + Math.exp(-x));
const FOLLOW_UP_DAYS = 730;

/**
 * Synthetic people in programme groups of 8–12 (the last group takes what is left), treated
 * by group; values are rounded to a few decimals so that R parses the same doubles.
 */
function generate(people: number, seed: number): BenchData {
  const random = createRandomSource(seed, 'cohort'); // the generator's seeded stdlib streams
  const u = () => random.random();
  const normal = () => random.normal(0, 1);
  const d: BenchData = {
    group: new Int32Array(people),
    treat: new Float64Array(people),
    pre: new Float64Array(people),
    post: new Float64Array(people),
    risk: new Float64Array(people),
    age: new Float64Array(people),
    time: new Float64Array(people),
    event: new Float64Array(people),
    referred: new Float64Array(people),
  };
  let group = 0;
  for (let i = 0; i < people; group++) {
    const size = 8 + Math.floor(u() * 5);
    const treat = u() < 0.5 ? 1 : 0;
    const groupEffect = 2 * normal();
    for (const end = Math.min(people, i + size); i < end; i++) {
      d.group[i] = group;
      d.treat[i] = treat;
      // pre–post scores: post = 0.6 pre + 3 treat + group effect + noise (the ANCOVA)
      d.pre[i] = round(50 + 10 * normal(), 2);
      d.post[i] = round(0.6 * d.pre[i]! + 3 * treat + groupEffect + 6 * normal(), 2);
      d.risk[i] = round(logistic(normal() - 0.5), 4);
      d.age[i] = 18 + Math.floor(u() * 50);
      // days to reconviction: exponential, hazard by treat, risk and age; censored at follow-up end (Cox, KM)
      const hazard = 0.001 * Math.exp(-0.3 * treat + 1.5 * d.risk[i]! - 0.01 * (d.age[i]! - 35));
      const days = Math.ceil(-Math.log(1 - u()) / hazard);
      d.time[i] = Math.min(days, FOLLOW_UP_DAYS);
      d.event[i] = days <= FOLLOW_UP_DAYS ? 1 : 0;
      // person-level referral by risk and age, the treated/comparison split to match (matching)
      d.referred[i] = u() < logistic(-1.2 + 1.5 * d.risk[i]! + 0.03 * (d.age[i]! - 35)) ? 1 : 0;
    }
  }
  return d;
}

function writeCsv(d: BenchData, path: string): void {
  const columns = Object.keys(d) as (keyof BenchData)[];
  const rows = Array.from(d.group, (_, i) => columns.map((c) => d[c][i]!));
  writeFileSync(path, stringify(rows, { header: true, columns }));
}

/** R's median of a numeric vector (mean of the two middle values when even). */
function median(values: ArrayLike<number>): number {
  const s = Array.from(values).sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Each model's JS fit, returning the key estimate(s) that bench/models.R also reports. */
const FITS: Record<Model, (d: BenchData) => number[]> = {
  cox: (d) => [coxProportionalHazards({ time: d.time, event: d.event, covariates: { treat: d.treat, risk: d.risk, age: d.age } }).terms[0]!.coefficient],
  kaplan_meier: (d) => {
    // survival at the median follow-up time: the last step at or before it
    const t = median(d.time);
    return [kaplanMeier(d.time, d.event).rows.findLast((row) => row.time <= t)!.survival];
  },
  cr2_ancova: (d) => {
    const fit = ancova({ pre: d.pre, post: d.post, indicator: d.treat, cluster: d.group });
    return [fit.estimate, fit.se];
  },
  matching: (d) => [nearestNeighbourMatching({ treated: d.referred, covariates: { risk: d.risk, age: d.age } }).pairs.length],
};

/** Seconds of one JS fit. */
function timeJs(model: Model, d: BenchData): number {
  const start = process.hrtime.bigint();
  FITS[model](d);
  return Number(process.hrtime.bigint() - start) / 1e9;
}

type RResult = { estimate: number[]; seconds: number[]; package: string[] } | { missing: string[] } | { error: string };

/** One Rscript call: warm-up fit (its estimate) and `repeats` timed fits, or why not. */
function runR(csv: string, model: Model, repeats: number): RResult {
  const r = spawnSync('Rscript', [join(import.meta.dirname, 'models.R'), csv, model, String(repeats)], { encoding: 'utf8' });
  if (r.status !== 0) return { error: r.stderr.trim().split('\n').at(-1) ?? `exit ${r.status}` };
  return JSON.parse(r.stdout) as RResult;
}

const relativeDifference = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), Number.MIN_VALUE);

/** Times each model in JS and in R (when Rscript is on PATH) on the same synthetic data of `people` rows; medians over `repeats` runs, JS and R taken in turn. */
export async function benchModels(people: number, options: { repeats: number; workDir: string; seed?: number }): Promise<ModelTiming[]> {
  const d = generate(people, options.seed ?? 1);
  mkdirSync(options.workDir, { recursive: true });
  const csv = join(options.workDir, `models-${people}.csv`);
  writeCsv(d, csv);
  const haveR = spawnSync('Rscript', ['--version']).status === 0;
  const timings: ModelTiming[] = [];
  for (const model of MODELS) {
    // Check: the JS warm-up fit and R's warm-up fit give the same key estimate.
    const js = FITS[model](d);
    let note: string | undefined = haveR ? undefined : 'Rscript not found: R side skipped';
    let useR = haveR;
    if (haveR) {
      const check = runR(csv, model, 0);
      if ('missing' in check) note = `R package ${check.missing.join(', ')} not installed: R side skipped`;
      else if ('error' in check) note = `R failed: ${check.error}`;
      else if (js.some((v, k) => !(relativeDifference(v, check.estimate[k]!) <= 1e-6))) {
        note = `JS and R disagree: JS ${js.join(', ')} vs R ${check.estimate.join(', ')} (R: ${check.package[0]})`;
      }
      useR = 'estimate' in check;
    }
    // Timing: JS and R in turn, one fit each per repeat.
    const jsSeconds: number[] = [];
    const rSeconds: number[] = [];
    for (let k = 0; k < options.repeats; k++) {
      jsSeconds.push(timeJs(model, d));
      if (!useR) continue;
      const r = runR(csv, model, 1);
      if (!('seconds' in r)) {
        note = `R failed while timing: ${JSON.stringify(r)}`;
        useR = false;
        continue;
      }
      rSeconds.push(r.seconds[0]!);
    }
    const js50 = median(jsSeconds);
    const r50 = useR ? median(rSeconds) : null;
    timings.push({ model, rows: people, jsSeconds: js50, rSeconds: r50, ratio: r50 === null ? null : js50 / r50, ...(note ? { note } : {}) });
  }
  return timings;
}

if (import.meta.filename === process.argv[1]) {
  const args = process.argv.slice(2);
  const option = (name: string, fallback: number) => {
    const at = args.indexOf(`--${name}`);
    return at < 0 ? fallback : Number(args[at + 1]);
  };
  const people = option('people', 10000);
  const timings = await benchModels(people, { repeats: option('repeats', 3), seed: option('seed', 1), workDir: join(import.meta.dirname, 'out') });
  const fmt = (x: number | null, digits: number) => (x === null ? '—' : x.toFixed(digits));
  console.log(['model'.padEnd(13), 'rows'.padStart(8), 'JS s'.padStart(9), 'R s'.padStart(9), 'JS/R'.padStart(7), '  note'].join(' '));
  for (const t of timings) {
    console.log([t.model.padEnd(13), String(t.rows).padStart(8), fmt(t.jsSeconds, 4).padStart(9), fmt(t.rSeconds, 4).padStart(9), fmt(t.ratio, 2).padStart(7), `  ${t.note ?? ''}`].join(' '));
  }
}
