/**
 * An SVG that a screen reader can name and describe (WAI-ARIA Graphics; W3C, "SVG
 * Accessibility API Mappings"): the root gets `role="img"` and `aria-labelledby` pointing at
 * a `<title>` (the chart's name) and a `<desc>` (what it shows, in words), inserted as the
 * root's first children. With role="img" the marks inside are presentational, so a reader
 * hears the name and description once, not every axis tick; Vega's own per-mark roles and
 * labels are removed, as they would name parts of what is now one image.
 *
 * @example
 * accessibleSvg('<svg width="10"><rect/></svg>', 'cox', 'Hazard ratios', 'Three comparisons.');
 * // '<svg role="img" aria-labelledby="cox-title cox-desc" width="10"><title id="cox-title">Hazard ratios</title><desc id="cox-desc">Three comparisons.</desc><rect/></svg>'
 */
import { escapeHtml } from '../html/escapeHtml.ts';

export function accessibleSvg(svg: string, id: string, title: string, description: string): string {
  const open = svg.indexOf('>', svg.indexOf('<svg'));
  if (!svg.startsWith('<svg') || open < 0) throw new Error('accessibleSvg expects an SVG document starting <svg');
  const ids = { title: `${id}-title`, desc: `${id}-desc` };
  const label = description ? `${ids.title} ${ids.desc}` : ids.title;
  const head = `<svg role="img" aria-labelledby="${label}"${svg.slice(4, open)}>`;
  const elements = `<title id="${ids.title}">${escapeHtml(title)}</title>${description ? `<desc id="${ids.desc}">${escapeHtml(description)}</desc>` : ''}`;
  // Inside an image the marks are presentational: Vega's per-mark roles and labels go, so no
  // part of the picture claims to be an unnamed graphic of its own.
  const body = svg.slice(open + 1).replace(/ (?:role="graphics-[a-z]+"|aria-roledescription="[^"]*"|aria-label="[^"]*")/g, '');
  return `${head}${elements}${body}`;
}
