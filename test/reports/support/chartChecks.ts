/**
 * Checks every chart must pass: it compiles with vega-lite without warnings, renders to an
 * SVG with drawn marks, carries its data inline, and has a title.
 */
import { expect } from 'vitest';
import type { ChartSpec } from '../../../reports/charts/chartSpec.ts';
import { compileChart, renderSvg } from '../../../reports/render/renderSvg.ts';

/** Every `data` object in a spec (at any depth). */
export function dataBlocks(spec: unknown): Record<string, unknown>[] {
  if (Array.isArray(spec)) return spec.flatMap(dataBlocks);
  if (!spec || typeof spec !== 'object') return [];
  const entries = Object.entries(spec as Record<string, unknown>);
  const own = entries.filter(([k, v]) => k === 'data' && v && typeof v === 'object').map(([, v]) => v as Record<string, unknown>);
  return [...own, ...entries.flatMap(([, v]) => dataBlocks(v))];
}

/** All inline rows of a spec. */
export function inlineRows(spec: unknown): Record<string, unknown>[] {
  return dataBlocks(spec).flatMap((d) => (Array.isArray(d['values']) ? (d['values'] as Record<string, unknown>[]) : []));
}

/** How many drawn marks (non-empty paths, lines, rects and text) an SVG holds, outside axes and legends. */
export function drawnMarks(svg: string): number {
  const marks = svg.split(/<g class="mark-[a-z]+ role-mark/).slice(1).map((part) => part.split('</g>')[0] ?? '');
  return marks.reduce((n, body) => n + [...body.matchAll(/<path[^>]* d="M[^"]+"|<line |<rect |<text[^>]*>(?:[^<]+|<tspan)/g)].length, 0);
}

/** Compile, render and check one chart; returns the SVG. */
export async function expectRenderableChart(chart: ChartSpec): Promise<string> {
  expect(chart.id).toMatch(/^[a-z0-9-]+$/);
  expect(chart.title.length).toBeGreaterThan(5);
  const spec = chart.spec as unknown as Record<string, unknown>;
  expect(spec['title']).toBeTruthy();
  expect(compileChart(chart.spec).warnings).toEqual([]);
  const blocks = dataBlocks(chart.spec);
  expect(blocks.length).toBeGreaterThan(0);
  for (const block of blocks) {
    expect(Object.keys(block)).toEqual(['values']);
    expect(Array.isArray(block['values'])).toBe(true);
  }
  const svg = await renderSvg(chart.spec);
  expect(svg.startsWith('<svg')).toBe(true);
  expect(drawnMarks(svg)).toBeGreaterThan(0);
  return svg;
}

/** The subtitle lines of a chart, joined. */
export function subtitleOf(chart: ChartSpec): string {
  const title = (chart.spec as { title?: { subtitle?: string | string[] } }).title;
  const subtitle = title?.subtitle ?? [];
  return (Array.isArray(subtitle) ? subtitle : [subtitle]).join(' ');
}
