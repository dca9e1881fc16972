import type { Command } from 'commander';
import { BadInput, type CommandOutcome } from '../exitCodes.ts';
import { progressReporter, type ProgressMode } from '../progress.ts';
import { COMMANDS } from '../commandIndex.ts';

export interface GenerateOptions {
  out: string;
  people: string;
  seed: string;
  extractDate?: string;
  json?: boolean;
  progress: ProgressMode;
}

function wholeNumber(value: string, flag: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new BadInput(`${flag} takes a whole number of at least ${min}`);
  return n;
}

export async function runGenerate(options: GenerateOptions): Promise<number> {
  const people = wholeNumber(options.people, '--people', 50);
  const seed = wholeNumber(options.seed, '--seed', 0);
  if (options.extractDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.extractDate)) throw new BadInput('--extract-date takes a date written YYYY-MM-DD');
  // Loaded on demand: the generator is only needed by this command.
  const { generateExtract } = await import('../../../fixtures/generator/index.ts');
  const progress = progressReporter(options.progress, 'people');
  try {
    const summary = await generateExtract({
      out: options.out,
      people,
      seed,
      ...(options.extractDate ? { extractDate: options.extractDate } : {}),
      onProgress: (done, total) => progress.update('generating', done, total),
    });
    progress.stop();
    if (options.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else {
      const rows = summary.files.map((f) => `  ${f.file.padEnd(24)} ${String(f.rows).padStart(9)} rows`);
      process.stdout.write(`Wrote a synthetic extract of ${people} people (seed ${seed}) to ${options.out}:\n${rows.join('\n')}\nThe planted effects are in ${summary.truthFile}.\n`);
    }
    return 0;
  } finally {
    progress.stop();
  }
}

export function generateCommand(program: Command, outcome: CommandOutcome): void {
  program
    .command('generate')
    .summary(COMMANDS.generate.summary)
    .description(
      'Write a complete synthetic extract in data contract v1, deterministic for a given seed: legacy programmes ' +
        'before 2025 and Building Choices after, facilitators moving from band 4 to band 3 from August 2024, ' +
        'groups of 8-12, comparison people who differ in risk, attitude measures (one scored from items) and ' +
        'reconvictions from a hazard model. The true effects go to truth.json beside the CSV files, so you can ' +
        'check that an analysis recovers them.',
    )
    .requiredOption('--out <dir>', 'folder to write the extract to (created if needed)')
    .option('--people <n>', 'how many people', '2000')
    .option('--seed <s>', 'random seed: the same seed writes the same bytes', '1')
    .option('--extract-date <date>', 'the date the extract was taken (observation ends then)')
    .option('--json', 'print a summary as JSON')
    .option('--progress <mode>', 'auto (a bar on a terminal), bar, lines or none', 'auto')
    .addHelpText('after', '\nExample:\n  progeval generate --out extracts/synthetic --people 5000 --seed 7')
    .action(async (options: GenerateOptions) => {
      outcome.code = await runGenerate(options);
    });
}
