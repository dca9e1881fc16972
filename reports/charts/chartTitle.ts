/**
 * Chart titles: a heading and a subtitle of plain sentences, wrapped to short lines. Short
 * lines matter for server-side SVG: without a canvas, Vega estimates text widths
 * generously, and one long subtitle line would widen the whole image.
 */

/** Longest subtitle line, in characters. */
export const SUBTITLE_LINE = 84;
/** Longest heading line, in characters (headings are larger and bold). */
export const HEADING_LINE = 64;

/** Break sentences into lines of at most `width` characters, at spaces. */
export function wrapLines(sentences: readonly string[], width = SUBTITLE_LINE): string[] {
  const lines: string[] = [];
  for (const sentence of sentences) {
    let line = '';
    for (const word of sentence.split(/\s+/).filter(Boolean)) {
      if (line && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    if (line) lines.push(line);
  }
  return lines;
}

/** A vega-lite title: the heading and the sentences, each wrapped into short lines. */
export function chartTitle(heading: string, sentences: readonly string[] = []) {
  const subtitle = wrapLines(sentences);
  const text = wrapLines([heading], HEADING_LINE);
  return { text: text.length === 1 ? (text[0] ?? heading) : text, anchor: 'start' as const, fontSize: 14, ...(subtitle.length ? { subtitle, subtitleFontSize: 11, subtitleColor: '#333333' } : {}), offset: 10 };
}
