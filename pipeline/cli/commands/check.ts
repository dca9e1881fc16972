import type { Command } from 'commander';
import { checkConsistency } from '../../db/consistency.ts';
import { databaseOption, openDatabase } from '../../db/open.ts';
import { EXIT_INTERNAL, type CommandOutcome } from '../exitCodes.ts';
import { QUIET_OPTION, report as report_, reportFailure, type QuietOptions } from '../quiet.ts';
import { COMMANDS } from '../commandIndex.ts';

export async function runCheck(options: { db: string } & QuietOptions): Promise<number> {
  const database = await openDatabase(options.db, { mustExist: true });
  try {
    const report = await checkConsistency(database);
    if (options.json) process.stdout.write(`${JSON.stringify({ database: database.location, ...report }, null, 2)}\n`);
    else {
      const lines = [`Checking ${database.location}${database.readOnly ? ' (read-only)' : ''}:`];
      for (const c of report.checks) {
        lines.push(`  ${c.problems.length ? 'FAILED' : 'ok    '}  ${c.check}`);
        for (const p of c.problems.slice(0, 20)) lines.push(`            ${p}`);
        if (c.problems.length > 20) lines.push(`            … and ${c.problems.length - 20} more`);
      }
      lines.push(report.ok ? 'All checks hold.' : 'Some checks failed: restore the database from a backup, or load the latest extract into a new one.');
      // --quiet: a failed check is an error, so it is still printed (on stderr); all holding is not.
      if (report.ok) report_(options, `${lines.join('\n')}\n`);
      else reportFailure(options, `${lines.join('\n')}\n`);
    }
    return report.ok ? 0 : EXIT_INTERNAL;
  } finally {
    await database.close();
  }
}

export function checkCommand(program: Command, outcome: CommandOutcome): void {
  program
    .command('check')
    .summary(COMMANDS.check.summary)
    .description(
      "Check that the database still holds what its load history says: SQLite's integrity_check and foreign keys " +
        '(on PostgreSQL: constraints validated, indexes valid, text columns in byte order); ' +
        'for every batch and file, rows read = rows loaded + rows quarantined, with the quarantine holding exactly those rows; ' +
        'and that the rows in force are the latest extract. Exit 0 when every check holds, 1 when one fails. ' +
        'Works on a read-only database file.',
    )
    .option(...databaseOption())
    .option('--json', 'print the checks as JSON')
    .option(...QUIET_OPTION)
    .addHelpText('after', '\nExample:\n  progeval check --db progeval.db')
    .action(async (options: { db: string } & QuietOptions) => {
      outcome.code = await runCheck(options);
    });
}
