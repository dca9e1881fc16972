/**
 * All or nothing: a load killed with SIGKILL part-way leaves the database exactly as it was
 * before the load began, and the next load works.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { MINIMAL, scratchDir } from '../../support/extracts.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const CLI = join(ROOT, 'bin', 'progeval.js');

function contents(db: string) {
  const sqlite = new BetterSqlite3(db, { readonly: true });
  try {
    const out: Record<string, unknown> = {};
    for (const t of ['load_batches', 'load_files', 'quarantine', 'people', 'facilitators', 'groups', 'group_facilitators', 'measures', 'enrolments', 'assessments', 'assessment_items', 'reconvictions']) {
      out[t] = sqlite.prepare(`select * from "${t}" order by 1, 2`).all();
    }
    out.integrity = sqlite.pragma('integrity_check');
    return out;
  } finally {
    sqlite.close();
  }
}

describe('a load killed with SIGKILL', () => {
  const dir = scratchDir('progeval-kill-');
  const big = join(dir, 'extract');
  const db = join(dir, 'kill.db');

  beforeAll(() => {
    const gen = spawnSync(process.execPath, [CLI, 'generate', '--out', big, '--people', '20000', '--seed', '3', '--progress', 'none'], { encoding: 'utf8' });
    expect(gen.status, gen.stderr).toBe(0);
    const first = spawnSync(process.execPath, [CLI, 'ingest', MINIMAL, '--db', db, '--progress', 'none'], { encoding: 'utf8' });
    expect(first.status, first.stderr).toBe(0);
  }, 180_000);

  it('leaves the database as it was before the load', async () => {
    const before = contents(db);
    const child = spawn(process.execPath, [CLI, 'ingest', big, '--db', db, '--progress', 'lines'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let seen = '';
    const killedAt = await new Promise<string>((resolve) => {
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        seen += chunk;
        // People, groups and enrolments are already written inside the open transaction.
        const line = seen.split('\n').find((l) => l.startsWith('progress enrolments.csv'));
        if (line && !child.killed) {
          child.kill('SIGKILL');
          resolve(line);
        }
      });
    });
    const exit = await new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    expect(killedAt).toMatch(/^progress enrolments\.csv \d+\/\d+ bytes/);
    expect(exit).toEqual({ code: null, signal: 'SIGKILL' });
    expect(contents(db)).toEqual(before);

    // And the same extract then loads in full.
    const again = spawnSync(process.execPath, [CLI, 'ingest', big, '--db', db, '--progress', 'none', '--json'], { encoding: 'utf8' });
    expect(again.status, again.stderr).toBe(0);
    const result = JSON.parse(again.stdout);
    expect(result.status).toBe('loaded');
    expect(result.files.find((f: { file: string }) => f.file === 'people.csv').rowsLoaded).toBe(20000);
  }, 180_000);
});
