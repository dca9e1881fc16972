/**
 * The trend of each verdict across scheduled runs, and the risk-adjusted CUSUM charts (issue 13).
 */
import { describe, expect, it } from 'vitest';
import { cusumChart } from '../../../reports/charts/cusum.ts';
import { headlineTrendChart } from '../../../reports/charts/headlineTrend.ts';
import { expectRenderableChart } from '../support/chartChecks.ts';
import { emptyResults, sampleResults } from '../support/sampleResults.ts';

type Panel = { data: { values: Record<string, unknown>[] } };

describe('headlineTrendChart', () => {
  it('draws each verdict run by run, scaled as printed, and marks the run whose verdict changed', async () => {
    const [chart] = headlineTrendChart(sampleResults());
    expect(chart!.id).toBe('trend-programme');
    await expectRenderableChart(chart!);
    const rows = ((chart!.spec as unknown as { vconcat: Panel[] }).vconcat)[0]!.data.values;
    expect(rows.map((r) => r['run'])).toEqual(['1: 2026-04-30', '2: 2026-07-31', '3: 2026-10-31']);
    expect(rows.map((r) => r['change'])).toEqual(['', '', '→ At least as good']);
    expect(rows[0]).toMatchObject({ estimate: 1, ci_low: -6, ci_high: 8, margin: 3 }); // percentage points
  });

  it('says the trend starts with the second run when there is one run or none', () => {
    const [chart] = headlineTrendChart(emptyResults());
    expect(chart!.id).toBe('trend');
    expect(JSON.stringify(chart!.spec)).toMatch(/No run history/);
  });
});

describe('cusumChart', () => {
  it('draws a panel per level with its threshold and marks the signalling block', async () => {
    const [chart] = cusumChart(sampleResults());
    expect(chart!.id).toBe('cusum-programme-family');
    await expectRenderableChart(chart!);
    const panels = (chart!.spec as unknown as { vconcat: (Panel & { title: { text: string } })[] }).vconcat;
    expect(panels.map((p) => p.title.text)).toEqual(['Building Choices — signalled in the block to 2026-03', 'Legacy specialist programmes — no signal']);
    expect(panels[0]!.data.values.filter((r) => r['status'] === 'Signal').map((r) => r['through'])).toEqual(['2026-03']);
  });
});
