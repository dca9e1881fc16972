import { beforeAll, describe, expect, it } from 'vitest';
import { atRiskAt, DAYS_PER_MONTH, kaplanMeierChart } from '../../../reports/charts/kaplanMeier.ts';
import type { Results } from '../../../schemas/results.ts';
import { expectRenderableChart, inlineRows } from '../support/chartChecks.ts';
import { disclosedPipelineResults } from '../support/pipelineResults.ts';
import { emptyResults } from '../support/sampleResults.ts';

const step = (time_days: number, at_risk: number | null, surv: number | null) => ({ comparison: 'c', level: 'l', time_days, at_risk, events: null, surv, ci_low: null, ci_high: null });

describe('kaplanMeierChart', () => {
  let real: Results;
  beforeAll(async () => {
    real = await disclosedPipelineResults();
  });

  it('draws renderable step curves with bands and a numbers-at-risk table per comparison', async () => {
    const charts = kaplanMeierChart(real);
    expect(charts).toHaveLength(3);
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

  it('reads numbers at risk from the last published step, blank past the curve', () => {
    const steps = [step(30, 100, 0.99), step(90, null, 0.97), step(200, 80, 0.95), step(400, null, 0.9)];
    expect(atRiskAt(0, steps, 120)).toBe(120);
    expect(atRiskAt(6, steps, 120)).toBe(100);
    expect(atRiskAt(7, steps, 120)).toBe(80);
    expect(atRiskAt(90 / DAYS_PER_MONTH, steps, 120)).toBe(100);
    expect(atRiskAt(24, steps, 120)).toBeNull();
    expect(atRiskAt(0, steps, null)).toBeNull();
  });

  it('explains an empty section', async () => {
    expect(await expectRenderableChart(kaplanMeierChart(emptyResults())[0]!)).toContain('No survival curves');
  });
});
