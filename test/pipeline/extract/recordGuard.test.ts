/**
 * RecordGuard reads the same rows, lines and unclosed quotes however the text is cut into
 * chunks (a quote, a doubled quote or a CRLF may straddle two chunks).
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { QuoteNotClosed, RecordGuard } from '../../../pipeline/extract/recordGuard.ts';

async function guarded(chunks: string[], maxRowBytes: number): Promise<{ text: string; rows: { line: number; droppedBytes?: number }[] }> {
  const guard = new RecordGuard(maxRowBytes);
  let text = '';
  for await (const part of Readable.from(chunks, { objectMode: false }).pipe(guard)) text += part;
  const rows = text.split('\n').filter(Boolean).map(() => guard.nextRow());
  return { text, rows };
}

const cut = (text: string, size: number) => Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));

const SAMPLE = 'h1,h2,h3\r\na,"b ""c"", d",e\r\n\r\n"x\r\ny",,"long ' + 'z'.repeat(40) + '"\r\nlast,"é, ""ü""",\u00e9\u00e9\r\n' + 'w'.repeat(60) + '\nend';

describe('RecordGuard', () => {
  it('passes the same rows, with the same lines, whatever the chunk size', async () => {
    const whole = await guarded([SAMPLE], 50);
    expect(whole.text).toBe(`h1,h2,h3\na,"b ""c"", d",e\n-\nlast,"é, ""ü""",éé\n-\nend`);
    expect(whole.rows).toEqual([{ line: 1 }, { line: 2 }, { line: 5, droppedBytes: '"x\r\ny",,"long '.length + 40 + '"\r'.length }, { line: 6 }, { line: 7, droppedBytes: 60 }, { line: 8 }]);
    for (const size of [1, 2, 3, 7, 16]) expect(await guarded(cut(SAMPLE, size), 50)).toEqual(whole);
  });

  it('fails at the line and column where an unclosed quote opened, whatever the chunk size', async () => {
    const text = 'h1,h2\n"a ""b""",c\nx,y,"never\nclosed\n';
    for (const size of [1, 4, 100]) {
      const err = await guarded(cut(text, size), 1000).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(QuoteNotClosed);
      expect(err).toMatchObject({ line: 3, column: 3 });
    }
  });
});
