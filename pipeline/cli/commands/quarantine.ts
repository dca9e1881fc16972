import type { Command } from 'commander';
import type { CommandOutcome } from '../exitCodes.ts';
import { quarantineRows } from '../../db/history.ts';
import { databaseOption, openDatabase } from '../../db/open.ts';
import { formatRowRefusal, ROW_REFUSAL_REASONS } from '../../validate/refusal.ts';
import { BadInput } from '../exitCodes.ts';
import { COMMANDS } from '../commandIndex.ts';

interface QuarantineOptions {
  db: string;
  file?: string;
  batch?: string;
  reason?: string;
  limit?: string;
  json?: boolean;
}

export async function runQuarantine(options: QuarantineOptions): Promise<number> {
  if (options.reason && !(options.reason in ROW_REFUSAL_REASONS)) {
    throw new BadInput(`--reason must be one of: ${Object.keys(ROW_REFUSAL_REASONS).join(', ')}`);
  }
  const limit = options.limit === undefined ? undefined : Number(options.limit);
  const batchId = options.batch === undefined ? undefined : Number(options.batch);
  if ((limit !== undefined && !(Number.isInteger(limit) && limit > 0)) || (batchId !== undefined && !Number.isInteger(batchId))) {
    throw new BadInput('--limit and --batch take whole numbers');
  }
  const database = await openDatabase(options.db, { mustExist: true });
  try {
    const rows = await quarantineRows(database, { file: options.file, batchId, reasonCode: options.reason, limit });
    if (options.json) {
      process.stdout.write(`${JSON.stringify(rows.map(({ row_json: _, ...r }) => r), null, 2)}\n`);
      return 0;
    }
    if (!rows.length) process.stdout.write('No quarantined rows.\n');
    for (const r of rows) {
      process.stdout.write(
        `batch ${r.batch_id}  ${formatRowRefusal({ file: r.file, line: r.line, column: r.column_name, reason: r.reason, reasonCode: r.reason_code as never })}\n    row: ${r.row_json}\n`,
      );
    }
    return 0;
  } finally {
    await database.close();
  }
}

export function quarantineCommand(program: Command, outcome: CommandOutcome): void {
  program
    .command('quarantine')
    .summary(COMMANDS.quarantine.summary)
    .description(
      'List quarantined rows: each with its batch, file, line, column and reason, and the row as read ' +
        '(identifier-shaped values are withheld). Reasons: ' +
        Object.keys(ROW_REFUSAL_REASONS).join(', ') +
        '.',
    )
    .option(...databaseOption())
    .option('--file <file>', 'only rows from this extract file, e.g. enrolments.csv')
    .option('--batch <n>', 'only rows from this load batch')
    .option('--reason <code>', 'only rows refused for this reason')
    .option('--limit <n>', 'at most this many rows')
    .option('--json', 'print as JSON')
    .action(async (options: QuarantineOptions) => {
      outcome.code = await runQuarantine(options);
    });
}
