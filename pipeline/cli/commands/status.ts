import type { Command } from 'commander';
import type { CommandOutcome } from '../exitCodes.ts';
import { loadHistory, quarantineCounts, tableCounts, withdrawnCounts } from '../../db/history.ts';
import { databaseOption, openDatabase } from '../../db/open.ts';
import { textTable } from '../table.ts';
import { QUIET_OPTION, report, type QuietOptions } from '../quiet.ts';
import { COMMANDS } from '../commandIndex.ts';

export async function runStatus(options: { db: string } & QuietOptions): Promise<number> {
  const database = await openDatabase(options.db, { mustExist: true });
  try {
    const [history, counts, withdrawn, quarantine] = [await loadHistory(database), await tableCounts(database), await withdrawnCounts(database), await quarantineCounts(database)];
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ database: database.location, read_only: database.readOnly, tables: counts, withdrawn, batches: history, quarantine }, null, 2)}\n`);
      return 0;
    }
    const lines = [
      `Database ${database.location}${database.readOnly ? ' (read-only)' : ''}`,
      '',
      'What is loaded (rows in force; withdrawn: rows a later extract no longer holds, kept for the audit trail):',
      textTable(['table', 'rows', 'withdrawn'], Object.entries(counts).map(([t, n]) => [t, n, withdrawn[t as keyof typeof withdrawn]])),
    ];
    lines.push('', 'Load history:');
    if (!history.length) lines.push('  nothing loaded yet');
    for (const b of history) {
      const sum = (k: 'rowsRead' | 'rowsLoaded' | 'rowsQuarantined' | 'rowsWithdrawn') => b.files.reduce((s, f) => s + f[k], 0);
      lines.push(
        `  batch ${b.batch_id}  extract of ${b.extract_date ?? 'unknown date'}  loaded ${b.finished_at}  ${b.source}  sha256 ${b.extract_sha256.slice(0, 12)}…  ` +
          `read ${sum('rowsRead')} = loaded ${sum('rowsLoaded')} + quarantined ${sum('rowsQuarantined')}; withdrew ${sum('rowsWithdrawn')}  (progeval ${b.progeval_version}, contract ${b.contract_version})`,
      );
    }
    lines.push('', 'Quarantine by reason:');
    if (!quarantine.length) lines.push('  none');
    else lines.push(textTable(['batch', 'file', 'reason', 'rows'], quarantine.map((q) => [q.batch_id, q.file, q.reason_code, q.n])));
    report(options, `${lines.join('\n')}\n`);
    return 0;
  } finally {
    await database.close();
  }
}

export function statusCommand(program: Command, outcome: CommandOutcome): void {
  program
    .command('status')
    .summary(COMMANDS.status.summary)
    .description(
      'Show row counts per table (in force, and withdrawn by a later extract), every load batch with its extract date and ' +
        'reconciliation, and quarantined rows counted by batch, file and reason. Works on a read-only database file.',
    )
    .option(...databaseOption())
    .option('--json', 'print as JSON')
    .option(...QUIET_OPTION)
    .action(async (options: { db: string; json?: boolean }) => {
      outcome.code = await runStatus(options);
    });
}
