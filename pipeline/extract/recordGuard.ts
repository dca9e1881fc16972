/**
 * A stream stage between the UTF-8 decoder and csv-parse that keeps memory bounded and line
 * numbers true, whatever the file holds.
 *
 * It follows CSV quoting (a `"` opens or closes quoted text; `""` inside it is a quote) to
 * find where each row ends: a line feed outside quotes. A row is held until it ends, and
 * passed on only if it is at most `maxRowBytes` long; a longer row is dropped as it streams
 * in (never held whole) and a one-field placeholder row takes its place, so csv-parse never
 * sees it. Empty rows are skipped. `nextRow` then tells, row by row as csv-parse reads them,
 * the file line where each ends (csv-parse's own count is thrown by carriage returns) and, for
 * a placeholder, the dropped row's length. A carriage return before a row's line feed is
 * dropped, so CRLF files read as LF files (one inside quoted text stays, for the row checks).
 * A quote still open at the end of the file fails with the line and column where it opened.
 */
import { Transform, type TransformCallback } from 'node:stream';

/** The most bytes a row (one line, or several when quoted text holds line breaks) may have, and so a cell. */
export const MAX_ROW_BYTES = 64 * 1024;

/** A quote opened at `line`, in the `column`th field, and never closed. */
export class QuoteNotClosed extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
  ) {
    super(`a quote opened at line ${line}, column ${column} is never closed`);
    this.name = 'QuoteNotClosed';
  }
}

const QUOTE_OR_LINE_FEED = /["\n]/g;
const PLACEHOLDER = '-';

function countCommas(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf(',', from); i !== -1 && i < to; i = text.indexOf(',', i + 1)) n++;
  return n;
}

export class RecordGuard extends Transform {
  /** The file line being read (1-based). */
  private line = 1;
  /** Characters passed before this chunk. */
  private offset = 0;
  private inQuotes = false;
  private closedAt = -2;
  private quoteLine = 0;
  private quoteColumn = 0;
  /** Fields begun in the current row before `commasFrom` (commas outside quotes). */
  private field = 0;
  /** The current row: the part held from earlier chunks, its bytes, and whether it is being dropped. */
  private held = '';
  private rowBytes = 0;
  private dropping = false;
  /** The file line of each row passed on and not yet read back by `nextRow` (from `next` on); `lines[0]` is row `base`. */
  private lines: number[] = [];
  private next = 0;
  private base = 0;
  /** The length of each dropped row, by its line. */
  private readonly dropped = new Map<number, number>();

  constructor(readonly maxRowBytes = MAX_ROW_BYTES) {
    super({ decodeStrings: false, encoding: 'utf8' });
  }

  /** The next row csv-parse reads: the file line where it ends, and for a dropped row its length. */
  nextRow(): { line: number; droppedBytes?: number } {
    const line = this.lines[this.next++];
    if (line === undefined) throw new Error('internal error: csv-parse read a row the record guard did not pass on');
    if (this.next > 4096 && this.next * 2 > this.lines.length) {
      this.lines = this.lines.slice(this.next);
      this.base += this.next;
      this.next = 0;
    }
    const droppedBytes = this.dropped.get(line);
    if (droppedBytes === undefined) return { line };
    this.dropped.delete(line);
    return { line, droppedBytes };
  }

  /** The file line of the `index`th row passed on (0-based), not yet read back: where a parse error stands. */
  lineOfRow(index: number): number | undefined {
    return this.lines[index - this.base];
  }

  override _transform(chunk: string | Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const text = String(chunk);
    const ascii = Buffer.byteLength(text) === text.length;
    const bytes = (from: number, to: number) => (ascii ? to - from : Buffer.byteLength(text.slice(from, to)));
    const out: string[] = [];
    let rowStart = 0;
    let commasFrom = 0;
    QUOTE_OR_LINE_FEED.lastIndex = 0;
    for (let m = QUOTE_OR_LINE_FEED.exec(text); m; m = QUOTE_OR_LINE_FEED.exec(text)) {
      const i = m.index;
      if (text[i] === '"') {
        if (this.inQuotes) {
          this.inQuotes = false;
          this.closedAt = this.offset + i;
          commasFrom = i + 1;
        } else {
          this.inQuotes = true;
          // `""` inside quoted text closes and reopens at once: the quote still opened where it first did.
          if (this.closedAt !== this.offset + i - 1) {
            this.field += countCommas(text, commasFrom, i);
            this.quoteLine = this.line;
            this.quoteColumn = this.field + 1;
          }
        }
        continue;
      }
      if (this.inQuotes) {
        this.line++;
        continue;
      }
      this.endRow(out, text.slice(rowStart, i), this.rowBytes + bytes(rowStart, i), '\n');
      this.line++;
      rowStart = commasFrom = i + 1;
    }
    if (!this.inQuotes) this.field += countCommas(text, commasFrom, text.length);
    this.rowBytes += bytes(rowStart, text.length);
    if (!this.dropping && this.rowBytes > this.maxRowBytes) {
      this.dropping = true;
      this.held = '';
    }
    if (!this.dropping) this.held += text.slice(rowStart);
    this.offset += text.length;
    done(null, out.join(''));
  }

  override _flush(done: TransformCallback): void {
    if (this.inQuotes) {
      done(new QuoteNotClosed(this.quoteLine, this.quoteColumn));
      return;
    }
    const out: string[] = [];
    if (this.rowBytes > 0) this.endRow(out, '', this.rowBytes, '');
    done(null, out.join(''));
  }

  /** A row ended (`tail` is its part in this chunk): pass it on, or its placeholder if it is over the limit. */
  private endRow(out: string[], tail: string, rowBytes: number, lineFeed: string): void {
    if (this.dropping || rowBytes > this.maxRowBytes) {
      this.dropped.set(this.line, rowBytes);
      this.lines.push(this.line);
      out.push(PLACEHOLDER, lineFeed);
    } else {
      const whole = this.held + tail;
      const row = whole.endsWith('\r') ? whole.slice(0, -1) : whole;
      if (row) {
        this.lines.push(this.line);
        out.push(row, lineFeed);
      }
    }
    this.held = '';
    this.rowBytes = this.field = 0;
    this.dropping = false;
  }
}
