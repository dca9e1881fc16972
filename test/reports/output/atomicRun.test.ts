/**
 * `progeval run` never leaves a half-written report: a full disk (injected, and a real small
 * tmpfs where this machine lets us mount one) or a SIGKILL part-way through writing leaves OUT
 * holding the previous complete report — every file the bytes its manifest lists — and the
 * release register as it was; the next run cleans up what the killed one left.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { outputFs, readManifest, verifyOutput } from '../../../reports/output/outputFolder.ts';
import { MINIMAL, scratchDir } from '../../support/extracts.ts';
import { runCli } from '../../support/runCli.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const CLI = join(ROOT, 'bin', 'progeval.js');
const PLAN = join(ROOT, 'fixtures', 'plans', 'building-choices.yaml');

/** How many releases and registered cells the database holds. */
function register(db: string): { releases: number; cells: number } {
  const sqlite = new BetterSqlite3(db, { readonly: true });
  try {
    const count = (table: string) => (sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    return { releases: count('disclosure_releases'), cells: count('disclosure_register') };
  } finally {
    sqlite.close();
  }
}

/** What a run left beside OUT: temporary or aside folders. */
const leftBeside = (parent: string) => readdirSync(parent).filter((n) => n.startsWith('.out.progeval-'));

const diskFull = (out: string) =>
  `progeval: disk full while writing the report to ${out}; nothing was changed: the previous report (if any) is as it was. Free some space and run again.\n`;

describe('a full disk while writing the report', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('(injected ENOSPC or EDQUOT, first file to manifest) exits 1 with a plain message, OUT and the register as they were', async () => {
    const dir = scratchDir('progeval-full-');
    const out = join(dir, 'out');
    const db = join(dir, 'full.db');
    const first = await runCli('run', '--extract', MINIMAL, '--plan', PLAN, '--out', out, '--db', db, '--progress', 'none');
    expect(first.code, first.stderr).toBe(0);
    const manifest = readFileSync(join(out, 'manifest.json'), 'utf8');
    const files = readManifest(out)!.files.length;
    const registered = register(db);

    const write = outputFs.writeFileSync;
    // The first file written, and the last (the manifest, after every report file).
    for (const [at, code] of [[1, 'ENOSPC'], [files + 1, 'EDQUOT']] as const) {
      let calls = 0;
      const spy = vi.spyOn(outputFs, 'writeFileSync').mockImplementation((...args: Parameters<typeof write>) => {
        if (++calls === at) throw Object.assign(new Error(`${code}: no space left on device, write`), { code });
        return write(...args);
      });
      // --fresh-release: a register written too early would show as a new release.
      const run = await runCli('run', '--plan', PLAN, '--out', out, '--db', db, '--progress', 'none', '--fresh-release');
      spy.mockRestore();
      expect(calls).toBe(at);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(diskFull(out));
      expect(run.stderr).not.toContain('internal error');
      expect(run.stdout).toBe('');
      expect(readFileSync(join(out, 'manifest.json'), 'utf8')).toBe(manifest);
      expect(verifyOutput(out)).toEqual([]);
      expect(leftBeside(dir)).toEqual([]);
      expect(register(db)).toEqual(registered);
    }

    // With room again, the run goes through.
    const again = await runCli('run', '--plan', PLAN, '--out', out, '--db', db, '--progress', 'none', '--fresh-release');
    expect(again.code, again.stderr).toBe(0);
    expect(verifyOutput(out)).toEqual([]);
    expect(register(db).releases).toBe(registered.releases + 1);
  });

  describe('on a real, small tmpfs', () => {
    const mnt = join(scratchDir('progeval-tmpfs-'), 'mnt');
    let unavailable: string | null = null;
    beforeAll(() => {
      mkdirSync(mnt);
      const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mnt], { encoding: 'utf8' });
      if (mount.error || mount.status !== 0) unavailable = `mount -t tmpfs is not permitted here (${(mount.error?.message ?? mount.stderr).trim()})`;
    });
    afterAll(() => {
      if (!unavailable) spawnSync('umount', [mnt]);
    });

    it('ENOSPC from the file system: exit 1, the previous report whole, no temporary folder left', async (ctx) => {
      if (unavailable) {
        ctx.skip(`skipped: ${unavailable}; the injected ENOSPC test covers the same path`);
        return;
      }
      const out = join(mnt, 'out');
      const db = join(scratchDir('progeval-full-'), 'tmpfs.db'); // the database is not on the full disk
      const first = await runCli('run', '--extract', MINIMAL, '--plan', PLAN, '--out', out, '--db', db, '--progress', 'none');
      expect(first.code, first.stderr).toBe(0);
      const manifest = readFileSync(join(out, 'manifest.json'), 'utf8');
      const registered = register(db);

      // Fill the disk to within 256 KB: room for some of the new report, not all of it.
      const { bavail, bsize } = statfsSync(mnt);
      writeFileSync(join(mnt, 'filler'), Buffer.alloc(Math.max(0, bavail * bsize - 256 * 1024)));
      const run = await runCli('run', '--plan', PLAN, '--out', out, '--db', db, '--progress', 'none', '--fresh-release');
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toContain(diskFull(out));
      expect(readFileSync(join(out, 'manifest.json'), 'utf8')).toBe(manifest);
      expect(verifyOutput(out)).toEqual([]);
      expect(readdirSync(mnt).sort()).toEqual(['filler', 'out']);
      expect(register(db)).toEqual(registered);

      rmSync(join(mnt, 'filler'));
      const again = await runCli('run', '--plan', PLAN, '--out', out, '--db', db, '--progress', 'none');
      expect(again.code, again.stderr).toBe(0);
      expect(verifyOutput(out)).toEqual([]);
      expect(readdirSync(mnt)).toEqual(['out']);
    });
  });
});

