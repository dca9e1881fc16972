/**
 * `progeval plan init`: a commented starting plan, with the review's questions and default
 * non-inferiority margins and where they come from. Printed, or written atomically to
 * --out (never over an existing file without --force).
 */
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Command } from 'commander';
import { parse } from 'yaml';
import { planSchema } from '../../../schemas/plan.ts';
import { factorLevelsIn } from '../../analyse/planLevels.ts';
import { openDatabase } from '../../db/open.ts';
import { COMPARISON_FACTORS } from '../../derive/comparisonFactors.ts';
import { BadInput, type CommandOutcome } from '../exitCodes.ts';
import { COMMANDS } from '../commandIndex.ts';

/** The starting plan: every line a reader needs to decide before seeing the data. */
export const PLAN_TEMPLATE = `# progeval analysis plan. Check it with: progeval run --plan THIS_FILE --db progeval.db --out out
# Levels a comparison may use: progeval levels --db progeval.db
title: Building Choices vs legacy, band 3 vs band 4

# The review's questions. Band 3 groups mostly run Building Choices, so each question holds
# the other factor fixed (adjust_for); the comparisons "as delivered" (nothing held fixed)
# keep their estimates for reference but get no verdict.
comparisons:
  - { id: programme, by: programme_family, treatment: building_choices, reference: legacy_specialist, adjust_for: [facilitator_band] }
  - { id: band, by: facilitator_band, treatment: band_3, reference: band_4, adjust_for: [programme_family, start_period] }
  - { id: programme_as_delivered, by: programme_family, treatment: building_choices, reference: legacy_specialist }
  - { id: band_as_delivered, by: facilitator_band, treatment: band_3, reference: band_4 }

covariates: [age_at_index, prior_convictions, ogrs]
windows: [12, 24]          # proven reoffending windows, in months (the JDL headline uses 12)
seed: 1                    # seeds every resampling (the cluster bootstrap): same seed, same intervals
bootstrap_replicates: 999  # cluster-bootstrap replicates for landmark survival (0: none)
disclosure: { min_cell: 10 }

# Non-inferiority margins: how much worse the new arrangement may be and still count as
# "doing at least as well". Agree them with HMPPS and record why BEFORE the data are seen;
# changing a margin after seeing results invalidates the verdict (CONSORT extension for
# non-inferiority trials, Piaggio et al. 2012, JAMA 308:2594, items 2b, 7a and 22; FDA 2016,
# Non-Inferiority Clinical Trials to Establish Effectiveness, section IV).
# A verdict needs the whole two-sided 95% CI on one side of the margin:
#   superior      CI wholly on the better side of no difference
#   non_inferior  CI wholly on the better side of the margin
#   inferior      CI wholly beyond the margin
#   inconclusive  otherwise (the report says when the data should be able to say)
margins:
  reoffending:
    # 3 percentage points more proven reoffending within the window (0.03 as a proportion).
    # One-year proven reoffending after these programmes runs at about 10-15%, so 3 points is
    # a relative rise of a fifth to a quarter, the size of the harm Mews, Di Bella & Purver
    # (2017, MoJ Analytical Series, core SOTP impact evaluation) reported, and about the
    # smallest difference Justice Data Lab analyses of a few hundred people can detect.
    risk_difference: 0.03
    # A hazard of reoffending 25% higher: the same relative rise, for time to first reoffence.
    hazard_ratio: 1.25
  attitudes:
    # 0.2 standard deviations of the pre scores: Cohen's (1988) "small" effect, below which a
    # difference in group means is rarely meaningful. Or give points on the measure's own
    # scale (points: 3), or per measure by its id (offence_supportive_attitudes: { points: 3 }).
    standardised: 0.2
`;

/** Write `text` to `file` atomically: a temporary file beside it, flushed, then renamed. */
function writeAtomically(file: string, text: string): void {
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    const fd = openSync(temporary, 'wx', 0o644);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** A count shown in a plan's comments: never one from fewer than the default min_cell people. */
const PLAN_MIN_CELL = 10;

/**
 * The levels the loaded data have, as comments for the top of a plan: each comparison factor
 * with its levels and the people at each ("fewer than 10" for a small one, as `progeval levels`).
 */
export async function levelComments(db: string): Promise<string> {
  const database = await openDatabase(db, { mustExist: true });
  try {
    const levels = await factorLevelsIn(database);
    const lines = COMPARISON_FACTORS.map((f) => `#   ${f}: ${levels[f].map((l) => `${l.level} (${l.people < PLAN_MIN_CELL ? `fewer than ${PLAN_MIN_CELL}` : l.people})`).join(', ') || 'none'}`);
    return `# The levels the data in ${basename(db)} have, with the people at each (progeval levels --db ${basename(db)}):\n${lines.join('\n')}\n`;
  } finally {
    await database.close();
  }
}

export async function runPlanInit(options: { out?: string; force?: boolean; db?: string }): Promise<number> {
  // The template must be a valid plan: checked every time, so it cannot drift from the schema.
  planSchema.parse(parse(PLAN_TEMPLATE));
  const lines = PLAN_TEMPLATE.split('\n');
  const text = options.db ? [lines[0], lines[1], await levelComments(options.db), ...lines.slice(2)].join('\n').replace('\n\n# The levels', '\n# The levels') : PLAN_TEMPLATE;
  if (!options.out) {
    process.stdout.write(text);
    return 0;
  }
  if (existsSync(options.out) && !options.force) throw new BadInput(`${options.out} already exists; choose another name, or add --force to replace it`);
  if (!existsSync(dirname(options.out) || '.')) throw new BadInput(`the folder for ${options.out} does not exist`);
  writeAtomically(options.out, text);
  process.stdout.write(`Wrote ${options.out}: edit the comparisons and agree the margins before the data are seen.\n`);
  return 0;
}

export function planCommand(program: Command, outcome: CommandOutcome): void {
  const plan = program.command('plan').summary(COMMANDS.plan.summary).description('Write or check analysis plans (YAML).');
  plan
    .command('init')
    .summary('print (or write) a commented starting plan, with default non-inferiority margins and their sources')
    .description(
      'Print a starting plan for the review: the programme and band questions (each holding the other factor fixed), ' +
        'the comparisons as delivered, covariates, windows, min_cell, and default non-inferiority margins ' +
        '(3 percentage points of proven reoffending, a hazard ratio of 1.25, 0.2 SD on attitude measures) with where ' +
        'they come from. Agree the margins before the data are seen.\n\nExamples:\n' +
        '  progeval plan init > plan.yaml\n  progeval plan init --out plan.yaml\n  progeval plan init --db progeval.db > plan.yaml   # with the levels the data have',
    )
    .option('--out <file>', 'write the plan here (atomically) instead of printing it')
    .option('--force', 'replace --out if it exists')
    .option('--db <file>', 'list, in comments at the top, the levels this database\'s data have, with the people at each')
    .exitOverride()
    .action(async (options: { out?: string; force?: boolean; db?: string }) => {
      outcome.code = await runPlanInit(options);
    });
}
