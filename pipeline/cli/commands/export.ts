/**
 * `progeval export`: the analysis-ready dataset for approved academic partners, who must be
 * able to re-derive every published number. Row-level data, so: never published, never
 * written inside a report's OUT (nor a report inside it), no pseudonym in it, and marked as
 * such in its folder, its file names and its manifest.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { readPlan } from '../../analyse/readPlan.ts';
import { readCohort } from '../../analyse/runAnalysis.ts';
import { databaseOption, openDatabase } from '../../db/open.ts';
import { analysisDataset, type Cell } from '../../export/analysisDataset.ts';
import { claimOutput, OutputRefused, openOutput, type OutputClaim, type PendingOutput } from '../../../reports/output/outputFolder.ts';
import { neutraliseFormula } from '../../../reports/tables/neutraliseFormula.ts';
import { BadInput, type CommandOutcome } from '../exitCodes.ts';
import { QUIET_OPTION, report, type QuietOptions } from '../quiet.ts';
import { databaseInside, manifestRunOf } from './run.ts';
import { COMMANDS } from '../commandIndex.ts';

export interface ExportOptions extends QuietOptions {
  plan: string;
  out: string;
  db: string;
}

export const EXPORT_NOTICE =
  'ROW-LEVEL DATA: NOT FOR PUBLICATION. One row per person and comparison, for approved academic partners under their data-sharing agreement. ' +
  'Nothing here is disclosure controlled: publish only figures that pass the same rules as progeval\'s reports (no count from fewer than min_cell people, ' +
  'none that can be worked out from the rest). Pseudonyms are replaced by sequence numbers local to this export. Keep it out of any report folder.';

const DATASET = 'analysis-dataset.NOT-FOR-PUBLICATION.csv';

/** A cell for CSV: empty for missing, text from the data neutralised so that no spreadsheet runs it as a formula. */
const csvCell = (v: Cell): string => (v === null ? '' : typeof v === 'number' ? String(v) : neutraliseFormula(v));

export async function runExport(options: ExportOptions): Promise<number> {
  const plan = readPlan(options.plan);
  if (databaseInside(options.db, options.out)) {
    throw new BadInput(`--db ${options.db} is inside the export folder ${options.out}: the database holds pseudonyms, and the export must not. Keep the database outside it.`);
  }
  let claim: OutputClaim;
  try {
    claim = claimOutput(options.out, 'export');
  } catch (e) {
    throw e instanceof OutputRefused ? new BadInput(e.message) : e;
  }
  const note = (text: string) => (options.quiet ? undefined : process.stderr.write(text));
  for (const line of claim.repaired) note(`${line}\n`);
  const database = await openDatabase(options.db, { mustExist: true });
  let output: PendingOutput | undefined;
  try {
    const { dataset, inputs } = await database.readSnapshot(async () => {
      const { cohort, measures, inputs } = await readCohort(database, plan, (s) => note(`${s} …\n`));
      return { dataset: analysisDataset(cohort, plan, measures), inputs };
    });
    const planText = readFileSync(options.plan);
    output = openOutput(claim);
    output.write('NOT-FOR-PUBLICATION.txt', `${EXPORT_NOTICE}\n\nFiles:\n  ${DATASET}: the dataset\n  codebook.csv: every column, its type and how it is derived\n  plan.yaml: the analysis plan, verbatim\n  manifest.json: every file's SHA-256, and the extracts (by SHA-256) it was made from\n`);
    output.write(DATASET, stringify([dataset.columns.map((c) => c.name), ...dataset.rows.map((r) => r.map(csvCell))]));
    output.write('codebook.csv', stringify([['column', 'type', 'description'], ...dataset.columns.map((c) => [c.name, c.type, neutraliseFormula(c.description)])]));
    output.write('plan.yaml', planText);
    const manifest = output.complete(
      new Date().toISOString(),
      // Nothing here is published, so nothing is checked against or entered in the release register.
      manifestRunOf(planText, plan.seed, inputs, { id: null, fresh: true, unregistered: true, cells: [] }),
      { row_level: true, notice: EXPORT_NOTICE },
    );
    output.commit();
    const summary = { out: options.out, dataset: DATASET, rows: dataset.rows.length, people: dataset.people, comparisons: plan.comparisons.length, columns: dataset.columns.length, files: manifest.files.length + 1, row_level: true, not_for_publication: true };
    if (options.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else
      report(
        options,
        `Wrote ${options.out}/${DATASET}: ${dataset.rows.length} rows (${dataset.people} people in ${plan.comparisons.length} comparison(s)), ${dataset.columns.length} columns, with codebook.csv, plan.yaml and manifest.json.\n` +
          'ROW-LEVEL DATA, NOT FOR PUBLICATION: for approved academic partners only; nothing in it is disclosure controlled.\n',
      );
    return 0;
  } catch (e) {
    output?.discard();
    throw e;
  } finally {
    await database.close();
  }
}

export function exportCommand(program: Command, outcome: CommandOutcome): void {
  program
    .command('export')
    .summary(COMMANDS.export.summary)
    .description(
      'Write, in --out, the dataset the analyses see: one row per person and comparison of the plan (each person on their first ' +
        'eligible enrolment), with their levels, covariates, follow-up dates, derived outcomes (proven reoffending and offences per ' +
        'window, time to first reoffence and event) and pre/post scale scores; a codebook (every column, its type and how it is ' +
        'derived); the plan verbatim; and a manifest with every file\'s SHA-256 and the extracts it was made from.\n\n' +
        'Pseudonyms (people, groups) are replaced by sequence numbers local to the export (ordered by a hash keyed with the plan\'s ' +
        'seed: the same data and plan give the same bytes). It is ROW-LEVEL DATA, NOT FOR PUBLICATION, and says so in its folder, ' +
        'file names and manifest. It is never written inside a report\'s output folder (nor a report inside it), and it is not ' +
        'entered in the release register. --out must be new, empty, or an earlier export; it is written atomically.',
    )
    .requiredOption('--plan <file>', 'the analysis plan (YAML): its comparisons, windows and seed')
    .requiredOption('--out <dir>', 'the export folder (outside every report folder)')
    .option(...databaseOption())
    .option('--json', 'print a summary as JSON')
    .option(...QUIET_OPTION)
    .addHelpText('after', '\nExample:\n  progeval export --plan plan.yaml --db progeval.db --out /secure/exports/2026-10')
    .action(async (options: ExportOptions) => {
      outcome.code = await runExport(options);
    });
}
