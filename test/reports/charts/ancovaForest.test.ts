import { beforeAll, describe, expect, it } from 'vitest';
import { ancovaForestChart } from '../../../reports/charts/ancovaForest.ts';
import type { Results } from '../../../schemas/results.ts';
import { expectRenderableChart, inlineRows, subtitleOf } from '../support/chartChecks.ts';
import { disclosedPipelineResults } from '../support/pipelineResults.ts';
import { emptyResults, sampleResults } from '../support/sampleResults.ts';

describe('ancovaForestChart', () => {
  let real: Results;
  beforeAll(async () => {
    real = await disclosedPipelineResults();
  });

  it('draws a renderable forest plot per comparison, unadjusted and adjusted', async () => {
    const charts = ancovaForestChart(real);
    expect(charts).toHaveLength((real.plan as { comparisons: unknown[] }).comparisons.length);
    for (const chart of charts) {
      const svg = await expectRenderableChart(chart);
      expect(svg).toContain('Unadjusted');
      expect(svg).toContain('Adjusted');
      expect(svg).toMatch(/<path[^>]* d="M[^"]+"/);
    }
  });

  it('leaves an estimate that could not be computed out, with a note and a subtitle line', () => {
    const chart = ancovaForestChart(sampleResults()).find((c) => c.id === 'ancova-programme-vs-none')!;
    const missing = inlineRows(chart.spec).filter((r) => r['estimate'] === null);
    expect(missing).toEqual([expect.objectContaining({ model: 'Adjusted', ci_low: null, missing: 'not estimable' })]);
    expect(subtitleOf(chart)).toMatch(/could not be estimated/);
    expect(JSON.stringify(chart.spec)).toContain('left of 0 favours Accredited programme');
  });

  it('explains an empty section', async () => {
    expect(await expectRenderableChart(ancovaForestChart(emptyResults())[0]!)).toContain('No comparisons');
  });
});
