import { beforeAll, describe, expect, it } from 'vitest';
import { atRiskLabels, DAYS_PER_MONTH, kaplanMeierChart, labelsThatFit } from '../../../reports/charts/kaplanMeier.ts';
import type { Results } from '../../../schemas/results.ts';
import { expectRenderableChart, inlineRows } from '../support/chartChecks.ts';
import { disclosedPipelineResults } from '../support/pipelineResults.ts';
import { emptyResults, sampleResults } from '../support/sampleResults.ts';

const step = (time_days: number, at_risk: number | null, surv: number | null) => ({ comparison: 'c', level: 'l', time_days, at_risk, events: null, surv, ci_low: null, ci_high: null });

describe('kaplanMeierChart', () => {
  let real: Results;
  beforeAll(async () => {
    real = await disclosedPipelineResults();
  });

  it('draws renderable step curves with bands and a numbers-at-risk table per comparison', async () => {
    const charts = kaplanMeierChart(real);
    expect(charts).toHaveLength((real.plan as { comparisons: unknown[] }).comparisons.length);
    for (const chart of charts) {
      const svg = await expectRenderableChart(chart);
      expect(svg).toContain('Number at risk');
      expect(svg).toMatch(/mark-line role-mark[^>]*>[\s\S]*?<path[^>]* d="M[^"]+"/);
      expect(svg).toMatch(/mark-area role-mark[^>]*>[\s\S]*?<path[^>]* d="M[^"]+"/);
    }
  });

  it('never draws a suppressed step: every curve point has a survival value', () => {
    for (const chart of kaplanMeierChart(real)) {
      const points = inlineRows(chart.spec).filter((r) => 'surv' in r);
      expect(points.length).toBeGreaterThan(2);
      expect(points.every((p) => typeof p['surv'] === 'number' && (p['surv'] as number) > 0)).toBe(true);
      expect(points.filter((p) => p['months'] === 0).every((p) => p['surv'] === 1)).toBe(true);
    }
  });

  it('prints a number at risk only where at_risk is published, at its own time, never carried forward', () => {
    const steps = [step(30, 100, 0.99), step(90, null, 0.97), step(200, 80, 0.95), step(400, null, 0.9)];
    expect(atRiskLabels(steps, 120)).toEqual([
      { months: 0, at_risk: 120 },
      { months: 30 / DAYS_PER_MONTH, at_risk: 100 },
      { months: 200 / DAYS_PER_MONTH, at_risk: 80 },
    ]);
    expect(atRiskLabels(steps, null).map((l) => l.at_risk)).toEqual([100, 80]);
    expect(atRiskLabels([step(30, null, 0.99), step(90, null, 0.97)], null)).toEqual([]);
  });

  it('leaves out a number that would overlap the one before, and never moves or replaces it', () => {
    const labels = [{ months: 0, at_risk: 1200 }, { months: 0.5, at_risk: 1190 }, { months: 6, at_risk: 1100 }];
    expect(labelsThatFit(labels, 24 / 428)).toEqual([labels[0], labels[2]]);
    expect(labelsThatFit(labels, 0.001)).toEqual(labels);
  });

  it('draws the numbers at risk of the sample only at published steps: blank where at_risk is null', () => {
    const results = sampleResults();
    for (const chart of kaplanMeierChart(results)) {
      const comparison = chart.id.replace('survival-', '').replace(/-/g, '_');
      const rows = results.reconviction.survival.filter((s) => s.comparison === comparison);
      const published = new Set(rows.filter((s) => s.at_risk !== null).map((s) => `${s.time_days / DAYS_PER_MONTH}|${s.at_risk!.toLocaleString('en-GB')}`));
      const strip = inlineRows(chart.spec).filter((r) => 'count' in r);
      expect(strip.length).toBeGreaterThan(0);
      for (const r of strip) {
        if (r['months'] === 0) continue;
        expect(published.has(`${r['months']}|${r['count']}`), JSON.stringify(r)).toBe(true);
      }
      const withheldTimes = new Set(rows.filter((s) => s.at_risk === null).map((s) => s.time_days / DAYS_PER_MONTH));
      expect(strip.some((r) => withheldTimes.has(r['months'] as number))).toBe(false);
      const points = inlineRows(chart.spec).filter((r) => 'surv' in r && r['at_risk'] === null);
      expect(points.every((p) => p['at_risk_label'] === '')).toBe(true);
    }
  });

  it('explains an empty section', async () => {
    expect(await expectRenderableChart(kaplanMeierChart(emptyResults())[0]!)).toContain('No survival curves');
  });
});
