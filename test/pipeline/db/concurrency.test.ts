/**
 * Several processes at one database file: two loads of the same extract (both succeed, one
 * batch), a load that must wait for another's write lock (it says so, and gives up after a
 * bounded time with a plain message), and a run's reads against one snapshot while a load
 * commits.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { readEnrolments, readReconvictions } from '../../../pipeline/db/analysisData.ts';
import { openDatabase } from '../../../pipeline/db/open.ts';
import { loadExtract } from '../../../pipeline/load/loadExtract.ts';
import { MINIMAL, overlaidExtract, scratchDir } from '../../support/extracts.ts';
import { writeFileSync } from 'node:fs';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const CLI = join(ROOT, 'bin', 'progeval.js');

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string> = {}): Promise<Exit> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('two loads at once', () => {
  const dir = scratchDir('progeval-race-');
  const extract = join(dir, 'extract');

  beforeAll(() => {
    const gen = spawnSync(process.execPath, [CLI, 'generate', '--out', extract, '--people', '1500', '--seed', '5', '--progress', 'none'], { encoding: 'utf8' });
    expect(gen.status, gen.stderr).toBe(0);
  }, 120_000);

  it('of the same extract both succeed, and it is loaded once', async () => {
    const db = join(dir, 'same.db');
    // Create the database first, so that both loads race for the write lock, not the schema.
    expect(spawnSync(process.execPath, [CLI, 'ingest', MINIMAL, '--db', db, '--progress', 'none']).status).toBe(0);
    const [a, b] = await Promise.all([cli(['ingest', extract, '--db', db, '--progress', 'none']), cli(['ingest', extract, '--db', db, '--progress', 'none'])]);
    for (const r of [a, b]) {
      expect(r.stderr).not.toMatch(/internal error|database is locked/);
      expect(r.code, r.stderr).toBe(0);
    }
    expect([a.stdout, b.stdout].filter((s) => s.startsWith('Nothing to do'))).toHaveLength(1);
    const raw = new BetterSqlite3(db, { readonly: true });
    const batches = raw.prepare('select extract_sha256, count(*) n from load_batches group by extract_sha256 order by n').all() as { n: number }[];
    raw.close();
    expect(batches.map((b) => b.n)).toEqual([1, 1]);
  }, 120_000);

  it('a load that finds the database busy waits, saying so, and goes on when the lock is released', async () => {
    const db = join(dir, 'busy.db');
    expect(spawnSync(process.execPath, [CLI, 'ingest', MINIMAL, '--db', db, '--progress', 'none']).status).toBe(0);
    const holder = new BetterSqlite3(db);
    holder.exec('begin immediate');
    const waiting = cli(['ingest', extract, '--db', db, '--progress', 'none'], { PROGEVAL_WAIT_SECONDS: '60' });
    await new Promise((r) => setTimeout(r, 3000));
    holder.exec('commit');
    holder.close();
    const r = await waiting;
    expect(r.stderr).toContain('the database is busy: another load is writing to it; waiting up to 60 s');
    expect(r.code, r.stderr).toBe(0);
  }, 120_000);

  it('gives up after the bounded wait with a plain message, having changed nothing', async () => {
    const db = join(dir, 'stuck.db');
    expect(spawnSync(process.execPath, [CLI, 'ingest', MINIMAL, '--db', db, '--progress', 'none']).status).toBe(0);
    const holder = new BetterSqlite3(db);
    holder.exec('begin immediate');
    try {
      const r = await cli(['ingest', extract, '--db', db, '--progress', 'none'], { PROGEVAL_WAIT_SECONDS: '1' });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('the database is still busy after 1 s');
      expect(r.stderr).not.toMatch(/internal error|    at /);
    } finally {
      holder.exec('rollback');
      holder.close();
    }
    const raw = new BetterSqlite3(db, { readonly: true });
    expect(raw.prepare('select count(*) n from load_batches').get()).toEqual({ n: 1 });
    raw.close();
  }, 120_000);
});

describe('a read snapshot', () => {
  it('sees the database as it was when it began, while another connection loads and commits', async () => {
    const file = join(scratchDir(), 'snap.db');
    const reader = await openDatabase(file);
    await loadExtract(reader, MINIMAL);
    const writer = await openDatabase(file);
    // A later snapshot: per-0003's reconviction has been quashed and per-0005 has left.
    const next = overlaidExtract(null);
    writeFileSync(join(next, 'reconvictions.csv'), 'person_id,offence_date,conviction_date,category\nper-0002,2025-01-10,2025-04-02,violent\n');
    try {
      const seen = await reader.readSnapshot(async () => {
        const before = (await readReconvictions(reader)).length;
        expect((await loadExtract(writer, next)).status).toBe('loaded');
        return { before, after: (await readReconvictions(reader)).length, enrolments: (await readEnrolments(reader)).length };
      });
      expect(seen).toEqual({ before: 4, after: 4, enrolments: 6 });
      // Outside the snapshot the load is visible: the test can tell the two apart.
      expect((await readReconvictions(reader)).length).toBe(1);
    } finally {
      await writer.close();
      await reader.close();
    }
  });
});
