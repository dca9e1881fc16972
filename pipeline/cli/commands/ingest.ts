import type { Command } from 'commander';
import type { CommandOutcome } from '../exitCodes.ts';
import { databaseOption, openDatabase } from '../../db/open.ts';
import { loadExtract, type LoadResult } from '../../load/loadExtract.ts';
import { formatRowRefusal } from '../../validate/refusal.ts';
import { progressReporter, type ProgressMode } from '../progress.ts';
import { textTable } from '../table.ts';
import { QUIET_OPTION, type QuietOptions } from '../quiet.ts';
import { COMMANDS } from '../commandIndex.ts';

export interface IngestOptions extends QuietOptions {
  db: string;
  allowExtraColumns?: boolean;
  strict?: boolean;
  force?: boolean;
  progress: ProgressMode;
}

export function describeLoad(result: LoadResult, dir: string, db: string): string {
  if (result.status === 'unchanged') {
    return `Nothing to do: this extract (sha256 ${result.extractSha256.slice(0, 12)}…) is already the latest, loaded as batch ${result.batchId}. Use --force to load it again.`;
  }
  const rows = result.files.map((f) => [f.file, f.rowsRead, f.rowsLoaded, f.rowsNew, f.rowsQuarantined, f.rowsWithdrawn]);
  const total = (k: 'rowsRead' | 'rowsLoaded' | 'rowsNew' | 'rowsQuarantined' | 'rowsWithdrawn') => result.files.reduce((s, f) => s + f[k], 0);
  rows.push(['total', total('rowsRead'), total('rowsLoaded'), total('rowsNew'), total('rowsQuarantined'), total('rowsWithdrawn')]);
  const lines = [
    `Loaded ${dir} into ${db} as batch ${result.batchId} (extract sha256 ${result.extractSha256.slice(0, 12)}…).`,
    'Every file reconciles: rows read = rows loaded + rows quarantined. Withdrawn: rows in force before that this extract no longer holds (kept, left out of analysis).',
    '',
    textTable(['file', 'read', 'loaded', 'new', 'quarantined', 'withdrawn'], rows),
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
  // --quiet: no progress, no summary, no word of waiting for another load; errors still print.
  const database = await openDatabase(options.db, options.quiet ? { onWait: () => undefined } : {});
  const progress = progressReporter(options.quiet ? 'none' : options.progress, 'bytes');
  try {
    const result = await loadExtract(database, dir, {
      allowExtraColumns: options.allowExtraColumns,
      strict: options.strict,
      force: options.force,
      onProgress: (p) => progress.update(p.file, p.bytes, p.totalBytes, `${p.rows} rows`),
    });
    progress.stop();
    if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else if (!options.quiet) process.stdout.write(`${describeLoad(result, dir, database.location)}\n`);
    return 0;
  } finally {
    progress.stop();
    await database.close();
  }
}

export function ingestCommand(program: Command, outcome: CommandOutcome): void {
  program
    .command('ingest')
    .summary(COMMANDS.ingest.summary)
    .description(
      'Load an anonymised extract (a folder of data contract v1 CSV files) into the database, all or nothing.\n\n' +
        'Whole-file problems (an identifier column, a missing or unknown column, bytes that are not UTF-8, ' +
        'CSV that cannot be parsed, a missing file) refuse the extract: nothing is loaded and the exit code is 2. ' +
        'Single bad rows (identifier-shaped values, bad values, orphans, duplicates, dates out of order, ' +
        'scores out of range) go to the quarantine with file, line, column and reason; the rest loads. ' +
        'Identifier-shaped values are never printed or stored; a header cell is described by its position, never its text. ' +
        'Extract files must be regular files inside the folder; a row over 64 KiB is quarantined with its length only.\n\n' +
        'Each extract is a dated snapshot (extract.json\'s extract_date, or the latest observation_end). A later one ' +
        'updates rows by natural key and withdraws the rows it no longer holds (kept for the audit trail, left out of ' +
        'analysis); an older one than the newest loaded is refused unless --force. Loading the latest extract again ' +
        'changes nothing. A load holds the write lock: a second one waits (up to PROGEVAL_WAIT_SECONDS, default 600).',
    )
    .argument('<dir>', 'the extract folder')
    .option(...databaseOption())
    .option('--allow-extra-columns', 'load files that have columns outside the contract (those columns are not loaded)')
    .option('--strict', 'refuse the whole extract if any row would be quarantined')
    .option('--force', 'load even if this extract is already the latest, or is older than the newest loaded')
    .option('--json', 'print the load result as JSON')
    .option(...QUIET_OPTION)
    .option('--progress <mode>', 'auto (a bar on a terminal), bar, lines or none', 'auto')
    .addHelpText('after', '\nExamples:\n  progeval ingest extracts/2026-10 --db progeval.db\n  progeval ingest extracts/2026-11 --db progeval.db --json > load.json')
    .action(async (dir: string, options: IngestOptions) => {
      outcome.code = await runIngest(dir, options);
    });
}
