import { beforeAll, describe, expect, it } from 'vitest';
import { coxForestChart } from '../../../reports/charts/coxForest.ts';
import type { Results } from '../../../schemas/results.ts';
import { expectRenderableChart, inlineRows, subtitleOf } from '../support/chartChecks.ts';
import { disclosedPipelineResults } from '../support/pipelineResults.ts';
import { emptyResults, SAMPLE, sampleResults } from '../support/sampleResults.ts';

describe('coxForestChart', () => {
  let real: Results;
  beforeAll(async () => {
    real = await disclosedPipelineResults();
  });

  it('draws one renderable forest plot of hazard ratios on a log scale with the line at 1', async () => {
    const [chart, ...rest] = coxForestChart(real);
    expect(rest).toEqual([]);
    const svg = await expectRenderableChart(chart!);
    expect(JSON.stringify(chart!.spec)).toContain('"type":"log"');
    expect(JSON.stringify(chart!.spec)).toContain('"datum":1');
    expect(svg).toMatch(/<path[^>]* d="M[^"]+"/);
  });

  it('marks a proportional-hazards violation and leaves a missing HR out', () => {
    const chart = coxForestChart(sampleResults())[0]!;
    const rows = inlineRows(chart.spec);
    const violated = rows.find((r) => r['estimate'] === SAMPLE.adjustedProgrammeHr)!;
    expect(violated['ph']).toBe('Doubtful (p < 0.05)');
    expect(violated['row']).toMatch(/†$/);
    expect(rows.filter((r) => r['estimate'] === null)).toEqual([expect.objectContaining({ missing: 'not estimable', ci_low: null })]);
    expect(subtitleOf(chart)).toMatch(/proportional hazards test p < 0.05/);
  });

  it('explains an empty section', async () => {
    expect(await expectRenderableChart(coxForestChart(emptyResults())[0]!)).toContain('No hazard ratios');
  });
});
