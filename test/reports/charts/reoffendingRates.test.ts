import { beforeAll, describe, expect, it } from 'vitest';
import { reoffendingRatesChart } from '../../../reports/charts/reoffendingRates.ts';
import type { Results } from '../../../schemas/results.ts';
import { expectRenderableChart, inlineRows, subtitleOf } from '../support/chartChecks.ts';
import { disclosedPipelineResults } from '../support/pipelineResults.ts';
import { emptyResults, sampleResults } from '../support/sampleResults.ts';

describe('reoffendingRatesChart', () => {
  let real: Results;
  beforeAll(async () => {
    real = await disclosedPipelineResults();
  });

  it('draws a renderable chart per comparison with any proven reoffence first', async () => {
    const charts = reoffendingRatesChart(real);
    expect(charts).toHaveLength((real.plan as { comparisons: unknown[] }).comparisons.length);
    // A comparison none of whose rates can be shown gets one line instead of panels of blanks.
    const drawn = charts.filter((c) => c.reason === undefined);
    expect(drawn.length).toBeGreaterThan(0);
    for (const chart of charts.filter((c) => c.reason !== undefined)) expect(chart.reason).toMatch(/^No rate can be shown yet: .*; the table marks each\.$/);
    for (const chart of drawn) {
      const svg = await expectRenderableChart(chart);
      expect(svg.indexOf('Any proven reoffence')).toBeGreaterThan(0);
      expect(svg).toMatch(/<path[^>]* d="M[^"]+"/);
    }
  });

  it('drops withheld rates (null, not 0) and marks them [low] or [c], never <10 or a bare "suppressed"', () => {
    const chart = reoffendingRatesChart(sampleResults()).find((c) => c.id === 'rates-band')!;
    const rows = inlineRows(chart.spec);
    const hidden = rows.filter((r) => r['missing'] === '[low]');
    expect(hidden.length).toBeGreaterThan(0);
    expect(hidden.every((r) => r['rate'] === null && r['ci_low'] === null)).toBe(true);
    expect(rows.some((r) => r['rate'] === 0)).toBe(false);
    expect(subtitleOf(chart)).toMatch(/rates are not shown, marked \[low\]: withheld because they rest on fewer than 10 people/);
    const text = JSON.stringify(chart.spec);
    expect(text).not.toContain('<10');
    expect(text).not.toMatch(/"suppressed"/);
  });

  it('marks a rate withheld to protect another figure [c]', () => {
    const chart = reoffendingRatesChart(sampleResults()).find((c) => c.id === 'rates-programme-vs-none')!;
    const secondary = inlineRows(chart.spec).filter((r) => r['missing'] === '[c]');
    expect(secondary).toEqual([expect.objectContaining({ window: '24 months', level_label: 'No intervention', rate: null })]);
    expect(subtitleOf(chart)).toMatch(/One rate is not shown, marked \[c\]: withheld although not small, to protect another figure/);
  });

  it('explains an empty section', async () => {
    expect(await expectRenderableChart(reoffendingRatesChart(emptyResults())[0]!)).toContain('No reoffending rates');
  });
});
