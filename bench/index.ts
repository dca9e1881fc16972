/**
 * `npm run bench`: how progeval scales, as ratios from one run on one machine (never a timed
 * unit test). For each size (default 10,000, 100,000 and 300,000 people; `--quick` is 10,000
 * only; `--sizes 20000,50000` for others), on a synthetic extract with item-level responses
 * (`progeval generate`, seed 1, cached in bench/out/):
 *
 * - **Stages.** `progeval run --extract … --fresh-release` end to end on a new database, in a
 *   child process: each stage's time, read from when the run's own step notes arrive on
 *   stderr (start-up and load, read, derive, attitudes, reconvictions, monitoring, waiting for
 *   attitudes (which run on a second thread from 10,000 enrolments), verdicts,
 *   disclosure, charts, report), rows loaded per second and peak RSS (bench/peakRss.mjs).
 * - **Floors, in the same run.** The loader against a raw better-sqlite3 prepared insert of
 *   the same rows (bench/load.ts); derive and analyse against the load; and, when `Rscript`
 *   is present, Cox, Kaplan–Meier, CR2 ANCOVA and matching against R on the same data
 *   (bench/models.ts; skipped with a note otherwise), up to `--models-up-to` rows (default
 *   100,000: R's matching grows about as n²). At the smallest size only, the
 *   PostgreSQL loader against a raw `COPY` (on PROGEVAL_TEST_POSTGRES_URL's server, else a
 *   throwaway one; skipped, saying why, when there is none).
 *
 * Each measure is the median of `--repeats` (default 3) runs, and the runs of a comparison are
 * taken in turn (loader, raw, run; then raw, loader, run; …), never all of one then all of the
 * other, so that a machine's drift falls on both. So are the sizes: each repeat takes every size
 * (smallest first, then largest first, …), and across sizes each stage's growth exponent
 * (log t₂/t₁ ÷ log n₂/n₁) is set beside n log n's over the same interval, and beside the raw
 * insert's, which does the same work per row at every size.
 *
 * Prints the tables and writes them, with every single timing, to bench/out/bench.json, after
 * each step; when a step fails, what was measured before it is still printed and kept.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { postgresServer } from '../test/support/postgresServer.ts';
import { freshPostgresDatabase, timeLoad, type ChildResult } from './load.ts';
import { benchModels, type ModelTiming } from './models.ts';

const ROOT = join(import.meta.dirname, '..');
const OUT = join(import.meta.dirname, 'out');
const PLAN = join(ROOT, 'fixtures', 'plans', 'building-choices.yaml');
const PROGEVAL = join(ROOT, 'bin', 'progeval.js');

/** The run's step notes ("reading the loaded extract …"), by the start of their text, and the stage each begins. */
const STAGES: readonly [prefix: string, stage: string][] = [
  ['reading the loaded extract', 'read'],
  ['deriving the cohort', 'derive'],
  ['analysing attitude change', 'attitudes'],
  ['analysing reconvictions', 'reconvictions'],
  ['monitoring by quarter', 'monitoring'],
  ['waiting for the attitude analyses', 'waiting for attitudes'],
  ['judging the questions', 'verdicts'],
  ['disclosure control', 'disclosure'],
  ['drawing the charts', 'charts'],
  ['writing the report', 'report'],
];
const ANALYSIS_STAGES = ['derive', 'attitudes', 'reconvictions', 'verdicts', 'monitoring', 'waiting for attitudes'];

interface RunTiming {
  /** Seconds per stage; `load` includes start-up (reading the plan, opening the database). */
  stages: Record<string, number>;
  total: number;
  peakRssMiB: number;
}

