/**
 * Opening databases that are not what they should be: a read-only file (status, quarantine,
 * check and run work; ingest says why it cannot), a database from a newer progeval, a file that
 * is not a database, and someone else's SQLite database. Each is exit 2 with a plain message,
 * never an internal error with a stack trace.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MINIMAL, scratchDir } from '../../support/extracts.ts';
import { runCli } from '../../support/runCli.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const CLI = join(ROOT, 'bin', 'progeval.js');
const PLAN = join(ROOT, 'fixtures', 'plans', 'building-choices.yaml');

/** Runs the CLI on `db` marked read-only (no write bit: honoured even when the tests run as root). */
function asReader(db: string, ...args: string[]) {
  chmodSync(db, 0o444);
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: ROOT });
}

describe('a read-only database file', () => {
  const dir = scratchDir('progeval-ro-');
  const db = join(dir, 'ro.db');
  const out = join(dir, 'out');

  it('serves status, quarantine, check and run; ingest says it cannot write', async () => {
    expect((await runCli('ingest', MINIMAL, '--db', db, '--progress', 'none')).code).toBe(0);
    for (const args of [['status'], ['quarantine'], ['check']]) {
      const r = asReader(db, ...args, '--db', db);
      expect(r.stderr).not.toMatch(/internal error/);
      expect(r.status, `${args[0]}: ${r.stderr}`).toBe(0);
    }
    expect(asReader(db, 'status', '--db', db).stdout).toContain('(read-only)');

    const run = asReader(db, 'run', '--db', db, '--plan', PLAN, '--out', out, '--progress', 'none');
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.status, run.stderr).toBe(0);
    // It could not enter the release register, so the output is stamped, not a release.
    expect(run.stdout).toMatch(/not for publication/i);

    const ingest = asReader(db, 'ingest', MINIMAL, '--db', db, '--force', '--progress', 'none');
    expect(ingest.status).toBe(2);
    expect(ingest.stderr).toContain('is read-only, and loading writes to it');
    expect(ingest.stderr).not.toMatch(/internal error|    at /);
  }, 120_000);
});

describe('a database progeval cannot use', () => {
  it('from a newer progeval: exit 2 naming its schema', async () => {
    const db = join(scratchDir(), 'newer.db');
    expect((await runCli('ingest', MINIMAL, '--db', db, '--progress', 'none')).code).toBe(0);
    const raw = new BetterSqlite3(db);
    raw.prepare("insert into kysely_migration (name, timestamp) values ('0099_from_the_future', '2030-01-01T00:00:00.000Z')").run();
    raw.close();
    for (const args of [['status'], ['ingest', MINIMAL], ['check']]) {
      const r = await runCli(...args, '--db', db);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('was written by a newer progeval (schema 0099_from_the_future)');
      expect(r.stderr).not.toMatch(/internal error|    at /);
    }
  });

  it('a file that is not a database: exit 2, and the file is left as it was', async () => {
    const db = join(scratchDir(), 'notes.db');
    const text = 'these are my notes, not a database\n'.repeat(200);
    writeFileSync(db, text);
    for (const args of [['status'], ['ingest', MINIMAL, '--progress', 'none']]) {
      const r = await runCli(...args, '--db', db);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('is not a progeval database');
      expect(r.stderr).not.toMatch(/internal error|    at /);
    }
  });

  it("someone else's SQLite database: exit 2, and no progeval table is added to it", async () => {
    const db = join(scratchDir(), 'theirs.db');
    const raw = new BetterSqlite3(db);
    raw.exec('create table invoices (id integer primary key, amount real)');
    raw.close();
    const r = await runCli('ingest', MINIMAL, '--db', db, '--progress', 'none');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("is a SQLite database, but not progeval's");
    const after = new BetterSqlite3(db, { readonly: true });
    expect(after.prepare("select name from sqlite_master where type = 'table'").all()).toEqual([{ name: 'invoices' }]);
    after.close();
  });
});

describe('progeval check', () => {
  it('passes on a loaded database and finds a broken reconciliation', async () => {
    const db = join(scratchDir(), 'check.db');
    const next = scratchDir();
    cpSync(MINIMAL, next, { recursive: true });
    writeFileSync(join(next, 'extract.json'), '{"extract_date": "2026-11-30"}');
    writeFileSync(join(next, 'reconvictions.csv'), 'person_id,offence_date,conviction_date,category\nper-0002,2025-01-10,2025-04-02,violent\n');
    expect((await runCli('ingest', MINIMAL, '--db', db, '--progress', 'none')).code).toBe(0);
    expect((await runCli('ingest', next, '--db', db, '--progress', 'none')).code).toBe(0);
    const ok = await runCli('check', '--db', db, '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true });

    const raw = new BetterSqlite3(db);
    raw.prepare("update load_files set rows_quarantined = rows_quarantined + 1 where batch_id = 2 and file = 'people.csv'").run();
    raw.prepare("update people set withdrawn_batch_id = 1 where person_id = 'per-0001'").run();
    raw.close();
    const broken = await runCli('check', '--db', db);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('FAILED');
    expect(broken.stdout).toContain('batch 2 people.csv: 6 read, but 6 loaded + 1 quarantined');
    expect(broken.stdout).toContain('batch 2 people.csv: 1 quarantined, but the quarantine holds 0');
    expect(broken.stdout).toContain('people: 5 rows in force, but the latest extract (batch 2) loaded 6');
    expect(JSON.parse((await runCli('check', '--db', db, '--json')).stdout).ok).toBe(false);
    // --quiet: a failed check is an error, so it still prints, on stderr.
    const quiet = await runCli('check', '--db', db, '--quiet');
    expect(quiet.code).toBe(1);
    expect(quiet.stdout).toBe('');
    expect(quiet.stderr).toContain('batch 2 people.csv: 1 quarantined, but the quarantine holds 0');
  });
});
