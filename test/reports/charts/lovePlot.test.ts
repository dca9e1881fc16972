import { beforeAll, describe, expect, it } from 'vitest';
import { lovePlotChart } from '../../../reports/charts/lovePlot.ts';
import type { Results } from '../../../schemas/results.ts';
import { expectRenderableChart, inlineRows, subtitleOf } from '../support/chartChecks.ts';
import { disclosedPipelineResults } from '../support/pipelineResults.ts';
import { emptyResults, sampleResults } from '../support/sampleResults.ts';

describe('lovePlotChart', () => {
  let real: Results;
  beforeAll(async () => {
    real = await disclosedPipelineResults();
  });

  it('draws renderable love plots with the ±0.1 lines, or says the figures are suppressed', async () => {
    const charts = lovePlotChart(real);
    expect(charts).toHaveLength((real.plan as { comparisons: unknown[] }).comparisons.length);
    for (const chart of charts) {
      const svg = await expectRenderableChart(chart);
      const rows = inlineRows(chart.spec);
      if (rows.some((r) => 'smd' in r)) {
        expect(new Set(rows.filter((r) => 'at' in r).map((r) => r['at']))).toEqual(new Set([-0.1, 0.1, 0]));
        expect(svg).toMatch(/<path[^>]* d="M[^"]+"/);
      } else expect(svg).toMatch(/No balance figures to show/);
    }
  });

  it('draws only the SMDs present: a missing after-matching value is not a point at 0', () => {
    const chart = lovePlotChart(sampleResults()).find((c) => c.id === 'balance-band')!;
    const points = inlineRows(chart.spec).filter((r) => 'stage' in r);
    expect(points.filter((p) => p['label'] === 'OGRS score').map((p) => p['stage'])).toEqual(['Before matching', 'Before matching']);
    expect(points.every((p) => typeof p['smd'] === 'number')).toBe(true);
    expect(subtitleOf(chart)).toMatch(/2 covariates lack a value/);
  });

  it('leaves out windows with no one matched, and explains an empty section', async () => {
    const programme = lovePlotChart(sampleResults()).find((c) => c.id === 'balance-programme')!;
    expect(JSON.stringify(programme.spec)).not.toContain('24-month follow-up');
    expect(await expectRenderableChart(lovePlotChart(emptyResults())[0]!)).toContain('No matched comparisons');
  });
});
