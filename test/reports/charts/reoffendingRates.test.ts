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
    expect(charts).toHaveLength(3);
    for (const chart of charts) {
      const svg = await expectRenderableChart(chart);
      expect(svg.indexOf('Any proven reoffence')).toBeGreaterThan(0);
      expect(svg).toMatch(/<path[^>]* d="M[^"]+"/);
    }
  });

  it('drops suppressed rates (null, not 0) and marks them <10', () => {
    const chart = reoffendingRatesChart(sampleResults()).find((c) => c.id === 'rates-band')!;
    const rows = inlineRows(chart.spec);
    const hidden = rows.filter((r) => r['missing'] === 'suppressed');
    expect(hidden.length).toBeGreaterThan(0);
    expect(hidden.every((r) => r['rate'] === null && r['ci_low'] === null)).toBe(true);
    expect(rows.some((r) => r['rate'] === 0)).toBe(false);
    expect(subtitleOf(chart)).toMatch(/rates are not shown: suppressed/);
  });

  it('explains an empty section', async () => {
    expect(await expectRenderableChart(reoffendingRatesChart(emptyResults())[0]!)).toContain('No reoffending rates');
  });
});
