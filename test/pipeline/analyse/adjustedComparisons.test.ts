/**
 * Comparisons that hold factors fixed or filter, through the whole analysis on a generated
 * cohort: records say what was held fixed, a filter restricts every count, the overlap is
 * reported by stratum in groups, a treatment that cannot be told apart from the held-fixed
 * factors gets no estimate, and matching still works when a held-fixed level is one-sided.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateExtract } from '../../../fixtures/generator/index.ts';
import { runAnalysis } from '../../../pipeline/analyse/runAnalysis.ts';
import { openDatabase } from '../../../pipeline/db/open.ts';
import { loadExtract } from '../../../pipeline/load/loadExtract.ts';
import { planSchema } from '../../../schemas/plan.ts';
import type { AnalysisResults } from '../../../schemas/results.ts';
import { scratchDir } from '../../support/extracts.ts';

const PLAN = planSchema.parse({
  comparisons: [
    { id: 'band', by: 'facilitator_band', treatment: 'band_3', reference: 'band_4', adjust_for: ['programme_family', 'start_period'] },
    { id: 'band_raw', by: 'facilitator_band', treatment: 'band_3', reference: 'band_4' },
    { id: 'band_in_bc', by: 'facilitator_band', treatment: 'band_3', reference: 'band_4', filter: { programme_family: 'building_choices' } },
    { id: 'programme_by_period', by: 'programme_family', treatment: 'building_choices', reference: 'legacy_specialist', adjust_for: ['start_period'] },
  ],
  covariates: ['ogrs'],
  windows: [12],
});

let results: AnalysisResults;
beforeAll(async () => {
  const dir = join(scratchDir(), 'extract');
  await generateExtract({ out: dir, people: 3000, seed: 4, extractDate: '2028-10-31' });
  const database = await openDatabase(':memory:');
  await loadExtract(database, dir);
  results = await runAnalysis(database, PLAN);
  await database.close();
}, 180_000);

describe('comparisons that hold factors fixed (issue 10)', () => {
  it('carries adjust_for and filter on every model record', () => {
    for (const r of [...results.attitudes.ancova, ...results.reconviction.cox, ...results.reconviction.logistic, ...results.reconviction.matched]) {
      const c = PLAN.comparisons.find((x) => x.id === r.comparison)!;
      expect(r.adjust_for).toEqual(c.adjust_for ?? []);
      expect(r.filter).toEqual(c.filter);
    }
  });

  it('restricts every count of a filtered comparison to its subgroup', () => {
    const referred = (id: string, level: string) => results.flow.find((f) => f.comparison === id && f.level === level)!.referred!;
    expect(referred('band_in_bc', 'band_3')).toBeLessThan(referred('band_raw', 'band_3'));
    expect(referred('band_in_bc', 'band_4')).toBeLessThan(referred('band_raw', 'band_4'));
    expect(referred('band', 'band_3')).toBe(referred('band_raw', 'band_3'));
  });

  it('reports the overlap by stratum, in groups, and which strata inform the estimate', () => {
    const strata = results.adjustment!.overlap.filter((o) => o.comparison === 'band');
    expect(strata.length).toBeGreaterThan(1);
    for (const s of strata) {
      expect(s.informs_estimate).toBe(s.treatment_groups > 0 && s.reference_groups > 0);
      expect(Object.keys(s.levels)).toEqual(['programme_family', 'start_period']);
    }
    expect(strata.some((s) => s.informs_estimate)).toBe(true);
    expect(results.adjustment!.notes.some((n) => n.startsWith('band: ') && n.includes('strata have groups on one side only'))).toBe(true);
  });

  it('estimates the band effect holding programme and period fixed', () => {
    const a = results.attitudes.ancova.find((r) => r.comparison === 'band' && !r.adjusted)!;
    expect(a.estimate).not.toBeNull();
    expect(a.note).toBeNull();
    const cox = results.reconviction.cox.find((r) => r.comparison === 'band' && !r.adjusted)!;
    expect(cox.hr).not.toBeNull();
  });

  it('gives no estimate when the treatment cannot be told apart from the held-fixed factors', () => {
    // Building Choices groups start from 2025, legacy groups before: no half-year has both.
    expect(results.adjustment!.notes).toContain('programme_by_period: no stratum has groups on both sides, so holding start_period fixed leaves nothing to compare.');
    for (const r of [...results.attitudes.ancova, ...results.reconviction.cox].filter((x) => x.comparison === 'programme_by_period')) {
      expect(r.note).toMatch(/cannot be told apart from start_period/);
      expect('estimate' in r ? r.estimate : r.hr).toBeNull();
    }
  });

  it('matches exactly within strata even when a held-fixed level is one-sided, counting its treated as unmatched', () => {
    const adjusted = results.reconviction.matched.find((m) => m.comparison === 'band')!;
    const raw = results.reconviction.matched.find((m) => m.comparison === 'band_raw')!;
    expect(adjusted.n_treated).not.toBeNull();
    // Every treated person in scope is either matched or unmatched, as delivered or not.
    expect(adjusted.n_treated! + adjusted.unmatched_treated!).toBe(raw.n_treated! + raw.unmatched_treated!);
  });
});
