import { rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { fileURLToPath } from 'node:url';
import type { CommandOutcome } from '../exitCodes.ts';
import { runGenerate } from './generate.ts';
import { runIngest } from './ingest.ts';
import { runRun } from './run.ts';
import { runStatus } from './status.ts';
import { runHistory } from './history.ts';
import { addMonths } from '../../derive/calendar.ts';
import { generatorOptionsSchema } from '../../../fixtures/generator/options.ts';
import { COMMANDS } from '../commandIndex.ts';

/** The plan the demo runs: Building Choices vs legacy, band 3 vs band 4, programme vs none. */
const PLAN = fileURLToPath(new URL('../../../fixtures/plans/building-choices.yaml', import.meta.url));

/** The generator's default extract date. */
const DEFAULT_EXTRACT_DATE = generatorOptionsSchema.shape.extractDate.parse(undefined);

export async function runDemo(options: { dir: string; people: string; seed: string; extractDate?: string }): Promise<number> {
  const extractDate = options.extractDate ?? DEFAULT_EXTRACT_DATE;
  // A scheduled run six months before, on the same cohort's earlier extract: the report then
  // shows how the answers moved between the two runs (progeval history lists them).
  const earlierDate = addMonths(extractDate, -6);
  const earlier = join(options.dir, `extract-${earlierDate}`);
  const extract = join(options.dir, 'extract');
  const db = join(options.dir, 'progeval.db');
  const earlierOut = join(options.dir, `out-${earlierDate}`);
  const out = join(options.dir, 'out');
  const plan = relative(process.cwd(), PLAN);
  rmSync(options.dir, { recursive: true, force: true });
  const generate = (to: string, date: string): [string, () => Promise<number>] => [
    `progeval generate --out ${to} --people ${options.people} --seed ${options.seed} --extract-date ${date}`,
    () => runGenerate({ out: to, people: options.people, seed: options.seed, progress: 'auto', extractDate: date }),
  ];
  const steps: [string, () => Promise<number>][] = [
    generate(earlier, earlierDate),
    [`progeval run --db ${db} --extract ${earlier} --plan ${plan} --out ${earlierOut}   # the run of six months before`, () => runRun({ db, extract: earlier, plan: PLAN, out: earlierOut, progress: 'auto' })],
    generate(extract, extractDate),
    [`progeval ingest ${extract} --db ${db}`, () => runIngest(extract, { db, progress: 'auto' })],
    [`progeval status --db ${db}`, () => runStatus({ db })],
    [`progeval run --db ${db} --plan ${plan} --out ${out}`, () => runRun({ db, plan: PLAN, out, progress: 'auto' })],
    [`progeval history --db ${db}`, () => runHistory({ db })],
  ];
  for (const [command, step] of steps) {
    process.stdout.write(`\n$ ${command}\n`);
    const code = await step();
    if (code !== 0) return code;
  }
  process.stdout.write(`\nDone. Open the report: ${join(out, 'report.html')} (progeval open ${out})\n(results: ${join(out, 'results.json')}; the extract: ${extract}; the database: ${db})\n`);
  return 0;
}

export function demoCommand(program: Command, outcome: CommandOutcome): void {
  program
    .command('demo')
    .summary(COMMANDS.demo.summary)
    .description('Run the main job end to end on the embedded SQLite default, in a scratch folder (emptied first): a scheduled run on the extract of six months before, then the run on the extract, whose report shows how the answers moved, and progeval history.')
    .option('--dir <dir>', 'scratch folder', 'demo')
    .option('--people <n>', 'how many people', '2000')
    .option('--seed <s>', 'random seed', '1')
    .option('--extract-date <date>', 'when the synthetic extract is taken (default 2026-10-31); a later date gives longer follow-up, e.g. 2028-10-31 for Building Choices with a year and more of follow-up')
    .action(async (options: { dir: string; people: string; seed: string; extractDate?: string }) => {
      outcome.code = await runDemo(options);
    });
}
