/** The chart drawn when a section has nothing to show: the title and a sentence saying why. */
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
