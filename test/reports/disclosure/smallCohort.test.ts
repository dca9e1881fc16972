/**
 * Disclosure control on a real cohort built with many small cells: a small generated
 * extract, analysed with the example plan (so many levels, windows, quarters, regions and
 * bins hold fewer than 10 people). The independent audit finds no cell from fewer than
 * min_cell people and no suppressed cell that can be worked out from what is shown.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateExtract } from '../../../fixtures/generator/index.ts';
import { readPlan } from '../../../pipeline/analyse/readPlan.ts';
import { runAnalysis } from '../../../pipeline/analyse/runAnalysis.ts';
import { openDatabase } from '../../../pipeline/db/open.ts';
import { loadExtract } from '../../../pipeline/load/loadExtract.ts';
import { discloseResults } from '../../../reports/disclosure/discloseResults.ts';
import { resultsSchema, type AnalysisResults } from '../../../schemas/results.ts';
import { scratchDir } from '../../support/extracts.ts';
import { disclosureFailures } from './support/disclosureAudit.ts';

let original: AnalysisResults;

beforeAll(async () => {
  const dir = join(scratchDir(), 'extract');
  await generateExtract({ out: dir, people: 400, seed: 9 });
  const database = await openDatabase(':memory:');
  await loadExtract(database, dir);
  original = await runAnalysis(database, readPlan(join(import.meta.dirname, '../../../fixtures/plans/building-choices.yaml')));
  await database.close();
}, 120_000);

describe('disclosure control on a cohort with many small cells', () => {
  it.each([10, 5])('leaves nothing small or recoverable at min_cell %i', async (minCell) => {
    const before = disclosureFailures(original, original, minCell);
    expect(before.length).toBeGreaterThan(20); // the cohort really has many small cells
    const { results: disclosed, log } = await discloseResults(original, { minCell });
    expect(log.unprotected).toEqual([]);
    expect(log.table.linkage_mismatches).toBe(0);
    expect(disclosureFailures(original, disclosed, minCell)).toEqual([]);
    expect(resultsSchema.safeParse(disclosed).success).toBe(true);
    expect(disclosed.disclosure.notes.length).toBeGreaterThan(0);
    expect(Object.values(disclosed.disclosure.suppressed_by_section).reduce((a, b) => a + b!, 0)).toBeGreaterThan(0);
  });
});
