import type { Command } from 'commander';
import type { CommandOutcome } from '../exitCodes.ts';
import { openDatabase, DEFAULT_DATABASE_FILE } from '../../db/open.ts';
import { loadExtract, type LoadResult } from '../../load/loadExtract.ts';
import { formatRowRefusal } from '../../validate/refusal.ts';
import { progressReporter, type ProgressMode } from '../progress.ts';
import { textTable } from '../table.ts';

export interface IngestOptions {
  db: string;
  allowExtraColumns?: boolean;
  strict?: boolean;
  force?: boolean;
  json?: boolean;
  progress: ProgressMode;
}

export function describeLoad(result: LoadResult, dir: string, db: string): string {
  if (result.status === 'unchanged') {
    return `Nothing to do: this extract (sha256 ${result.extractSha256.slice(0, 12)}…) was already loaded as batch ${result.batchId}. Use --force to load it again.`;
  }
  const rows = result.files.map((f) => [f.file, f.rowsRead, f.rowsLoaded, f.rowsNew, f.rowsQuarantined]);
  const total = (k: 'rowsRead' | 'rowsLoaded' | 'rowsNew' | 'rowsQuarantined') => result.files.reduce((s, f) => s + f[k], 0);
  rows.push(['total', total('rowsRead'), total('rowsLoaded'), total('rowsNew'), total('rowsQuarantined')]);
  const lines = [
    `Loaded ${dir} into ${db} as batch ${result.batchId} (extract sha256 ${result.extractSha256.slice(0, 12)}…).`,
    'Every file reconciles: rows read = rows loaded + rows quarantined.',
    '',
    textTable(['file', 'read', 'loaded', 'new', 'quarantined'], rows),
  ];
  const ignored = result.files.filter((f) => f.ignoredColumns.length);
  for (const f of ignored) lines.push(`Not loaded (allowed extra columns) in ${f.file}: ${f.ignoredColumns.join(', ')}`);
  const quarantined = total('rowsQuarantined');
  if (quarantined) {
    lines.push('', `${quarantined} row(s) quarantined, by reason: ${Object.entries(result.quarantineByReason).map(([k, n]) => `${k} ${n}`).join(', ')}`);
    for (const q of result.quarantineSample) lines.push(`  ${formatRowRefusal(q)}`);
    if (quarantined > result.quarantineSample.length) lines.push(`  … and ${quarantined - result.quarantineSample.length} more.`);
    lines.push(`List them all with: progeval quarantine --db ${db}`);
  }
  return lines.join('\n');
}

export async function runIngest(dir: string, options: IngestOptions): Promise<number> {
  const database = await openDatabase(options.db);
  const progress = progressReporter(options.progress, 'bytes');
  try {
    const result = await loadExtract(database, dir, {
      allowExtraColumns: options.allowExtraColumns,
      strict: options.strict,
      force: options.force,
      onProgress: (p) => progress.update(p.file, p.bytes, p.totalBytes, `${p.rows} rows`),
    });
    progress.stop();
    process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : `${describeLoad(result, dir, options.db)}\n`);
    return 0;
  } finally {
    progress.stop();
    await database.close();
  }
}

export function ingestCommand(program: Command, outcome: CommandOutcome): void {
  program
    .command('ingest')
    .summary('load an extract folder into the database')
    .description(
      'Load an anonymised extract (a folder of data contract v1 CSV files) into the database, all or nothing.\n\n' +
        'Whole-file problems (an identifier column, a missing or unknown column, bytes that are not UTF-8, ' +
        'CSV that cannot be parsed, a missing file) refuse the extract: nothing is loaded and the exit code is 2. ' +
        'Single bad rows (identifier-shaped values, bad values, orphans, duplicates, dates out of order, ' +
        'scores out of range) go to the quarantine with file, line, column and reason; the rest loads. ' +
        'Identifier-shaped values are never printed or stored.\n\n' +
        'Loading the same extract again changes nothing. A later extract updates rows by natural key.',
    )
    .argument('<dir>', 'the extract folder')
    .option('--db <file>', 'database file', DEFAULT_DATABASE_FILE)
    .option('--allow-extra-columns', 'load files that have columns outside the contract (those columns are not loaded)')
    .option('--strict', 'refuse the whole extract if any row would be quarantined')
    .option('--force', 'load even if an identical extract was loaded before')
    .option('--json', 'print the load result as JSON')
    .option('--progress <mode>', 'auto (a bar on a terminal), bar, lines or none', 'auto')
    .addHelpText('after', '\nExamples:\n  progeval ingest extracts/2026-10 --db progeval.db\n  progeval ingest extracts/2026-11 --db progeval.db --json > load.json')
    .action(async (dir: string, options: IngestOptions) => {
      outcome.code = await runIngest(dir, options);
    });
}
