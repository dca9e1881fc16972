/**
 * The progeval command line. Exit codes: 0 ok, 2 bad input, 1 internal error.
 */
import { Command, CommanderError } from 'commander';
import { DatabaseBusy, DatabaseMissing, DatabaseUnusable } from '../db/open.ts';
import { DatabaseConnectionLost } from '../db/errors.ts';
import { PlanInvalid } from '../analyse/readPlan.ts';
import { ExtractRefused } from '../validate/refusal.ts';
import { isDiskFull } from '../../reports/output/outputFolder.ts';
import { PROGEVAL_VERSION } from '../version.ts';
import { checkCommand } from './commands/check.ts';
import { contractCommand } from './commands/contract.ts';
import { demoCommand } from './commands/demo.ts';
import { generateCommand } from './commands/generate.ts';
import { ingestCommand } from './commands/ingest.ts';
import { levelsCommand } from './commands/levels.ts';
import { planCommand } from './commands/plan.ts';
import { quarantineCommand } from './commands/quarantine.ts';
import { runCommand } from './commands/run.ts';
import { statusCommand } from './commands/status.ts';
import { historyCommand } from './commands/history.ts';
import { reproduceCommand } from './commands/reproduce.ts';
import { exportCommand } from './commands/export.ts';
import { dbCommand } from './commands/db.ts';
import { BadInput, EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK, type CommandOutcome } from './exitCodes.ts';

export function buildProgram(outcome: CommandOutcome): Command {
  const program = new Command('progeval')
    .version(PROGEVAL_VERSION)
    .description(
      'Evaluate probation programmes from an anonymised extract: legacy sex-offender programmes (Horizon, ' +
        'iHorizon, Kaizen) against Building Choices, and band 4 against band 3 facilitators.\n\n' +
        'The data flows one way: extract -> validate -> load -> derive -> analyse -> report.',
    )
    .showSuggestionAfterError()
    .exitOverride()
    .addHelpText(
      'after',
      '\nStart here: ' +
        '  progeval demo                                   generate, load and summarise a synthetic cohort ' +
        '  progeval contract                               what an extract must look like ' +
        '  progeval ingest extracts/2026-10 --db my.db     load a real extract\n\n' +
        'Exit codes: 0 ok, 2 bad input (the message says what to fix), 1 internal error.',
    );
  for (const add of [generateCommand, ingestCommand, statusCommand, quarantineCommand, checkCommand, levelsCommand, planCommand, runCommand, historyCommand, reproduceCommand, exportCommand, dbCommand, contractCommand, demoCommand]) add(program, outcome);
  program.commands.forEach((c) => c.exitOverride());
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const outcome: CommandOutcome = { code: EXIT_OK };
  const program = buildProgram(outcome);
  try {
    await program.parseAsync(argv);
    return outcome.code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version are successes; a usage mistake is bad input.
      return e.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT;
    }
    if (e instanceof ExtractRefused || e instanceof BadInput || e instanceof DatabaseMissing || e instanceof DatabaseUnusable || e instanceof PlanInvalid) {
      process.stderr.write(`progeval: ${e.message}\n`);
      return EXIT_BAD_INPUT;
    }
    if ((e as { code?: unknown })?.code === '42501') {
      // PostgreSQL: this role was not granted what the command needs (see `progeval db roles`).
      process.stderr.write(`progeval: the PostgreSQL server refused: ${(e as Error).message}. This role may not do this; see \`progeval db roles --print\` for what each role may do.\n`);
      return EXIT_BAD_INPUT;
    }
    if (isDiskFull(e)) {
      // A load is one transaction, so a full disk leaves the database as it was.
      process.stderr.write('progeval: disk full: nothing was changed (a load is all or nothing). Free some space and run again.\n');
      return EXIT_INTERNAL;
    }
    if (DatabaseConnectionLost.is(e)) {
      process.stderr.write(`progeval: ${new DatabaseConnectionLost().message}\n`);
      return EXIT_INTERNAL;
    }
    if (e instanceof DatabaseBusy) {
      // Not the user's mistake and not a bug: a plain message, and the exit code of a failure.
      process.stderr.write(`progeval: ${e.message}\n`);
      return EXIT_INTERNAL;
    }
    process.stderr.write(`progeval: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT_INTERNAL;
  }
}
