/**
 * A load onto a full disk: SQLite reports SQLITE_FULL part-way through the one load
 * transaction, progeval says "disk full" plainly (exit 1, no stack trace), and the database is
 * left exactly as it was. Uses a real 3 MB tmpfs where this machine lets the test mount one.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINIMAL, scratchDir } from '../../support/extracts.ts';
import { runCli } from '../../support/runCli.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const CLI = join(ROOT, 'bin', 'progeval.js');

function contents(db: string) {
  const raw = new BetterSqlite3(db, { readonly: true });
  try {
    return {
      batches: raw.prepare('select batch_id, extract_sha256 from load_batches order by 1').all(),
      people: raw.prepare('select count(*) n from people').get(),
      integrity: raw.pragma('integrity_check'),
    };
  } finally {
    raw.close();
  }
}

describe('a load onto a full disk', () => {
  const dir = scratchDir('progeval-fulldb-');
  const mnt = join(dir, 'mnt');
  const extract = join(dir, 'extract');
  let unavailable: string | null = null;

  beforeAll(() => {
    mkdirSync(mnt);
    const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mnt], { encoding: 'utf8' });
    if (mount.error || mount.status !== 0) unavailable = `mount -t tmpfs is not permitted here (${(mount.error?.message ?? mount.stderr).trim()})`;
    const gen = spawnSync(process.execPath, [CLI, 'generate', '--out', extract, '--people', '1500', '--seed', '6', '--progress', 'none'], { encoding: 'utf8' });
    expect(gen.status, gen.stderr).toBe(0);
  }, 120_000);
  afterAll(() => {
    if (!unavailable) spawnSync('umount', [mnt]);
  });

  it('says "disk full", exits 1, and leaves the database as it was', async (ctx) => {
    if (unavailable) {
      ctx.skip(`skipped: ${unavailable}`);
      return;
    }
    const db = join(mnt, 'full.db');
    expect((await runCli('ingest', MINIMAL, '--db', db, '--progress', 'none')).code).toBe(0);
    const before = contents(db);
    const r = await runCli('ingest', extract, '--db', db, '--progress', 'none');
    expect(r.stderr).toContain('progeval: disk full: nothing was changed');
    expect(r.stderr).not.toMatch(/internal error|    at |cannot rollback/);
    expect(r.code).toBe(1);
    expect(contents(db)).toEqual(before);
  }, 120_000);
});
