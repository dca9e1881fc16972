/**
 * The quarterly centre line is a place of its family's counts (reports/disclosure/
 * monitoringRules.ts, issue 16). Before, when a level of a programme family had to be withheld
 * to protect a small level beside it, the family's n could still be had from the centre line
 * (reoffended ÷ n) and the quarters' reoffended, and the only way disclosure control found to
 * hide it was to withhold every quarter. A generated cohort where this happens (6,000 people,
 * seed 3, the example plan: the legacy specialist level is withheld to protect the small
 * Building Choices level) showed 0 of 26 legacy specialist quarters before; it must show most
 * of them now, with the centre line and limits withheld instead.
 */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { generateExtract } from '../../../fixtures/generator/index.ts';
import { readPlan } from '../../../pipeline/analyse/readPlan.ts';
import { runAnalysis } from '../../../pipeline/analyse/runAnalysis.ts';
import { openDatabase } from '../../../pipeline/db/open.ts';
import { loadExtract } from '../../../pipeline/load/loadExtract.ts';
import { discloseResults } from '../../../reports/disclosure/discloseResults.ts';
import { scratchDir } from '../../support/extracts.ts';

const PLAN = join(import.meta.dirname, '../../../fixtures/plans/building-choices.yaml');

it('withholds the centre line, not every quarter, when a level of the family must be protected', async () => {
  const out = join(scratchDir('progeval-centre-'), 'extract');
  await generateExtract({ out, people: 6000, seed: 3 });
  const database = await openDatabase(':memory:');
  try {
    await loadExtract(database, out);
    const plan = readPlan(PLAN);
    const { results, log } = await discloseResults(await runAnalysis(database, plan), { minCell: plan.disclosure.min_cell });
    const legacy = results.monitoring.quarterly.filter((q) => q.programme_family === 'legacy_specialist');
    expect(legacy.length).toBe(26);
    // The level the family's quarters add up to is withheld to protect another figure…
    const level = results.reconviction.rates.find((r) => r.comparison === 'programme' && r.level === 'legacy_specialist' && r.window_months === 12 && r.category === 'any')!;
    expect(level.suppressed_reason?.n).toBe('c');
    // …and the quarters stay: their n nearly all, their rates mostly; the centre line and limits go.
    expect(legacy.filter((q) => q.n !== null).length).toBeGreaterThanOrEqual(24);
    expect(legacy.filter((q) => q.rate !== null).length).toBeGreaterThanOrEqual(13);
    expect(legacy.every((q) => q.centre === null && q.suppressed_reason?.centre === 'c')).toBe(true);
    expect(legacy.filter((q) => q.rate !== null).every((q) => q.lcl === null && q.ucl === null)).toBe(true);
    expect(log.unprotected).toEqual([]);
  } finally {
    await database.close();
  }
}, 300_000);
