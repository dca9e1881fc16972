/**
 * A stream stage that hashes the raw bytes (SHA-256) and decodes them as UTF-8, failing on
 * the first byte sequence that is not UTF-8 with the line and character where it stands.
 * A leading byte-order mark is dropped.
 */
import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

export class NotUtf8 extends Error {
  constructor(
    readonly line: number,
    readonly character: number,
    readonly byteOffset: number,
  ) {
    super(`bytes that are not valid UTF-8 at line ${line}, character ${character} (byte ${byteOffset})`);
    this.name = 'NotUtf8';
  }
}

export class StrictUtf8Decoder extends Transform {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private readonly hash = createHash('sha256');
  private bytes = 0;
  private line = 1;
  private lineStartChar = 0; // characters decoded before the current line began
  private chars = 0;

  constructor() {
    super({ decodeStrings: true, readableObjectMode: false, encoding: 'utf8' });
  }

  /** SHA-256 of every byte read, hex; valid once the stream has ended. */
  digest(): string {
    return this.hash.digest('hex');
  }

  get bytesRead(): number {
    return this.bytes;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    let text: string;
    try {
      text = this.decoder.decode(chunk, { stream: true });
    } catch {
      done(this.locate(chunk));
      return;
    }
    this.advance(text);
    this.bytes += chunk.length;
    done(null, text);
  }

  override _flush(done: TransformCallback): void {
    try {
      const rest = this.decoder.decode();
      this.advance(rest);
      done(null, rest);
    } catch {
      done(new NotUtf8(this.line, this.chars - this.lineStartChar + 1, this.bytes));
    }
  }

  private advance(text: string): void {
    let nl = text.indexOf('\n');
    while (nl !== -1) {
      this.line++;
      this.lineStartChar = this.chars + nl + 1;
      nl = text.indexOf('\n', nl + 1);
    }
    this.chars += text.length;
  }

  /** Where in this chunk the bad bytes start, read with a lenient decoder. */
  private locate(chunk: Buffer): NotUtf8 {
    const lenient = new TextDecoder('utf-8').decode(chunk);
    const bad = lenient.indexOf('\uFFFD');
    const before = lenient.slice(0, bad === -1 ? lenient.length : bad);
    const newlines = before.split('\n').length - 1;
    const line = this.line + newlines;
    const character = newlines === 0 ? this.chars - this.lineStartChar + before.length + 1 : before.length - before.lastIndexOf('\n');
    return new NotUtf8(line, character, this.bytes + Buffer.byteLength(before));
  }
}
