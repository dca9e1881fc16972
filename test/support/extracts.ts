/** Scratch extracts and databases for tests, built from the hand-made fixtures. */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures');
export const MINIMAL = join(FIXTURES, 'minimal');
export const BAD = join(FIXTURES, 'bad');

export function scratchDir(prefix = 'progeval-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A copy of the minimal extract with the files of `overlay` laid over it and `remove` taken out. */
export function overlaidExtract(overlay: string | null, remove: string[] = []): string {
  const dir = scratchDir('progeval-extract-');
  cpSync(MINIMAL, dir, { recursive: true });
  if (overlay) {
    for (const f of readdirSync(overlay)) if (f !== 'expect.json') cpSync(join(overlay, f), join(dir, f));
  }
  for (const f of remove) rmSync(join(dir, f));
  return dir;
}

/** Every byte of a SQLite database and its WAL, as latin1 text for substring searches. */
export function databaseBytes(db: string): string {
  return [db, `${db}-wal`, `${db}-shm`].filter(existsSync).map((f) => readFileSync(f).toString('latin1')).join('\n');
}
