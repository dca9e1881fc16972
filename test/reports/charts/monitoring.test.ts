import { beforeAll, describe, expect, it } from 'vitest';
import { funnelAt, monitoringChart, outsideLimits } from '../../../reports/charts/monitoring.ts';
import type { Results } from '../../../schemas/results.ts';
import { expectRenderableChart, inlineRows, subtitleOf } from '../support/chartChecks.ts';
import { disclosedPipelineResults } from '../support/pipelineResults.ts';
import { emptyResults, SAMPLE, sampleResults } from '../support/sampleResults.ts';

describe('monitoringChart', () => {
  let real: Results;
  beforeAll(async () => {
    real = await disclosedPipelineResults();
  });

  it('draws a renderable control chart and funnel plot', async () => {
    const charts = monitoringChart(real);
    expect(charts.map((c) => c.id)).toEqual(['monitoring-quarterly', 'monitoring-regions']);
    for (const chart of charts) {
      const svg = await expectRenderableChart(chart);
      expect(svg).toMatch(/<path[^>]* d="M[^"]+"/);
    }
  });

  it('flags quarters outside their limits and leaves withheld quarters undrawn, marked [low]', () => {
    const [quarterly] = monitoringChart(sampleResults());
    const rows = inlineRows(quarterly!.spec);
    expect(rows.filter((r) => r['signal'] === 'Outside the limits').map((r) => r['quarter'])).toEqual(['2024-Q3']);
    expect(rows.filter((r) => r['missing'] === '[low]')).toEqual([expect.objectContaining({ rate: null, quarter: '2024-Q1' })]);
    expect(subtitleOf(quarterly!)).toMatch(/One quarter is not shown, marked \[low\]/);
    expect(JSON.stringify(quarterly!.spec)).not.toContain('<10');
    expect(outsideLimits({ rate: 0.3, lcl: 0.1, ucl: 0.2 })).toBe(true);
    expect(outsideLimits({ rate: null, lcl: 0.1, ucl: 0.2 })).toBe(false);
  });

  it('draws a family whose overall rate is withheld without its centre line and limits, and says so', () => {
    const results = sampleResults();
    const quarterly = results.monitoring.quarterly.map((q) =>
      q.programme_family === 'legacy_specialist' ? { ...q, centre: null, lcl: null, ucl: null, suppressed: [...(q.suppressed ?? []), 'centre', 'lcl', 'ucl'], suppressed_reason: { ...q.suppressed_reason, centre: 'c' as const, lcl: 'c' as const, ucl: 'c' as const } } : q,
    );
    const [chart] = monitoringChart({ ...results, monitoring: { ...results.monitoring, quarterly } });
    expect(subtitleOf(chart!)).toContain('Drawn without the overall rate and control limits, which are withheld to protect another figure: Legacy specialist programmes.');
    const rows = inlineRows(chart!.spec).filter((r) => r['centre'] === null);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r['signal'] === 'Within the limits')).toBe(true);
  });

  it('plots regions over the funnel, leaving out a suppressed region', () => {
    const [, funnel] = monitoringChart(sampleResults());
    const rows = inlineRows(funnel!.spec);
    expect(rows.some((r) => r['region'] === SAMPLE.suppressedRegion)).toBe(false);
    expect(rows.find((r) => r['region'] === 'North East')?.['zone']).toBe('Outside 99.8% limits');
    expect(subtitleOf(funnel!)).toMatch(/One region is not shown, marked \[c\]: withheld although not small, to protect another figure/);
    const limits = funnelAt([{ expected: 10, lower_95: 0.4, upper_95: 1.6, lower_998: 0.2, upper_998: 1.9 }, { expected: 20, lower_95: 0.6, upper_95: 1.4, lower_998: 0.4, upper_998: 1.7 }], 15);
    expect(limits?.upper_95).toBeCloseTo(1.5);
  });

  it('explains empty sections', async () => {
    const charts = monitoringChart(emptyResults());
    expect(await expectRenderableChart(charts[0]!)).toContain('No quarterly cohorts');
    expect(await expectRenderableChart(charts[1]!)).toContain('No regional');
  });
});
