/** The unit the report is built from: one vega-lite chart with its data inline. */
import type { TopLevelSpec } from 'vega-lite';

/**
 * One chart of the report. `id` is stable and file-name safe (it names the SVG), `title` is
 * the plain-words heading the report prints with it, `spec` is a complete vega-lite spec
 * with its data inline, so it opens as-is in the Vega Editor.
 */
export interface ChartSpec {
  id: string;
  title: string;
  spec: TopLevelSpec;
  /**
   * Set when there is nothing publishable to draw: why, in one line (what is missing, and
   * when it will come). The report prints it in place of the chart, and no SVG is written.
   */
  reason?: string;
  /** Set for a chart of statements only (what a section leaves out and why): the report prints them as a list, not a picture. */
  notes?: readonly { label: string; text: string }[];
}

/** The vega-lite schema every spec declares (vega-lite 6). */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Make a chart id file-name safe: lower case letters, digits and hyphens. */
export function chartId(...parts: readonly (string | number)[]): string {
  return parts
    .map((p) => String(p).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, ''))
    .filter(Boolean)
    .join('-');
}
