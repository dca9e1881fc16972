import { beforeAll, describe, expect, it } from 'vitest';
import { changeForestChart } from '../../../reports/charts/changeForest.ts';
import type { Results } from '../../../schemas/results.ts';
import { expectRenderableChart, inlineRows, subtitleOf } from '../support/chartChecks.ts';
import { disclosedPipelineResults } from '../support/pipelineResults.ts';
import { emptyResults, SAMPLE, sampleResults } from '../support/sampleResults.ts';

describe('changeForestChart', () => {
  let real: Results;
  beforeAll(async () => {
    real = await disclosedPipelineResults();
  });

  it('draws a renderable forest plot per comparison with intervals and points', async () => {
    const charts = changeForestChart(real);
    expect(charts).toHaveLength((real.plan as { comparisons: unknown[] }).comparisons.length);
    for (const chart of charts) {
      const svg = await expectRenderableChart(chart);
      expect(svg).toMatch(/role-mark[^"]*layer_2_marks[\s\S]*?<path[^>]* d="M[^"]+"/);
      expect(svg).toMatch(/is improvement/);
    }
  });

  it('carries each mean change and CI inline and says which direction is improvement', () => {
    const chart = changeForestChart(sampleResults()).find((c) => c.id === 'change-programme')!;
    const rows = inlineRows(chart.spec);
    expect(rows.some((r) => r['estimate'] === SAMPLE.changeOfBuildingChoicesSelfManagement)).toBe(true);
    const panels = JSON.stringify(chart.spec);
    expect(panels).toContain('Offence-supportive attitudes: a fall (left of 0) is improvement');
    expect(panels).toContain('Self-management and problem solving: a rise (right of 0) is improvement');
  });

  it('keeps a withheld estimate as null with its mark, never 0', () => {
    const chart = changeForestChart(sampleResults()).find((c) => c.id === 'change-band')!;
    const suppressed = inlineRows(chart.spec).filter((r) => r['measure'] === SAMPLE.suppressedChange.measure && r['level_label'] === 'Band 3 facilitators');
    expect(suppressed).toEqual([expect.objectContaining({ estimate: null, ci_low: null, ci_high: null, missing: '[low]' })]);
    expect(subtitleOf(chart)).toMatch(/One estimate is not shown, marked \[low\]: withheld because it rests on fewer than 10 people/);
  });

  it('explains an empty section', async () => {
    expect(await expectRenderableChart(changeForestChart(emptyResults())[0]!)).toContain('No attitude change');
  });
});
