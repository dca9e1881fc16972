/**
 * An SVG a screen reader can name (reports/render/accessibleSvg.ts): role="img", a <title>
 * and a <desc> it is labelled by, data text escaped, and Vega's per-mark roles removed.
 */
import { describe, expect, it } from 'vitest';
import { accessibleSvg } from '../../../reports/render/accessibleSvg.ts';
import { renderSvg } from '../../../reports/render/renderSvg.ts';

describe('accessibleSvg', () => {
  it('names and describes the picture, as its doc comment shows', () => {
    expect(accessibleSvg('<svg width="10"><rect/></svg>', 'cox', 'Hazard ratios', 'Three comparisons.')).toBe(
      '<svg role="img" aria-labelledby="cox-title cox-desc" width="10"><title id="cox-title">Hazard ratios</title><desc id="cox-desc">Three comparisons.</desc><rect/></svg>',
    );
  });

  it('escapes text from the data, and is labelled by the title alone without a description', () => {
    const svg = accessibleSvg('<svg><g/></svg>', 'r', 'Region <script>alert(1)</script>', '');
    expect(svg).toBe('<svg role="img" aria-labelledby="r-title"><title id="r-title">Region &lt;script&gt;alert(1)&lt;/script&gt;</title><g/></svg>');
  });

  it("removes Vega's per-mark roles and labels from a rendered chart, and keeps its marks", async () => {
    const raw = await renderSvg({ data: { values: [{ a: 'x', b: 2 }] }, mark: 'bar', encoding: { x: { field: 'a', type: 'nominal' }, y: { field: 'b', type: 'quantitative' } } });
    expect(raw).toMatch(/role="graphics-symbol"/);
    const svg = accessibleSvg(raw, 'bar', 'A bar', 'One bar of 2.');
    expect(svg).not.toMatch(/role="graphics-|aria-roledescription|aria-label=/);
    expect(svg.match(/role="/g)).toHaveLength(1);
    expect(svg).toContain('<path');
  });

  it('refuses what is not an SVG document', () => {
    expect(() => accessibleSvg('<div></div>', 'x', 'X', '')).toThrow(/expects an SVG document/);
  });
});
