/**
 * Streams the records of one CSV file of an extract: strict UTF-8, hashed as it is read,
 * rows over the byte limit dropped unread (see `RecordGuard`), parsed by csv-parse. Memory
 * stays bounded whatever the file's size or the length of its lines.
 */
import { closeSync, constants, createReadStream, fstatSync, openSync } from 'node:fs';
import { basename } from 'node:path';
import { parse, CsvError } from 'csv-parse';
import { MAX_ROW_BYTES, QuoteNotClosed, RecordGuard } from './recordGuard.ts';
import { StrictUtf8Decoder } from './strictUtf8.ts';

export { MAX_ROW_BYTES };

export interface CsvRecord {
  /** 1-based line of the file on which the record ends (its only line, for most records). */
  line: number;
  cells: string[];
  /** Set, with no cells, for a row over the byte limit: its length in bytes (it was not read). */
  oversizedBytes?: number;
}

export interface CsvFileReader {
  records: AsyncIterable<CsvRecord>;
  /** SHA-256 of the file's bytes; call once `records` is exhausted. */
  sha256(): string;
  bytesRead(): number;
  /** Stops reading early (e.g. after the header). */
  close(): void;
}

/**
 * A CSV structure problem, with csv-parse's own code, the line and, for an unclosed quote,
 * the line and `column N` where it opened (never the text).
 */
export class MalformedCsv extends Error {
  constructor(
    readonly line: number | undefined,
    readonly code: string,
    readonly column?: string,
  ) {
    super(
      code === 'CSV_QUOTE_NOT_CLOSED'
        ? `CSV that cannot be parsed: a quote opened on this line${column ? ` (in ${column})` : ''} is never closed, so the rest of the file would be read as one value`
        : `CSV that cannot be parsed (${code.toLowerCase().replace(/^csv_/, '').replace(/_/g, ' ')})`,
    );
    this.name = 'MalformedCsv';
  }
}

/**
 * Opens an extract file checked to be a regular file (see `readExtractFolder`), and checks
 * again what was opened, should something else have taken its place since: opening does not
 * wait (a pipe would wait for a writer), and a pipe or device is closed unread.
 */
export function openRegularFile(path: string): number {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  if (fstatSync(fd).isFile()) return fd;
  closeSync(fd);
  throw new Error(`${basename(path)} stopped being a regular file while the extract was being read; nothing was loaded`);
}

export interface CsvReadOptions {
  /** Rows longer than this many bytes are dropped unread; `MAX_ROW_BYTES` unless set (tests). */
  maxRowBytes?: number;
}

export function readCsvFile(path: string, options: CsvReadOptions = {}): CsvFileReader {
  const decoder = new StrictUtf8Decoder();
  const guard = new RecordGuard(options.maxRowBytes);
  // The guard ends every row with a line feed; a longer record can only be a parse gone astray.
  const parser = parse({ relax_column_count: true, skip_empty_lines: true, record_delimiter: '\n', max_record_size: guard.maxRowBytes });
  const source = createReadStream(path, { fd: openRegularFile(path), highWaterMark: 1 << 16 });
  source
    .on('error', (e) => parser.destroy(e))
    .pipe(decoder)
    .on('error', (e) => parser.destroy(e))
    .pipe(guard)
    .on('error', (e) => parser.destroy(e))
    .pipe(parser);

  async function* records(): AsyncGenerator<CsvRecord> {
    try {
      for await (const record of parser as AsyncIterable<string[]>) {
        const { line, droppedBytes } = guard.nextRow();
        yield droppedBytes === undefined ? { line, cells: record } : { line, cells: [], oversizedBytes: droppedBytes };
      }
    } catch (e) {
      if (e instanceof QuoteNotClosed) throw new MalformedCsv(e.line, 'CSV_QUOTE_NOT_CLOSED', `column ${e.column}`);
      if (e instanceof CsvError) {
        // csv-parse counts the records it read before the error: the next one is where it stands.
        const { records, lines } = e as unknown as { records?: number; lines?: number };
        throw new MalformedCsv((records === undefined ? undefined : guard.lineOfRow(records)) ?? lines, e.code);
      }
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
      guard.destroy();
      parser.destroy();
    },
  };
}
