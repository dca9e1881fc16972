import { rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { fileURLToPath } from 'node:url';
import type { CommandOutcome } from '../exitCodes.ts';
import { runGenerate } from './generate.ts';
import { runIngest } from './ingest.ts';
import { runRun } from './run.ts';
import { runStatus } from './status.ts';

/** The plan the demo runs: Building Choices vs legacy, band 3 vs band 4, programme vs none. */
const PLAN = fileURLToPath(new URL('../../../fixtures/plans/building-choices.yaml', import.meta.url));

export async function runDemo(options: { dir: string; people: string; seed: string; extractDate?: string }): Promise<number> {
  const extract = join(options.dir, 'extract');
  const db = join(options.dir, 'progeval.db');
  const out = join(options.dir, 'out');
  rmSync(options.dir, { recursive: true, force: true });
  const steps: [string, () => Promise<number>][] = [
    [
      `progeval generate --out ${extract} --people ${options.people} --seed ${options.seed}${options.extractDate ? ` --extract-date ${options.extractDate}` : ''}`,
      () => runGenerate({ out: extract, people: options.people, seed: options.seed, progress: 'auto', ...(options.extractDate ? { extractDate: options.extractDate } : {}) }),
    ],
    [`progeval ingest ${extract} --db ${db}`, () => runIngest(extract, { db, progress: 'auto' })],
    [`progeval status --db ${db}`, () => runStatus({ db })],
    [`progeval run --db ${db} --plan ${relative(process.cwd(), PLAN)} --out ${out}`, () => runRun({ db, plan: PLAN, out, progress: 'auto' })],
  ];
  for (const [command, step] of steps) {
    process.stdout.write(`\n$ ${command}\n`);
    const code = await step();
    if (code !== 0) return code;
  }
  process.stdout.write(`\nDone. Open the report: ${join(out, 'report.html')}\n(results: ${join(out, 'results.json')}; the extract: ${extract}; the database: ${db})\n`);
  return 0;
}

export function demoCommand(program: Command, outcome: CommandOutcome): void {
  program
    .command('demo')
    .summary('generate a synthetic extract, load it, show the status and analyse it')
    .description('Run the main job end to end on the embedded SQLite default, in a scratch folder (emptied first).')
    .option('--dir <dir>', 'scratch folder', 'demo')
    .option('--people <n>', 'how many people', '2000')
    .option('--seed <s>', 'random seed', '1')
    .option('--extract-date <date>', 'when the synthetic extract is taken (default 2026-10-31); a later date gives longer follow-up, e.g. 2028-10-31 for Building Choices with a year and more of follow-up')
    .action(async (options: { dir: string; people: string; seed: string; extractDate?: string }) => {
      outcome.code = await runDemo(options);
    });
}
