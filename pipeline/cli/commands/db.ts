/** `progeval db roles`: the SQL for the three roles of a shared PostgreSQL database. */
import type { Command } from 'commander';
import { rolesSql } from '../../db/postgres/roles.ts';
import { BadInput, type CommandOutcome } from '../exitCodes.ts';
import { COMMANDS } from '../commandIndex.ts';

export function dbCommand(program: Command, outcome: CommandOutcome): void {
  const db = program.command('db').summary(COMMANDS.db.summary).description('Commands for the DBA of a shared PostgreSQL database. See the README, "PostgreSQL".');
  db.command('roles')
    .summary('print the SQL that creates progeval_admin, progeval_loader and progeval_analyst')
    .description(
      'Print (never run) the SQL a DBA runs once to create three roles: progeval_admin owns the schema (creates and upgrades the tables); ' +
        'progeval_loader loads extracts (the contract tables, load history and quarantine); progeval_analyst runs analyses: it reads the ' +
        'analysis tables and records its runs and the cells it published, but writes no data and cannot read the quarantine\'s refused rows.',
    )
    .option('--print', 'print the SQL (the only thing this command does; it never connects)')
    .option('--database <name>', 'the database the grants are for', 'progeval')
    .addHelpText('after', '\nExample:\n  progeval db roles --print --database progeval > roles.sql && psql -d progeval -f roles.sql')
    .action((options: { database: string }) => {
      try {
        process.stdout.write(rolesSql(options.database));
      } catch (e) {
        throw new BadInput((e as Error).message);
      }
      outcome.code = 0;
    });
}
