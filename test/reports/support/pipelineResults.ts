/**
 * A realistic Results object for the chart tests: a small synthetic cohort generated,
 * loaded, analysed with the example plan and put through disclosure control, as the report
 * receives it. Built once per test file (about two seconds).
 */
import { join } from 'node:path';
import { generateExtract } from '../../../fixtures/generator/index.ts';
import { readPlan } from '../../../pipeline/analyse/readPlan.ts';
import { runAnalysis } from '../../../pipeline/analyse/runAnalysis.ts';
import { openDatabase } from '../../../pipeline/db/open.ts';
import { loadExtract } from '../../../pipeline/load/loadExtract.ts';
import { discloseResults } from '../../../reports/disclosure/discloseResults.ts';
import type { Results } from '../../../schemas/results.ts';
import { FIXTURES, scratchDir } from '../../support/extracts.ts';

/** Generate 1500 people (seed 5), load them in memory, run the plan, apply disclosure control. */
export async function disclosedPipelineResults(): Promise<Results> {
  const out = join(scratchDir('progeval-charts-'), 'extract');
  await generateExtract({ out, people: 1500, seed: 5 });
  const database = await openDatabase(':memory:');
  try {
    await loadExtract(database, out);
    const plan = readPlan(join(FIXTURES, 'plans', 'building-choices.yaml'));
    const results = await runAnalysis(database, plan);
    return (await discloseResults(results, { minCell: plan.disclosure.min_cell })).results;
  } finally {
    await database.close();
  }
}