describe('a run killed with SIGKILL while writing the report', () => {
  it('leaves OUT holding the previous complete report, and the next run removes what it left', async () => {
    const dir = scratchDir('progeval-kill-');
    const out = join(dir, 'out');
    const db = join(dir, 'kill.db');
    const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, 'run', '--plan', PLAN, '--out', out, '--db', db, '--progress', 'none', ...args], { encoding: 'utf8' });
    const first = cli('--extract', MINIMAL);
    expect(first.status, first.stderr).toBe(0);
    const manifest = readFileSync(join(out, 'manifest.json'), 'utf8');

    const child = spawn(process.execPath, [CLI, 'run', '--plan', PLAN, '--out', out, '--db', db, '--progress', 'none'], { stdio: ['ignore', 'pipe', 'pipe'] });
    // Killed as soon as the new report has begun: results.json written in the temporary folder.
    const killedIn = await new Promise<string | null>((resolve) => {
      const poll = setInterval(() => {
        const tmp = readdirSync(dir).find((n) => n.startsWith('.out.progeval-tmp-'));
        if (tmp && existsSync(join(dir, tmp, 'results.json'))) {
          child.kill('SIGKILL');
          clearInterval(poll);
          resolve(tmp);
        }
      }, 2);
      child.on('exit', () => {
        clearInterval(poll);
        resolve(null);
      });
    });
    const exit = await new Promise<{ code: number | null; signal: string | null }>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
      else child.on('exit', (code, signal) => resolve({ code, signal }));
    });
    expect(killedIn, 'the run finished before it could be killed while writing').not.toBeNull();
    expect(exit).toEqual({ code: null, signal: 'SIGKILL' });
    // Killed part-way: the temporary folder is there, without its manifest (not complete).
    expect(existsSync(join(dir, killedIn!, 'manifest.json'))).toBe(false);

    // OUT is the previous report, whole: the same manifest, and every file the bytes it lists.
    expect(readFileSync(join(out, 'manifest.json'), 'utf8')).toBe(manifest);
    expect(verifyOutput(out)).toEqual([]);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { progeval_version: string };
    expect(results.progeval_version).toBeTruthy();

    // The next run removes the killed run's temporary folder and writes its report.
    const again = cli();
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toContain(`removed ${killedIn}, left by an interrupted run`);
    expect(leftBeside(dir)).toEqual([]);
    expect(verifyOutput(out)).toEqual([]);
  }, 120_000);
});
