/**
 * Participant flow, Jacobson–Truax bins and monitoring on a generated cohort: the counts
 * follow their definitions and agree with the other sections of the same run.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateExtract } from '../../../fixtures/generator/index.ts';
import { readPlan } from '../../../pipeline/analyse/readPlan.ts';
import { runAnalysis } from '../../../pipeline/analyse/runAnalysis.ts';
import { quarterOf } from '../../../pipeline/analyse/monitoring/monitoring.ts';
import { openDatabase } from '../../../pipeline/db/open.ts';
import { loadExtract } from '../../../pipeline/load/loadExtract.ts';
import type { AnalysisResults as Results } from '../../../schemas/results.ts';
import { scratchDir } from '../../support/extracts.ts';

let results: Results;

beforeAll(async () => {
  const dir = join(scratchDir(), 'extract');
  await generateExtract({ out: dir, people: 1200, seed: 21 });
  const database = await openDatabase(':memory:');
  await loadExtract(database, dir);
  results = await runAnalysis(database, readPlan(join(import.meta.dirname, '../../../fixtures/plans/building-choices.yaml')));
  await database.close();
});

describe('participant flow', () => {
  it('narrows from referred to started to completed, and agrees with the other sections', () => {
    for (const f of results.flow) {
      expect(f.referred!).toBeGreaterThanOrEqual(f.started!);
      expect(f.started!).toBeGreaterThanOrEqual(f.completed!);
      expect(f.with_pre!).toBeGreaterThanOrEqual(f.with_pre_and_post!);
      for (const c of f.classed) {
        const rate = results.reconviction.rates.find((r) => r.comparison === f.comparison && r.level === f.level && r.window_months === c.window_months && r.category === 'any')!;
        expect(c.n).toBe(rate.n);
        expect(c.n! + rate.excluded!).toBe(f.referred);
      }
      const pairs = results.attitudes.change.filter((c) => c.comparison === f.comparison && c.level === f.level).map((c) => c.n!);
      expect(f.with_pre_and_post!).toBeGreaterThanOrEqual(Math.max(...pairs));
    }
  });
});

describe('Jacobson–Truax bins', () => {
  it('count every pair exactly once, in bins inside the measure range', () => {
    for (const change of results.attitudes.change) {
      const bins = results.attitudes.jacobson_truax.filter((b) => b.comparison === change.comparison && b.level === change.level && b.measure === change.measure);
      expect(bins.reduce((s, b) => s + b.count!, 0)).toBe(change.n);
      const m = results.attitudes.measures.find((x) => x.measure === change.measure)!;
      for (const b of bins) {
        expect(b.pre_low).toBeGreaterThanOrEqual(m.min);
        expect(b.post_low + b.bin_width).toBeLessThanOrEqual(m.max + 1e-9);
        expect(b.count).toBeGreaterThan(0);
      }
    }
  });

  it('gives the reliable change band for every level and measure with pairs', () => {
    for (const change of results.attitudes.change.filter((c) => c.n! >= 2)) {
      const band = results.attitudes.reliable_change_bands.find((b) => b.comparison === change.comparison && b.level === change.level && b.measure === change.measure)!;
      expect(band.threshold).toBeGreaterThan(0);
    }
  });
});

describe('monitoring', () => {
  it('names quarters by the calendar', () => {
    expect(['2024-01-01', '2024-03-31', '2024-04-01', '2024-12-31'].map(quarterOf)).toEqual(['2024-Q1', '2024-Q1', '2024-Q2', '2024-Q4']);
  });

  it('puts each quarter of a family around the family centre line', () => {
    const families = new Set(results.monitoring.quarterly.map((q) => q.programme_family));
    for (const family of families) {
      const quarters = results.monitoring.quarterly.filter((q) => q.programme_family === family);
      const total = quarters.reduce((s, q) => ({ n: s.n + q.n!, r: s.r + q.reoffended! }), { n: 0, r: 0 });
      for (const q of quarters) {
        expect(q.centre).toBeCloseTo(total.r / total.n, 12);
        expect(q.lcl!).toBeLessThanOrEqual(q.centre!);
        expect(q.ucl!).toBeGreaterThanOrEqual(q.centre!);
      }
    }
  });

  it('gives regional O/E inside a funnel that spans the regions', () => {
    expect(results.monitoring.regions.length).toBeGreaterThan(5);
    const expected = results.monitoring.regions.map((r) => r.expected!);
    const funnel = results.monitoring.funnel.map((f) => f.expected);
    expect(Math.min(...funnel)).toBeLessThanOrEqual(Math.min(...expected));
    expect(Math.max(...funnel)).toBeGreaterThanOrEqual(Math.max(...expected));
    for (const r of results.monitoring.regions) expect(r.ratio).toBeCloseTo(r.observed! / r.expected!, 12);
  });
});
