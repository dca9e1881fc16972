/**
 * Escaping text that came from the data (region names, measure labels, notes, plan titles)
 * before it is placed in HTML, as the OWASP Cross Site Scripting Prevention Cheat Sheet
 * (rule 1, "HTML encode before inserting untrusted data into HTML element content") asks:
 * `&`, `<`, `>`, `"` and `'` become character references, so a region named
 * `<script>alert(1)</script>` shows as that text and never runs. The result is safe in element
 * content and in quoted attribute values; it is not for URLs, scripts or styles.
 */

const REFERENCES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `text` with `&`, `<`, `>`, `"` and `'` replaced by their HTML character references. */
export function escapeHtml(text: string): string {
  return String(text).replace(/[&<>"']/g, (c) => REFERENCES[c]!);
}
