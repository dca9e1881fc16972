import { describe, expect, it } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import { compileChart, renderSvg } from '../../../reports/render/renderSvg.ts';

const line: TopLevelSpec = {
  data: { values: [{ x: 1, y: 2 }, { x: 2, y: 3 }, { x: 3, y: 1 }] },
  mark: 'line',
  encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
};

describe('renderSvg', () => {
  it('renders a vega-lite spec headless to an SVG with its marks', async () => {
    const svg = await renderSvg({ ...line, title: 'A line' });
    expect(svg).toMatch(/^<svg[^>]* width="\d+" height="\d+"/);
    expect(svg).toMatch(/mark-line role-mark[^>]*>[\s\S]*?<path[^>]* d="M[^"]+"/);
    expect(svg).toContain('A line');
  });

  it('refuses to fetch data from anywhere', async () => {
    const remote: TopLevelSpec = { ...line, data: { url: 'https://example.invalid/data.json' } };
    await expect(renderSvg(remote)).rejects.toThrow(/does not fetch/);
  });

  it('reports vega-lite warnings from compiling', () => {
    expect(compileChart(line).warnings).toEqual([]);
    const bad = { ...line, encoding: { ...line.encoding, wobble: { field: 'x' } } } as unknown as TopLevelSpec;
    expect(compileChart(bad).warnings.join(' ')).toMatch(/wobble/);
  });
});
