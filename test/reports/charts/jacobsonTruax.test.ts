import { beforeAll, describe, expect, it } from 'vitest';
import { guideSegments, jacobsonTruaxChart } from '../../../reports/charts/jacobsonTruax.ts';
import type { Results } from '../../../schemas/results.ts';
import { expectRenderableChart, inlineRows, subtitleOf } from '../support/chartChecks.ts';
import { disclosedPipelineResults } from '../support/pipelineResults.ts';
import { emptyResults, sampleResults } from '../support/sampleResults.ts';

describe('jacobsonTruaxChart', () => {
  let real: Results;
  beforeAll(async () => {
    real = await disclosedPipelineResults();
  });

  it('draws one renderable chart per comparison and measure, with bins and guide lines', async () => {
    const charts = jacobsonTruaxChart(real);
    expect(charts).toHaveLength(9);
    for (const chart of charts) {
      const svg = await expectRenderableChart(chart);
      expect(svg).toMatch(/<path[^>]* d="M[^"]+"/);
      expect(svg).toMatch(/<line /);
    }
  });

  it('draws suppressed bins grey, never coloured as a count of 0, and says so', () => {
    const chart = jacobsonTruaxChart(sampleResults())[0]!;
    const rows = inlineRows(chart.spec);
    expect(rows.filter((r) => 'count' in r).every((r) => r['count'] === null || (r['count'] as number) >= 10)).toBe(true);
    expect(rows.some((r) => r['count_label'] === '<10')).toBe(true);
    expect(rows.some((r) => r['count'] === 0)).toBe(false);
    expect(subtitleOf(chart)).toMatch(/Grey squares: counts suppressed/);
  });

  it('puts the reliable change lines at post = pre ± threshold and the cut-off on both axes', () => {
    const segments = guideSegments(0, 60, { comparison: 'c', level: 'l', measure: 'm', threshold: 8, csc_cutoff: 36 });
    expect(segments).toEqual([
      { line: 'No change', x: 0, y: 0, x2: 60, y2: 60 },
      { line: 'Reliable change band', x: 0, y: 8, x2: 52, y2: 60 },
      { line: 'Reliable change band', x: 8, y: 0, x2: 60, y2: 52 },
      { line: 'Clinical cut-off', x: 36, y: 0, x2: 36, y2: 60 },
      { line: 'Clinical cut-off', x: 0, y: 36, x2: 60, y2: 36 },
    ]);
    expect(guideSegments(0, 60, { comparison: 'c', level: 'l', measure: 'm', threshold: null, csc_cutoff: null, suppressed: ['threshold'] })).toHaveLength(1);
  });

  it('explains an empty section', async () => {
    expect(await expectRenderableChart(jacobsonTruaxChart(emptyResults())[0]!)).toContain('No binned');
  });
});
