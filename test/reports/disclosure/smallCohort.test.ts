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

  it('derived records follow their sources: verdicts, readiness, frequency and time to reoffence (issue 11)', async () => {
    const { results: d } = await discloseResults(original, { minCell: 10 });
    expect(d.verdicts.length).toBeGreaterThan(0);
    const rec = d.reconviction;
    for (const v of d.verdicts) {
      const source =
        v.method === 'matched'
          ? rec.matched.find((m) => m.comparison === v.comparison && m.window_months === v.window_months)!
          : v.method === 'cox'
            ? (rec.cox.find((c) => c.comparison === v.comparison && c.adjusted) ?? rec.cox.find((c) => c.comparison === v.comparison))!
            : (d.attitudes.ancova.find((a) => a.comparison === v.comparison && a.measure === v.measure && a.adjusted) ?? d.attitudes.ancova.find((a) => a.comparison === v.comparison && a.measure === v.measure))!;
      const published = 'difference' in source ? source.difference : 'hr' in source ? source.hr : source.estimate;
      const withheld = (source.suppressed ?? []).some((p) => ['difference', 'hr', 'estimate'].includes(p));
      if (withheld) {
        expect(v.verdict).toBe('not_assessable');
        expect(v.estimate).toBeNull();
        expect(v.note).toMatch(/^withheld by disclosure control \[(low|c)\]/);
      } else expect(v.estimate).toBe(published);
    }
    for (const r of d.readiness) {
      const v = d.verdicts.find((x) => x.comparison === r.comparison && x.margin_scale === r.margin_scale && x.window_months === r.window_months && x.measure === r.measure)!;
      expect(v).toBeDefined();
      if (r.margin_scale === 'risk_difference') {
        const m = rec.matched.find((x) => x.comparison === r.comparison && x.window_months === r.window_months)!;
        if (m.n_treated === null) expect(r.n_now).toBeNull();
      }
    }
    for (const t of rec.time_to_reoffence) {
      const rate = rec.rates.find((x) => x.comparison === t.comparison && x.level === t.level && x.window_months === t.window_months && x.category === 'any')!;
      if (rate.suppressed_reason?.reoffended === 'low') expect(t.mean_days).toBeNull();
    }
    for (const f of rec.frequency) {
      const l = rec.logistic.find((x) => x.comparison === f.comparison && x.window_months === f.window_months)!;
      if (l.suppressed?.includes('or')) expect(f.rate_ratio).toBeNull();
    }
    // The paired interval gives back the pairs' 2 × 2 table: published only when every cell has min_cell pairs; the smallest cell is never published.
    original.reconviction.matched.forEach((m, i) => {
      const out = rec.matched[i]!;
      expect('paired_smallest_cell' in out).toBe(false);
      if (m.paired_smallest_cell == null || m.paired_smallest_cell < 10) expect(out.paired_ci_low ?? null).toBeNull();
    });
    // The cohort is small enough that some of each are withheld.
    expect(d.verdicts.some((v) => v.verdict === 'not_assessable' && v.note?.startsWith('withheld'))).toBe(true);
    expect(rec.time_to_reoffence.some((t) => t.suppressed?.includes('mean_days'))).toBe(true);
  });
});
