import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { readPlan } from '../../analyse/readPlan.ts';
import { runAnalysis } from '../../analyse/runAnalysis.ts';
import { openDatabase } from '../../db/open.ts';
import { loadExtract } from '../../load/loadExtract.ts';
import type { CommandOutcome } from '../exitCodes.ts';
import { progressReporter, type ProgressMode } from '../progress.ts';
import { describeLoad } from './ingest.ts';

export interface RunOptions {
  extract?: string;
  plan: string;
  out: string;
  db?: string;
  progress: ProgressMode;
}

export async function runRun(options: RunOptions): Promise<number> {
  const plan = readPlan(options.plan);
  mkdirSync(options.out, { recursive: true });
  const dbFile = options.db ?? join(options.out, 'progeval.db');
  const database = await openDatabase(dbFile, { mustExist: !options.extract });
  const progress = progressReporter(options.progress, 'bytes');
  try {
    if (options.extract) {
      const load = await loadExtract(database, options.extract, { onProgress: (p) => progress.update(p.file, p.bytes, p.totalBytes, `${p.rows} rows`) });
      progress.stop();
      process.stderr.write(`${describeLoad(load, options.extract, dbFile)}\n\n`);
    }
    const results = await runAnalysis(database, plan, (step) => process.stderr.write(`${step} …\n`));
    const file = join(options.out, 'results.json');
    writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(`Wrote ${file}\n`);
    return 0;
  } finally {
    progress.stop();
    await database.close();
  }
}

export function runCommand(program: Command, outcome: CommandOutcome): void {
  program
    .command('run')
    .summary('analyse a plan: attitude change and reconvictions, written to OUT/results.json')
    .description(
      'Load an extract (if --extract is given) and analyse it as the plan says: for every comparison, attitude ' +
        'change (paired change, reliable change, ANCOVA with CR2 cluster-robust errors) and proven reoffending. ' +
        'Results go to OUT/results.json, validated against its schema first.\n\n' +
        'The database is OUT/progeval.db unless --db names another; loading is idempotent, so the same run twice ' +
        'gives the same results.',
    )
    .option('--extract <dir>', 'an extract folder to load first')
    .requiredOption('--plan <file>', 'the analysis plan (YAML); see fixtures/plans/building-choices.yaml')
    .requiredOption('--out <dir>', 'the output folder')
    .option('--db <file>', 'database file (default OUT/progeval.db)')
    .option('--progress <mode>', 'auto (a bar on a terminal), bar, lines or none', 'auto')
    .addHelpText('after', '\nExample:\n  progeval run --extract demo/extract --plan fixtures/plans/building-choices.yaml --out out/')
    .action(async (options: RunOptions) => {
      outcome.code = await runRun(options);
    });
}
