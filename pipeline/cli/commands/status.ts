import type { Command } from 'commander';
import type { CommandOutcome } from '../exitCodes.ts';
import { loadHistory, quarantineCounts, tableCounts } from '../../db/history.ts';
import { openDatabase, DEFAULT_DATABASE_FILE } from '../../db/open.ts';
import { textTable } from '../table.ts';

export async function runStatus(options: { db: string; json?: boolean }): Promise<number> {
  const database = await openDatabase(options.db, { mustExist: true });
  try {
    const [history, counts, quarantine] = [await loadHistory(database), await tableCounts(database), await quarantineCounts(database)];
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ database: options.db, tables: counts, batches: history, quarantine }, null, 2)}\n`);
      return 0;
    }
    const lines = [`Database ${options.db}`, '', 'What is loaded:', textTable(['table', 'rows'], Object.entries(counts))];
    lines.push('', 'Load history:');
    if (!history.length) lines.push('  nothing loaded yet');
    for (const b of history) {
      const sum = (k: 'rowsRead' | 'rowsLoaded' | 'rowsQuarantined') => b.files.reduce((s, f) => s + f[k], 0);
      lines.push(
        `  batch ${b.batch_id}  ${b.finished_at}  ${b.source}  sha256 ${b.extract_sha256.slice(0, 12)}…  ` +
          `read ${sum('rowsRead')} = loaded ${sum('rowsLoaded')} + quarantined ${sum('rowsQuarantined')}  (progeval ${b.progeval_version}, contract ${b.contract_version})`,
      );
    }
    lines.push('', 'Quarantine by reason:');
    if (!quarantine.length) lines.push('  none');
    else lines.push(textTable(['batch', 'file', 'reason', 'rows'], quarantine.map((q) => [q.batch_id, q.file, q.reason_code, q.n])));
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } finally {
    await database.close();
  }
}

export function statusCommand(program: Command, outcome: CommandOutcome): void {
  program
    .command('status')
    .summary('what is loaded, the load history and quarantine counts')
    .description('Show row counts per table, every load batch with its reconciliation, and quarantined rows counted by batch, file and reason.')
    .option('--db <file>', 'database file', DEFAULT_DATABASE_FILE)
    .option('--json', 'print as JSON')
    .action(async (options: { db: string; json?: boolean }) => {
      outcome.code = await runStatus(options);
    });
}
