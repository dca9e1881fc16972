/**
 * A chart's title taken out of its vega-lite spec, for a page that prints the title in HTML:
 * the spec without its top-level `title`, the heading, and the subtitle's sentences as one
 * line of text (chartTitle.ts wraps them into short lines for the SVG; here they are joined
 * again, to reflow with the page). Panel titles inside a concatenation stay.
 *
 * @example
 * splitTitle({ title: { text: 'Rates', subtitle: ['Share of people', 'reoffending.'] }, mark: 'bar' });
 * // { bare: { mark: 'bar' }, heading: 'Rates', caption: 'Share of people reoffending.' }
 */
import type { TopLevelSpec } from 'vega-lite';

const lines = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : value === undefined || value === null ? [] : [String(value)]);

export function splitTitle(spec: TopLevelSpec): { bare: TopLevelSpec; heading: string; caption: string } {
  const { title, ...bare } = spec as TopLevelSpec & { title?: unknown };
  if (title === undefined) return { bare: spec, heading: '', caption: '' };
  const parts = typeof title === 'object' && title !== null && !Array.isArray(title) ? (title as { text?: unknown; subtitle?: unknown }) : { text: title };
  return { bare: bare as TopLevelSpec, heading: lines(parts.text).join(' '), caption: lines(parts.subtitle).join(' ') };
}
