/** Charts that hold only words: a section with nothing to show, or what a section leaves out and why. */
import type { ChartSpec } from './chartSpec.ts';
import { wrapLines } from './chartTitle.ts';
import { VEGA_LITE_SCHEMA } from './chartSpec.ts';

/**
 * A chart that holds only an explanatory message, so a report never loses a section silently
 * (e.g. "No survival curves in these results: no one had follow-up"). Renders as text.
 */
export function emptyChart(id: string, title: string, message: string): ChartSpec {
  return {
    id,
    title,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: { text: title, anchor: 'start' },
      width: 480,
      height: 80,
      data: { values: [{ message: wrapLines([message], 70) }] },
      mark: { type: 'text', align: 'left', baseline: 'middle', fontSize: 13, fontStyle: 'italic', color: '#444444' },
      encoding: { text: { field: 'message', type: 'nominal' }, x: { value: 0 }, y: { value: 40 } },
      config: { view: { stroke: null } },
    },
  };
}

/** Longest line of a note chart, in characters. */
const NOTE_LINE = 96;

/**
 * A chart of short statements, one per line (wrapped only when a line is very long), e.g. why
 * some grids are not drawn. Renders as text, one text mark per line.
 */
export function noteChart(id: string, title: string, lines: readonly string[]): ChartSpec {
  const rows = lines.flatMap((line) => wrapLines([line], NOTE_LINE).map((text, i) => ({ text: i ? `    ${text}` : `• ${text}` })));
  return {
    id,
    title,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: { text: title, anchor: 'start' },
      width: 640,
      height: { step: 18 },
      data: { values: rows.map((r, i) => ({ ...r, line: i })) },
      mark: { type: 'text', align: 'left', baseline: 'middle', fontSize: 12, color: '#333333' },
      encoding: { text: { field: 'text', type: 'nominal' }, x: { value: 0 }, y: { field: 'line', type: 'ordinal', axis: null } },
      config: { view: { stroke: null } },
    },
  };
}