/** One `progeval run --extract` on a new database, its stages timed as their notes arrive. */
function timeRun(extract: string, work: string): Promise<RunTiming> {
  const db = join(work, 'run.db');
  const out = join(work, 'report');
  for (const f of [db, `${db}-wal`, `${db}-shm`, out]) rmSync(f, { recursive: true, force: true });
  const args = ['--import', join(import.meta.dirname, 'peakRss.mjs'), PROGEVAL, 'run', '--extract', extract, '--plan', PLAN, '--out', out, '--db', db, '--fresh-release', '--progress', 'none'];
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const at = () => Number(process.hrtime.bigint() - started) / 1e9;
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const marks: [string, number][] = [['load', 0]];
    let peakKiB = 0;
    let buffered = '';
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      const now = at();
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        const rss = /^bench: peak RSS (\d+) KiB$/.exec(line);
        if (rss) peakKiB = Number(rss[1]);
        else stderr += `${line}\n`;
        const stage = STAGES.find(([prefix]) => line.startsWith(prefix))?.[1];
        if (stage) marks.push([stage, now]);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`progeval run failed (exit ${code}):\n${stderr}`));
      const total = at();
      const stages: Record<string, number> = {};
      marks.forEach(([stage, t], i) => (stages[stage] = (marks[i + 1]?.[1] ?? total) - t));
      resolve({ stages, total, peakRssMiB: peakKiB / 1024 });
    });
  });
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const fixed = (x: number, d = 2) => x.toFixed(d);
const thousands = (x: number) => Math.round(x).toLocaleString('en-GB');

