/**
 * Streams the records of one CSV file of an extract: strict UTF-8, hashed as it is read,
 * parsed by csv-parse. Memory stays bounded whatever the file's size.
 */
import { createReadStream } from 'node:fs';
import { parse, CsvError } from 'csv-parse';
import { StrictUtf8Decoder } from './strictUtf8.ts';

export interface CsvRecord {
  /** 1-based line of the file on which the record ends (its only line, for most records). */
  line: number;
  cells: string[];
}

export interface CsvFileReader {
  records: AsyncIterable<CsvRecord>;
  /** SHA-256 of the file's bytes; call once `records` is exhausted. */
  sha256(): string;
  bytesRead(): number;
  /** Stops reading early (e.g. after the header). */
  close(): void;
}

/** A CSV structure problem, with csv-parse's own code and the line (never the text). */
export class MalformedCsv extends Error {
  constructor(
    readonly line: number | undefined,
    readonly code: string,
  ) {
    super(`CSV that cannot be parsed (${code.toLowerCase().replace(/^csv_/, '').replace(/_/g, ' ')})`);
    this.name = 'MalformedCsv';
  }
}

export function readCsvFile(path: string): CsvFileReader {
  const decoder = new StrictUtf8Decoder();
  const parser = parse({ relax_column_count: true, skip_empty_lines: true, info: true });
  const source = createReadStream(path, { highWaterMark: 1 << 16 });
  source
    .on('error', (e) => parser.destroy(e))
    .pipe(decoder)
    .on('error', (e) => parser.destroy(e))
    .pipe(parser);

  async function* records(): AsyncGenerator<CsvRecord> {
    try {
      for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
        yield { line: info.lines, cells: record };
      }
    } catch (e) {
      if (e instanceof CsvError) throw new MalformedCsv((e as unknown as { lines?: number }).lines, e.code);
      throw e;
    }
  }

  return {
    records: records(),
    sha256: () => decoder.digest(),
    bytesRead: () => decoder.bytesRead,
    close: () => {
      source.destroy();
      decoder.destroy();
      parser.destroy();
    },
  };
}
