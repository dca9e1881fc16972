import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../reports/html/escapeHtml.ts';

describe('escapeHtml', () => {
  it('shows a region named <script>alert(1)</script> as text', () => {
    expect(escapeHtml('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('escapes &, <, >, " and \' (ampersand first, so nothing is escaped twice)', () => {
    expect(escapeHtml(`Tom & "Jerry" <b>'s</b>`)).toBe('Tom &amp; &quot;Jerry&quot; &lt;b&gt;&#39;s&lt;/b&gt;');
    expect(escapeHtml('&lt;')).toBe('&amp;lt;');
  });

  it('leaves ordinary text, including non-ASCII, as it is', () => {
    expect(escapeHtml('Jacobson–Truax, Ysbyty Gwynedd')).toBe('Jacobson–Truax, Ysbyty Gwynedd');
    expect(escapeHtml('')).toBe('');
  });
});