/** A plain-text table: numbers right-aligned, the columns named in `left` left-aligned. */
function table(header: readonly string[], rows: readonly (readonly string[])[], left: readonly number[] = [0]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (left.includes(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

interface SizeResult {
  people: number;
  rows: number;
  runs: RunTiming[];
  loads: { loader: ChildResult[]; raw: ChildResult[] };
  postgres: { loader: ChildResult[]; raw: ChildResult[] } | { skipped: string } | null;
  models: ModelTiming[];
  /** Why the model floors were not taken at this size, if they were not. */
  modelsSkipped?: string;
}

function extractOf(people: number): string {
  const extract = join(OUT, `extract-${people}`);
  if (!existsSync(join(extract, 'people.csv'))) {
    process.stderr.write(`generating ${thousands(people)} people into ${extract} …\n`);
    const gen = spawnSync(process.execPath, [PROGEVAL, 'generate', '--out', extract, '--people', String(people), '--seed', '1', '--progress', 'none'], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (gen.status !== 0) throw new Error('progeval generate failed');
  }
  return extract;
}

/** What a size needs before its repeats: its extract (generated once) and a work folder. */
function prepareSize(people: number): { extract: string; work: string; result: SizeResult } {
  const extract = extractOf(people);
  const work = join(OUT, `work-${people}`);
  mkdirSync(work, { recursive: true });
  return { extract, work, result: { people, rows: 0, runs: [], loads: { loader: [], raw: [] }, postgres: null, models: [] } };
}

/** One repeat at one size: the loader and the raw insert in turn (alternating which goes first), then a run. */
async function repeatSize({ extract, work, result }: ReturnType<typeof prepareSize>, r: number, repeats: number): Promise<void> {
  const people = result.people;
  for (const mode of r % 2 ? (['raw', 'loader'] as const) : (['loader', 'raw'] as const)) {
    process.stderr.write(`${thousands(people)} people, repeat ${r + 1}/${repeats}: ${mode} load …\n`);
    result.loads[mode].push(timeLoad(mode, extract, join(work, `${mode}.db`)));
  }
  result.rows = result.loads.loader[0]!.rows;
  process.stderr.write(`${thousands(people)} people, repeat ${r + 1}/${repeats}: progeval run …\n`);
  result.runs.push(await timeRun(extract, work));
}

/** After a size's repeats: the PostgreSQL loader against raw COPY (when asked), and the models against R. */
async function floorsOfSize({ extract, work, result }: ReturnType<typeof prepareSize>, repeats: number, withPostgres: boolean, modelsUpTo: number): Promise<void> {
  const people = result.people;
  if (withPostgres) {
    const { server, whyNot } = postgresServer();
    if (!server) result.postgres = { skipped: whyNot ?? 'no PostgreSQL server' };
    else {
      try {
        const pg = { loader: [] as ChildResult[], raw: [] as ChildResult[] };
        for (let r = 0; r < repeats; r++) {
          for (const mode of r % 2 ? (['raw', 'loader'] as const) : (['loader', 'raw'] as const)) {
            process.stderr.write(`${thousands(people)} people, repeat ${r + 1}/${repeats}: PostgreSQL ${mode} load …\n`);
            pg[mode].push(timeLoad(`pg-${mode}`, extract, await freshPostgresDatabase(server.url, mode)));
          }
        }
        result.postgres = pg;
      } finally {
        server.stop();
      }
    }
  }
  if (people > modelsUpTo) {
    // MatchIt's nearest-neighbour matching grows about as n²: at 300,000 rows one R fit takes many minutes.
    result.modelsSkipped = `models against R are taken up to ${thousands(modelsUpTo)} rows (--models-up-to)`;
    return;
  }
  process.stderr.write(`${thousands(people)} people: models against R …\n`);
  result.models = await benchModels(people, { repeats, workDir: work });
}

function report(results: readonly SizeResult[], repeats: number): string {
  const out: string[] = [];
  const stageNames = ['load', ...STAGES.map(([, s]) => s)];
  const stageMedian = (r: SizeResult, stage: string) => median(r.runs.map((run) => run.stages[stage] ?? 0));
  out.push(`progeval bench: medians of ${repeats} run(s) per size; CSV to report with \`progeval run --extract\`, plan fixtures/plans/building-choices.yaml`);
  out.push('');
  out.push(
    table(
      ['stage (s)', ...results.map((r) => `${thousands(r.people)} people`)],
      [
        ...stageNames.map((s) => [s, ...results.map((r) => fixed(stageMedian(r, s)))]),
        ['total (wall)', ...results.map((r) => fixed(median(r.runs.map((x) => x.total))))],
        // The machine's speed drifts (on a shared host, by half within an hour): each run over the
        // raw insert of the same rows timed beside it, in the same repeat, is the figure to compare across days.
        ['total / raw insert, same repeat', ...results.map((r) => fixed(median(r.runs.map((x, i) => x.total / r.loads.raw[i]!.seconds))))],
        ['raw insert of the same rows (s)', ...results.map((r) => fixed(median(r.loads.raw.map((x) => x.seconds))))],
        ['rows loaded / s', ...results.map((r) => thousands(r.rows / stageMedian(r, 'load')))],
        ['peak RSS (MiB)', ...results.map((r) => fixed(median(r.runs.map((x) => x.peakRssMiB)), 0))],
      ],
    ),
  );
  out.push('From 10,000 enrolments the attitude analyses run on a second thread, beside the reconvictions and monitoring: their');
  out.push('own stage is then only the hand-over, and "waiting for attitudes" is how long the run waited for them after monitoring.');
  out.push('');
  const rate = (xs: readonly ChildResult[]) => median(xs.map((x) => x.rows / x.seconds));
  const floors: string[][] = [];
  for (const r of results) {
    const n = `${thousands(r.people)} people`;
    floors.push([n, 'loader / raw better-sqlite3 insert (throughput)', fixed(rate(r.loads.loader) / rate(r.loads.raw)), `${thousands(rate(r.loads.loader))} vs ${thousands(rate(r.loads.raw))} rows/s; peak RSS ${fixed(median(r.loads.loader.map((x) => x.maxRssMiB)), 0)} vs ${fixed(median(r.loads.raw.map((x) => x.maxRssMiB)), 0)} MiB`]);
    if (r.postgres && 'skipped' in r.postgres) floors.push([n, 'PostgreSQL loader / raw COPY', '-', `skipped: ${r.postgres.skipped}`]);
    else if (r.postgres) floors.push([n, 'PostgreSQL loader / raw COPY (throughput)', fixed(rate(r.postgres.loader) / rate(r.postgres.raw)), `${thousands(rate(r.postgres.loader))} vs ${thousands(rate(r.postgres.raw))} rows/s`]);
    const analyse = ANALYSIS_STAGES.reduce((s, stage) => s + stageMedian(r, stage), 0);
    floors.push([n, 'derive + analyse / load (time)', fixed(analyse / stageMedian(r, 'load')), `${fixed(analyse)} s against ${fixed(stageMedian(r, 'load'))} s`]);
    if (r.modelsSkipped) floors.push([n, 'models / R', '-', `skipped: ${r.modelsSkipped}`]);
    for (const m of r.models) floors.push([n, `${m.model} / R (time)`, m.ratio === null ? '-' : fixed(m.ratio, 3), `${fixed(m.jsSeconds, 3)} s vs ${m.rSeconds === null ? '-' : `${fixed(m.rSeconds, 3)} s`} on ${thousands(m.rows)} rows${m.note ? `; ${m.note}` : ''}`]);
  }
  out.push(table(['size', 'floor', 'ratio', 'what'], floors, [0, 1, 3]));
  if (results.length > 1) {
    out.push('');
    out.push('Growth exponent b of each stage (t ∝ n^b) between sizes, beside n log n\'s over the same interval:');
    const rows: string[][] = [];
    // The raw insert's own exponent is the check on the others: it does the same work per row at
    // every size, so above 1 it shows the machine slowing over the bench (or the insert itself growing).
    const YARDSTICK = 'raw insert (yardstick)';
    const timeOf = (r: SizeResult, stage: string) =>
      stage === 'total' ? median(r.runs.map((x) => x.total)) : stage === YARDSTICK ? median(r.loads.raw.map((x) => x.seconds)) : stageMedian(r, stage);
    for (const stage of [...stageNames, 'total', YARDSTICK]) {
      const row = [stage];
      for (let i = 1; i < results.length; i++) {
        const [a, b] = [results[i - 1]!, results[i]!];
        const ta = timeOf(a, stage);
        const tb = timeOf(b, stage);
        row.push(ta > 0.05 && tb > 0 ? fixed(Math.log(tb / ta) / Math.log(b.people / a.people)) : '-');
      }
      rows.push(row);
    }
    rows.push([
      'n log n',
      ...results.slice(1).map((b, i) => {
        const a = results[i]!;
        return fixed(Math.log((b.people * Math.log(b.people)) / (a.people * Math.log(a.people))) / Math.log(b.people / a.people));
      }),
    ]);
    out.push(table(['stage', ...results.slice(1).map((b, i) => `${thousands(results[i]!.people)} → ${thousands(b.people)}`)], rows));
    out.push('(stages under 0.05 s at the smaller size show "-": too short to say)');
  }
  return out.join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const value = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
  const sizes = args.includes('--quick')
    ? [10_000]
    : (value('--sizes') ?? value('--people'))?.split(',').map(Number) ?? [10_000, 100_000, 300_000];
  if (!sizes.every((n) => Number.isInteger(n) && n >= 100)) throw new Error(`--sizes: whole numbers of people, at least 100 each (got ${sizes.join(',')})`);
  const repeats = Number(value('--repeats') ?? 3);
  if (!(Number.isInteger(repeats) && repeats >= 1)) throw new Error(`--repeats: a whole number, at least 1 (got ${value('--repeats')})`);
  const modelsUpTo = Number(value('--models-up-to') ?? 100_000);
  if (!(Number.isInteger(modelsUpTo) && modelsUpTo >= 0)) throw new Error(`--models-up-to: a whole number of rows (got ${value('--models-up-to')})`);
  mkdirSync(OUT, { recursive: true });
  const prepared = sizes.map(prepareSize);
  const results = prepared.map((p) => p.result);
  // What was measured is kept when a later step fails: saved after each step, and reported with the failure.
  const save = (failed?: { people: number; error: string }) =>
    writeFileSync(join(OUT, 'bench.json'), `${JSON.stringify({ sizes, repeats, results, ...(failed ? { failed } : {}) }, null, 2)}\n`);
  const print = () => {
    const measured = results.filter((r) => r.runs.length > 0);
    if (measured.length) process.stdout.write(`${report(measured, repeats)}\n\nEvery timing: ${join(OUT, 'bench.json')}\n`);
  };
  const step = async (size: (typeof prepared)[number], work: () => Promise<void>): Promise<boolean> => {
    try {
      await work();
      save();
      return true;
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      save({ people: size.result.people, error });
      print();
      process.stderr.write(`\nbench: ${thousands(size.result.people)} people failed: ${error}\n`);
      process.exitCode = 1;
      return false;
    }
  };
  // The sizes in turn within each repeat (smallest first, then largest first, …), not all the
  // repeats of one size and then the next: a growth exponent compares sizes, so the machine's
  // drift over the bench should fall on every size alike, as it does on the loader and the raw insert.
  for (let r = 0; r < repeats; r++) {
    for (const size of r % 2 ? [...prepared].reverse() : prepared) if (!(await step(size, () => repeatSize(size, r, repeats)))) return;
  }
  for (const [i, size] of prepared.entries()) {
    if (!(await step(size, () => floorsOfSize(size, repeats, i === 0 && !args.includes('--no-postgres'), modelsUpTo)))) return;
  }
  print();
}

await main();
