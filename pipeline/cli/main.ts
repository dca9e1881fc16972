/**
 * The progeval command line. Exit codes: 0 ok, 2 bad input, 1 internal error.
 */
import { Command, CommanderError, Help } from 'commander';
import { DatabaseBusy, DatabaseConnectionLost, DatabaseMissing, DatabaseUnusable } from '../db/errors.ts';
import { PlanInvalid } from '../analyse/planInvalid.ts';
import { ExtractRefused } from '../validate/refusal.ts';
import { isDiskFull } from '../../reports/output/diskFull.ts';
import { PROGEVAL_VERSION } from '../version.ts';
import { COMMANDS, type CommandName } from './commandIndex.ts';
import { BadInput, EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK, type CommandOutcome } from './exitCodes.ts';

/** Is `name` one of our commands? */
const isCommand = (name: string | undefined): name is CommandName => name !== undefined && Object.hasOwn(COMMANDS, name);

/** The command `argv` names (directly, or as `help COMMAND`), if it is one of ours. */
function commandNamed(argv: readonly string[]): CommandName | null {
  const words = argv.slice(2).filter((a) => !a.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  return isCommand(name) ? name : null;
}

/**
 * The program, with the command `argv` names fully defined (its module loaded) and every other
 * command listed by name and summary only (commandIndex.ts).
 */
export async function buildProgram(outcome: CommandOutcome, argv: readonly string[]): Promise<Command> {
  const program = new Command('progeval')
    .version(PROGEVAL_VERSION)
    .description(
      'Evaluate probation programmes from an anonymised extract: legacy sex-offender programmes (Horizon, ' +
        'iHorizon, Kaizen) against Building Choices, and band 4 against band 3 facilitators.\n\n' +
        'The data flows one way: extract -> validate -> load -> derive -> analyse -> report.',
    )
    .showSuggestionAfterError()
    .exitOverride()
    // The usage of a command not loaded is the index's (a test keeps it equal to the module's).
    .configureHelp({
      subcommandTerm(c) {
        const name = c.name();
        return isCommand(name) ? [name, COMMANDS[name].usage].filter(Boolean).join(' ') : Help.prototype.subcommandTerm.call(this, c);
      },
    })
    .addHelpText(
      'after',
      '\nStart here:\n' +
        '  progeval demo                                   generate, load and summarise a synthetic cohort\n' +
        '  progeval contract                               what an extract must look like\n' +
        '  progeval ingest extracts/2026-10 --db my.db     load a real extract\n' +
        '  progeval open demo/out                          the report of a run, in your browser\n\n' +
        'Exit codes: 0 ok, 2 bad input (the message says what to fix), 1 internal error.',
    );
  const named = commandNamed(argv);
  for (const name of Object.keys(COMMANDS) as CommandName[]) {
    if (name === named) (await COMMANDS[name].load())(program, outcome);
    else program.command(name).summary(COMMANDS[name].summary);
  }
  program.commands.forEach((c) => c.exitOverride());
  for (const command of allCommands(program)) unknownOptionsFirst(command);
  return program;
}

const allCommands = (c: Command): Command[] => [c, ...c.commands.flatMap(allCommands)];

/**
 * Commander checks required options before unknown ones, so a mistyped `run --plna x` would
 * say that `--plan` is missing. Checking them in a preAction hook instead, which runs after
 * the unknown-option check, names the mistake: "unknown option '--plna' (Did you mean --plan?)".
 */
function unknownOptionsFirst(command: Command): void {
  const required = command.options.filter((o) => o.mandatory);
  if (!required.length) return;
  for (const o of required) o.mandatory = false;
  command.hook('preAction', (_, action) => {
    const missing = required.find((o) => action.getOptionValue(o.attributeName()) === undefined);
    if (missing) action.error(`error: required option '${missing.flags}' not specified`, { code: 'commander.missingMandatoryOptionValue' });
  });
}

export async function main(argv: string[]): Promise<number> {
  const outcome: CommandOutcome = { code: EXIT_OK };
  const program = await buildProgram(outcome, argv);
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
