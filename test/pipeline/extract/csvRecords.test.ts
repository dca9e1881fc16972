/**
 * Reading one CSV file: a row longer than the byte limit is dropped unread (only its length
 * is kept), line numbers stay those of the file, an unclosed quote is reported where it was
 * opened, and the file's SHA-256 is over every byte as read.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_ROW_BYTES, MalformedCsv, readCsvFile, type CsvRecord } from '../../../pipeline/extract/csvRecords.ts';
import { scratchDir } from '../../support/extracts.ts';

function csvFile(text: string | Buffer): string {
  const path = join(scratchDir(), 'file.csv');
  writeFileSync(path, text);
  return path;
}

async function readAll(path: string, maxRowBytes?: number): Promise<{ records: CsvRecord[]; sha256: string }> {
  const reader = readCsvFile(path, maxRowBytes === undefined ? {} : { maxRowBytes });
  const records: CsvRecord[] = [];
  for await (const r of reader.records) records.push(r);
  return { records, sha256: reader.sha256() };
}

describe('readCsvFile', () => {
  it('has a 64 KiB row limit', () => {
    expect(MAX_ROW_BYTES).toBe(64 * 1024);
  });

  it('drops a row over the limit, keeps only its length, and reads on with the right lines', async () => {
    const big = 'a'.repeat(3 * 1024 * 1024);
    const text = `h1,h2\nx,1\ny,${big}\nz,3\n`;
    const { records, sha256 } = await readAll(csvFile(text));
    expect(records).toEqual([
      { line: 1, cells: ['h1', 'h2'] },
      { line: 2, cells: ['x', '1'] },
      { line: 3, cells: [], oversizedBytes: 2 + big.length },
      { line: 4, cells: ['z', '3'] },
    ]);
    expect(sha256).toBe(createHash('sha256').update(text).digest('hex'));
  });

  it('counts bytes, not characters, and keeps a row exactly at the limit', async () => {
    const text = `h\n${'é'.repeat(10)}\n${'é'.repeat(11)}\nlast`;
    const { records } = await readAll(csvFile(text), 21);
    expect(records).toEqual([
      { line: 1, cells: ['h'] },
      { line: 2, cells: ['é'.repeat(10)] },
      { line: 3, cells: [], oversizedBytes: 22 },
      { line: 4, cells: ['last'] },
    ]);
  });

  it('keeps the file line numbers after dropping a quoted text that spans lines', async () => {
    const text = `h1,h2\n1,"${'many words\n'.repeat(20)}"\n2,"two\nlines"\n3,x`;
    const { records } = await readAll(csvFile(text), 100);
    expect(records.map((r) => [r.line, r.cells, r.oversizedBytes])).toEqual([
      [1, ['h1', 'h2'], undefined],
      [22, [], 2 + 2 + 'many words\n'.length * 20],
      [24, ['2', 'two\nlines'], undefined],
      [25, ['3', 'x'], undefined],
    ]);
  });

  it('drops a last row over the limit that has no line end', async () => {
    const { records } = await readAll(csvFile(`h\n${'b'.repeat(200)}`), 100);
    expect(records).toEqual([
      { line: 1, cells: ['h'] },
      { line: 2, cells: [], oversizedBytes: 200 },
    ]);
  });

  it('reads CRLF line ends as line ends, and keeps a CRLF inside quotes for the row checks', async () => {
    const { records } = await readAll(csvFile('h1,h2\r\na,"b\r\nc"\r\n\r\nd,e\r\n'));
    expect(records).toEqual([
      { line: 1, cells: ['h1', 'h2'] },
      { line: 3, cells: ['a', 'b\r\nc'] },
      { line: 5, cells: ['d', 'e'] },
    ]);
  });

  it('reads doubled quotes inside a quoted text', async () => {
    const { records } = await readAll(csvFile('h1,h2\n"say ""hi"", then ""bye""",2\n'));
    expect(records[1]).toEqual({ line: 2, cells: ['say "hi", then "bye"', '2'] });
  });

  it('reports a quote that is never closed at the line and column where it opened', async () => {
    const rows = ['h1,h2,h3', 'a,b,c', 'a,b,c', 'a,b,c', 'a,b,c', 'a,"b ""quoted"" and on,c', ...Array(50).fill('a,b,c')];
    const err = await readAll(csvFile(`${rows.join('\n')}\n`)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MalformedCsv);
    expect(err).toMatchObject({ line: 6, column: 'column 2', code: 'CSV_QUOTE_NOT_CLOSED' });
    expect((err as Error).message).toContain('never closed');
    expect((err as Error).message).not.toContain('quoted');
  });

  it('reports other CSV errors at the file line of the row, past CRLFs in quotes and many rows', async () => {
    const rows = ['h1,h2', 'a,"b\r\nc"', ...Array.from({ length: 5000 }, (_, i) => `r${i},x`), 'd,"e"x', 'f,g'];
    const err = await readAll(csvFile(`${rows.join('\r\n')}\r\n`)).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'MalformedCsv', line: 5004, code: 'CSV_INVALID_CLOSING_QUOTE' });
  });

  it('reports an unclosed quote inside a row over the limit as an unclosed quote', async () => {
    const err = await readAll(csvFile(`h1,h2\n1,2\n3,"${'x'.repeat(500)}\n`), 100).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'MalformedCsv', line: 3, column: 'column 2' });
  });
});
