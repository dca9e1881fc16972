/** Charts that hold only words: a section with nothing to show, or what a section leaves out and why. */
import type { ChartSpec } from './chartSpec.ts';
import { wrapLines } from './chartTitle.ts';
import { VEGA_LITE_SCHEMA } from './chartSpec.ts';

/**
 * A chart that holds only an explanatory message, so a report never loses a section silently
 * (e.g. "No survival curves in these results: no one had follow-up"). The report prints the
 * message (`reason`) in place of a picture; the spec, text only, stays for the Vega Editor.
 */
export function emptyChart(id: string, title: string, message: string): ChartSpec {
  return {
    id,
    title,
    reason: message,
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

/** Longest line of a note chart, in characters (Vega estimates 0.8 × font size a character). */
const NOTE_LINE = 110;

/** One statement of a note chart: what it is about (bold), and what is said of it. */
export interface NoteItem {
  label: string;
  text: string;
}

/**
 * A chart of short statements, e.g. why some grids are not drawn: each item's label in bold on
 * its own line, and its text beneath, on one line unless it is very long. Renders as text.
 */
export function noteChart(id: string, title: string, items: readonly NoteItem[]): ChartSpec {
  const rows = items.flatMap((item) => [{ kind: 'label', text: item.label }, ...wrapLines([item.text], NOTE_LINE).map((text) => ({ kind: 'text', text }))]);
  const layer = (kind: string, mark: Record<string, unknown>) => ({
    transform: [{ filter: `datum.kind === '${kind}'` }],
    mark: { type: 'text' as const, align: 'left' as const, baseline: 'middle' as const, fontSize: 11, color: '#333333', ...mark },
    encoding: { text: { field: 'text', type: 'nominal' as const }, x: { value: 0 }, y: { field: 'line', type: 'ordinal' as const, axis: null } },
  });
  return {
    id,
    title,
    notes: items,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: { text: title, anchor: 'start' },
      width: 720,
      height: { step: 17 },
      data: { values: rows.map((r, i) => ({ ...r, line: i })) },
      layer: [layer('label', { fontWeight: 'bold' }), layer('text', { dx: 12 })],
      config: { view: { stroke: null } },
    },
  };
}
