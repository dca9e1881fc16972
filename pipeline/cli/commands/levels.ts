import type { Command } from 'commander';
import { factorLevelsIn } from '../../analyse/planLevels.ts';
import { readPlan } from '../../analyse/readPlan.ts';
import { databaseOption, openDatabase } from '../../db/open.ts';
import { COMPARISON_FACTORS } from '../../derive/comparisonFactors.ts';
import type { CommandOutcome } from '../exitCodes.ts';
import { textTable } from '../table.ts';
import { QUIET_OPTION, report, type QuietOptions } from '../quiet.ts';
import { COMMANDS } from '../commandIndex.ts';

export interface LevelsOptions extends QuietOptions {
  db: string;
  plan?: string;
}

/** min_cell when no plan is given: the publication threshold. */
const DEFAULT_MIN_CELL = 10;

export async function runLevels(options: LevelsOptions): Promise<number> {
  const minCell = options.plan ? readPlan(options.plan).disclosure.min_cell : DEFAULT_MIN_CELL;
  const database = await openDatabase(options.db, { mustExist: true });
  try {
    const levels = await factorLevelsIn(database);
    // A count from fewer than min_cell people is never shown: not as a number, not in JSON.
    const factors = COMPARISON_FACTORS.map((factor) => ({
      factor,
      levels: levels[factor].map((l) => (l.people < minCell ? { level: l.level, people: null, suppressed: true } : { level: l.level, people: l.people, suppressed: false })),
    }));
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ database: database.location, counted: 'people', min_cell: minCell, factors }, null, 2)}\n`);
      return 0;
    }
    if (factors.every((f) => !f.levels.length)) {
      report(options, `Nothing is loaded in ${database.location}: load an extract first with \`progeval ingest DIR --db ${database.location}\`.\n`);
      return 0;
    }
    const rows = factors.flatMap((f) => f.levels.map((l, i) => [i === 0 ? f.factor : '', l.level, l.people === null ? `fewer than ${minCell}` : String(l.people)]));
    report(
      options,
      `Comparison factors and their levels in ${database.location}: people at each level ` +
        `(a count from fewer than ${minCell} people is not shown).\n\n` +
        `${textTable(['by', 'level', 'people'], rows)}\n\n` +
        'A plan compares two levels of one factor, e.g. { id: programme, by: programme_family, treatment: building_choices, reference: legacy_specialist }.\n',
    );
    return 0;
  } finally {
    await database.close();
  }
}

export function levelsCommand(program: Command, outcome: CommandOutcome): void {
  program
    .command('levels')
    .summary(COMMANDS.levels.summary)
    .description(
      'List every comparison factor a plan can compare by (by: arm, programme_family, programme, facilitator_band, ' +
        'intensity, setting, region) with the levels the loaded data have, derived exactly as the analyses derive ' +
        'them (people without a group take their arm). Use it to write a plan: a comparison\'s treatment and ' +
        'reference must be levels listed here, or `progeval run` refuses the plan.\n\n' +
        'Counts are of people (distinct person_id; a person enrolled at two levels counts at each; the report\'s ' +
        '"referred" counts enrolments, so it can be higher). A count from fewer than min_cell people (the plan\'s ' +
        `disclosure.min_cell with --plan, otherwise ${DEFAULT_MIN_CELL}) is shown as "fewer than" min_cell, never as the number, ` +
        'and in --json as null with "suppressed": true. Only small counts are withheld, with no secondary suppression ' +
        '(a withheld count may be worked out from the others): this listing is for planning, not for publication.',
    )
    .option(...databaseOption())
    .option('--plan <file>', 'take min_cell from this plan\'s disclosure block')
    .option('--json', 'print as JSON')
    .option(...QUIET_OPTION)
    .addHelpText('after', '\nExamples:\n  progeval levels --db progeval.db\n  progeval levels --db progeval.db --plan fixtures/plans/building-choices.yaml --json')
    .action(async (options: LevelsOptions) => {
      outcome.code = await runLevels(options);
    });
}
