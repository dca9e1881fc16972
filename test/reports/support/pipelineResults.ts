/**
 * A realistic Results object for the chart tests: a small synthetic cohort generated,
 * loaded, analysed and put through disclosure control, as the report receives it. Built once
 * per test file (about five seconds). The plan is the example plan's two review questions,
 * held fixed as there, and programme against none, without the comparisons "as delivered":
 * those double the linked table and make disclosure control about ten times slower (48 s
 * against 5 s here), and the charts draw every comparison alike.
 */
import { join } from 'node:path';
import { generateExtract } from '../../../fixtures/generator/index.ts';
import { parsePlan } from '../../../pipeline/analyse/readPlan.ts';
import { runAnalysis } from '../../../pipeline/analyse/runAnalysis.ts';
import { openDatabase } from '../../../pipeline/db/open.ts';
import { loadExtract } from '../../../pipeline/load/loadExtract.ts';
import { discloseResults } from '../../../reports/disclosure/discloseResults.ts';
import type { Results } from '../../../schemas/results.ts';
import { scratchDir } from '../../support/extracts.ts';

const CHART_PLAN = `title: Building Choices vs legacy, band 3 vs band 4
comparisons:
  - { id: programme, by: programme_family, treatment: building_choices, reference: legacy_specialist, adjust_for: [facilitator_band] }
  - { id: band, by: facilitator_band, treatment: band_3, reference: band_4, adjust_for: [programme_family, start_period] }
  - { id: programme_vs_none, by: arm, treatment: programme, reference: none }
covariates: [age_at_index, prior_convictions, ogrs]
windows: [12, 24]
`;

/** Generate 1500 people (seed 5), load them in memory, run the plan, apply disclosure control. */
export async function disclosedPipelineResults(): Promise<Results> {
  const out = join(scratchDir('progeval-charts-'), 'extract');
  await generateExtract({ out, people: 1500, seed: 5 });
  const database = await openDatabase(':memory:');
  try {
    await loadExtract(database, out);
    const plan = parsePlan(CHART_PLAN, 'chart-plan.yaml');
    const results = await runAnalysis(database, plan);
    return (await discloseResults(results, { minCell: plan.disclosure.min_cell })).results;
  } finally {
    await database.close();
  }
}
