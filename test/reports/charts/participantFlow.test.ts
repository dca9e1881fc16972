import { beforeAll, describe, expect, it } from 'vitest';
import { participantFlowChart } from '../../../reports/charts/participantFlow.ts';
import type { Results } from '../../../schemas/results.ts';
import { expectRenderableChart, inlineRows, subtitleOf } from '../support/chartChecks.ts';
import { disclosedPipelineResults } from '../support/pipelineResults.ts';
import { emptyResults, SAMPLE, sampleResults } from '../support/sampleResults.ts';

describe('participantFlowChart', () => {
  let real: Results;
  beforeAll(async () => {
    real = await disclosedPipelineResults();
  });

  it('draws a renderable bar chart per comparison from the disclosed pipeline results', async () => {
    const charts = participantFlowChart(real);
    expect(charts.map((c) => c.id)).toEqual(['flow-programme', 'flow-band', 'flow-programme-vs-none']);
    for (const chart of charts) {
      const svg = await expectRenderableChart(chart);
      expect(svg).toContain('Referred');
      expect(svg).toMatch(/<path[^>]* d="M[^"]+"/);
    }
  });

  it('gives a withheld count no bar and labels it with its mark, [c] or [low], instead of drawing 0', () => {
    const [chart] = participantFlowChart(sampleResults()).filter((c) => c.id === 'flow-band');
    const rows = inlineRows(chart!.spec).filter((r) => r['level'] === SAMPLE.suppressedFlow.level && r['stage'] === 'Completed');
    expect(rows).toEqual([expect.objectContaining({ count: null, label: '[c]' })]);
    expect(subtitleOf(chart!)).toMatch(/One count is not shown, labelled at the axis: \[low\] fewer than 10 people \(or too few for a model\) · \[c\] withheld to protect another figure/);
    const [programme] = participantFlowChart(sampleResults()).filter((c) => c.id === 'flow-programme');
    const low = inlineRows(programme!.spec).filter((r) => r['level'] === SAMPLE.lowFlow.level && r['stage'] === 'Followed up for 24 months');
    expect(low).toEqual([expect.objectContaining({ count: null, label: '[low]' })]);
    expect(JSON.stringify(programme!.spec)).not.toContain('<10');
  });

  it('explains an empty flow rather than throwing', async () => {
    const charts = participantFlowChart(emptyResults());
    expect(charts).toHaveLength(1);
    expect(await expectRenderableChart(charts[0]!)).toContain('No participant flow');
  });
});
