/**
 * Two scheduled runs against one database at the same time (issue 13). Runs take turns through
 * the run lock (pipeline/db/sqlite/sqliteDatabase.ts): the second waits for the first, so it is checked against
 * every cell the first published; both end correctly and are both registered complete. A run
 * that cannot get the lock in time fails clearly (exit 1) and writes nothing; a lock left by a
 * run that died goes stale and is taken over.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateExtract } from '../../../fixtures/generator/index.ts';
import { openDatabase } from '../../../pipeline/db/open.ts';
import { RUN_LOCK_STALE_MS } from '../../../pipeline/db/sqlite/sqliteDatabase.ts';
import { scratchDir } from '../../support/extracts.ts';
import { runCli } from '../../support/runCli.ts';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../../bin/progeval.js');
const PLAN = join(import.meta.dirname, '../../../fixtures/plans/building-choices.yaml');

interface Manifest {
  run: { release: { cells: unknown[] } };
}

describe('two runs at once against one database', () => {
  const root = scratchDir('progeval-concurrent-');
  const db = join(root, 'progeval.db');
  beforeAll(async () => {
    const extract = join(root, 'extract');
    await generateExtract({ out: extract, people: 500, seed: 13 });
    expect((await runCli('ingest', extract, '--db', db, '--progress', 'none')).code).toBe(0);
  }, 120_000);

  it('take turns: both end correctly, both are recorded, and the second is checked against what the first published', async () => {
    const [a, b] = await Promise.all(['a', 'b'].map((name) => run(process.execPath, [BIN, 'run', '--db', db, '--plan', PLAN, '--out', join(root, `out-${name}`), '--quiet'])));
    expect([a!.stdout, b!.stdout]).toEqual(['', '']);
    // --quiet: the second run's wait is not an error, so it is not printed.
    expect([a!.stderr, b!.stderr]).toEqual(['', '']);
    expect(readFileSync(join(root, 'out-a', 'results.json'), 'utf8')).toBe(readFileSync(join(root, 'out-b', 'results.json'), 'utf8'));
    const checkedAgainst = ['a', 'b'].map((name) => (JSON.parse(readFileSync(join(root, `out-${name}`, 'manifest.json'), 'utf8')) as Manifest).run.release.cells.length).sort((x, y) => x - y);
    // One ran first, against an empty register; the other waited and was checked against its cells.
    expect(checkedAgainst[0]).toBe(0);
    expect(checkedAgainst[1]).toBeGreaterThan(0);
    const history = await runCli('history', '--db', db, '--json', '--all');
    const runs = (JSON.parse(history.stdout) as { runs: { status: string }[] }).runs;
    expect(runs.map((r) => r.status)).toEqual(['complete', 'complete']);
  }, 300_000);

  it('a run that cannot get the lock in time says so, exits 1 and writes nothing', async () => {
    const database = await openDatabase(db);
    const held = await database.runLock();
    try {
      const out = join(root, 'out-busy');
      const busy = await run(process.execPath, [BIN, 'run', '--db', db, '--plan', PLAN, '--out', out], { env: { ...process.env, PROGEVAL_WAIT_SECONDS: '1' } }).then(
        () => ({ code: 0, stderr: '' }),
        (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
      );
      expect(busy.code).toBe(1);
      expect(busy.stderr).toContain('another progeval run against');
      expect(busy.stderr).toContain('waiting up to 1 s');
      expect(busy.stderr).toContain('was still under way after 1 s');
      expect(busy.stderr).not.toContain('internal error');
      expect(existsSync(join(out, 'results.json'))).toBe(false);
    } finally {
      await held.release();
      await database.close();
    }
    const history = await runCli('history', '--db', db, '--json', '--all');
    expect((JSON.parse(history.stdout) as { runs: unknown[] }).runs).toHaveLength(2);
  }, 60_000);

  it('a lock left by a run that died goes stale and is taken over', async () => {
    const lock = `${db}.run-lock`;
    mkdirSync(lock);
    const old = new Date(Date.now() - RUN_LOCK_STALE_MS - 5_000);
    utimesSync(lock, old, old);
    const database = await openDatabase(db, { onWait: () => expect.fail('a stale lock is not waited for') });
    const held = await database.runLock();
    held.assertHeld();
    await held.release();
    await database.close();
    expect(existsSync(lock)).toBe(false);
  });
});
