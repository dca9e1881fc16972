import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { CommandOutcome } from '../exitCodes.ts';
import { runGenerate } from './generate.ts';
import { runIngest } from './ingest.ts';
import { runStatus } from './status.ts';

export async function runDemo(options: { dir: string; people: string; seed: string }): Promise<number> {
  const extract = join(options.dir, 'extract');
  const db = join(options.dir, 'progeval.db');
  rmSync(options.dir, { recursive: true, force: true });
  const steps: [string, () => Promise<number>][] = [
    [`progeval generate --out ${extract} --people ${options.people} --seed ${options.seed}`, () => runGenerate({ out: extract, people: options.people, seed: options.seed, progress: 'auto' })],
    [`progeval ingest ${extract} --db ${db}`, () => runIngest(extract, { db, progress: 'auto' })],
    [`progeval status --db ${db}`, () => runStatus({ db })],
  ];
  for (const [command, step] of steps) {
    process.stdout.write(`\n$ ${command}\n`);
    const code = await step();
    if (code !== 0) return code;
  }
  process.stdout.write(`\nDone. The demo database is ${db}; the extract is ${extract}.\n`);
  return 0;
}

export function demoCommand(program: Command, outcome: CommandOutcome): void {
  program
    .command('demo')
    .summary('generate a synthetic extract, load it and show the status')
    .description('Run the main job end to end on the embedded SQLite default, in a scratch folder (emptied first).')
    .option('--dir <dir>', 'scratch folder', 'demo')
    .option('--people <n>', 'how many people', '2000')
    .option('--seed <s>', 'random seed', '1')
    .action(async (options: { dir: string; people: string; seed: string }) => {
      outcome.code = await runDemo(options);
    });
}
