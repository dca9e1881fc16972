/**
 * The same pipeline on a shared PostgreSQL server (issue 14): loads reconcile and quarantine
 * as on SQLite; the published sections of results.json are byte-identical to SQLite's for the
 * demo cohort; two plans run at once while a third process loads a later extract, and each run
 * matches a serial run on the snapshot it saw; and the roles refuse what they should.
 *
 * Needs a server: CI starts one (.ci/run); otherwise test/support/postgresGlobalSetup.ts tries
 * to. Skipped, saying why, only when none can be started.
 */
import { execFile } from 'node:child_process';
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateExtract } from '../../../fixtures/generator/index.ts';
import { DatabaseConnectionLost } from '../../../pipeline/db/errors.ts';
import { openDatabase } from '../../../pipeline/db/open.ts';
import { rolesSql } from '../../../pipeline/db/postgres/roles.ts';
import { BAD, MINIMAL, overlaidExtract, scratchDir } from '../../support/extracts.ts';
import { adminSql, databaseUrl, freshDatabase, POSTGRES_URL, POSTGRES_WHY_NOT } from '../../support/postgres.ts';
import { runCli } from '../../support/runCli.ts';

const exec = promisify(execFile);
const BIN = join(import.meta.dirname, '../../../bin/progeval.js');
const PLAN = join(import.meta.dirname, '../../../fixtures/plans/building-choices.yaml');
const PUBLISHED = ['flow', 'attitudes', 'reconviction', 'verdicts', 'readiness', 'monitoring', 'disclosure'] as const;

if (!POSTGRES_URL) console.warn(`PostgreSQL tests skipped: ${POSTGRES_WHY_NOT}`);

const published = (file: string) => {
  const r = JSON.parse(readFileSync(file, 'utf8'));
  return Object.fromEntries(PUBLISHED.map((k) => [k, JSON.stringify(r[k])]));
};

async function cli(...args: string[]) {
  const run = await runCli(...args);
  expect(run.code, `progeval ${args.join(' ')}\n${run.stderr}`).toBe(0);
  return run;
}

describe.skipIf(!POSTGRES_URL)('PostgreSQL', () => {
  it('loads, quarantines and reconciles exactly as SQLite does', async () => {
    const { url } = await freshDatabase();
    const sqlite = join(scratchDir(), 'same.db');
    for (const extract of [MINIMAL, overlaidExtract(join(BAD, 'orphan-reference'))]) {
      const [a, b] = [await cli('ingest', extract, '--db', sqlite, '--json', '--force'), await cli('ingest', extract, '--db', url, '--json', '--force')];
      expect(JSON.parse(b.stdout)).toEqual(JSON.parse(a.stdout));
    }
    const status = async (db: string) => {
      const s = JSON.parse((await cli('status', '--db', db, '--json')).stdout);
      return { tables: s.tables, withdrawn: s.withdrawn, quarantine: s.quarantine, files: s.batches.map((b: { files: unknown }) => b.files) };
    };
    expect(await status(url)).toEqual(await status(sqlite));
    const q = async (db: string) => JSON.parse((await cli('quarantine', '--db', db, '--json')).stdout).map(({ quarantine_id: _, ...r }: Record<string, unknown>) => r);
    expect(await q(url)).toEqual(await q(sqlite));
    expect((await cli('check', '--db', url, '--json')).stdout).toContain('"ok": true');
    // A column a DBA re-typed with the database's collation: the analyses' order is no longer SQLite's.
    const { name } = await freshDatabase();
    await cli('ingest', MINIMAL, '--db', databaseUrl(name), '--quiet');
    await adminSql('alter table people alter column ethnicity type text collate "default"', name);
    const check = await runCli('check', '--db', databaseUrl(name));
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/FAILED +PostgreSQL catalogue[\s\S]*people\.ethnicity compares text by the database's collation, not byte order/);
  }, 120_000);

  it('publishes byte for byte what SQLite publishes, for the demo cohort', async () => {
    const root = scratchDir('progeval-pg-demo-');
    const extract = join(root, 'extract');
    // The demo's cohort: `progeval demo`'s defaults.
    await generateExtract({ out: extract, people: 2000, seed: 1 });
    const { url } = await freshDatabase();
    await cli('run', '--extract', extract, '--db', join(root, 'demo.db'), '--plan', PLAN, '--out', join(root, 'out-sqlite'), '--quiet');
    await cli('run', '--extract', extract, '--db', url, '--plan', PLAN, '--out', join(root, 'out-postgres'), '--quiet');
    const [a, b] = [published(join(root, 'out-sqlite', 'results.json')), published(join(root, 'out-postgres', 'results.json'))];
    for (const k of PUBLISHED) expect(b[k], k).toBe(a[k]);
    const data = (f: string) => JSON.parse(readFileSync(f, 'utf8')).data;
    expect(data(join(root, 'out-postgres', 'results.json'))).toEqual({ ...data(join(root, 'out-sqlite', 'results.json')), database: 'postgres' });
  }, 600_000);

  it('keeps SQLite\'s byte order, and its results, on a server whose collation ignores case and punctuation', async (t) => {
    // A DBA may create the database with the server's locale (en_GB.UTF-8) or an ICU one. There,
    // `per-000002` sorts before `PER-000003`; in SQLite (and byte order) after it.
    const name = `icu_${Date.now().toString(36)}`;
    try {
      await adminSql(`create database ${name} template template0 locale_provider icu icu_locale 'en-GB' locale 'C.UTF-8'`);
    } catch (e) {
      t.skip(`this PostgreSQL server cannot make an ICU en-GB database (${(e as Error).message})`);
    }
    const url = databaseUrl(name);
    const root = scratchDir('progeval-pg-collation-');
    const extract = join(root, 'extract');
    await generateExtract({ out: extract, people: 400, seed: 4, extractDate: '2028-10-31' });
    // Mixed-case pseudonyms: every odd-numbered person, enrolment and group in capitals.
    for (const file of readdirSync(extract).filter((f) => f.endsWith('.csv'))) {
      const text = readFileSync(join(extract, file), 'utf8');
      writeFileSync(join(extract, file), text.replace(/\b(per|enr|grp)-(\d+)\b/g, (id, kind: string, n: string) => (Number(n) % 2 ? `${kind.toUpperCase()}-${n}` : id)));
    }
    const sqliteFile = join(root, 'cohort.db');
    await cli('run', '--extract', extract, '--db', sqliteFile, '--plan', PLAN, '--out', join(root, 'out-sqlite'), '--quiet');
    await cli('run', '--extract', extract, '--db', url, '--plan', PLAN, '--out', join(root, 'out-postgres'), '--quiet');

    // The server's own order differs from byte order; the tables' columns keep byte order.
    const icuOrder = (await adminSql(`select x from (values ('per-000002'), ('PER-000003')) v(x) order by x`, name)).rows.map((r) => r.x);
    expect(icuOrder).toEqual(['per-000002', 'PER-000003']);
    const order = async (db: string) => {
      const database = await openDatabase(db, { mustExist: true });
      try {
        return (await database.db.selectFrom('enrolments').select('enrolment_id').orderBy('enrolment_id').execute()).map((r) => r.enrolment_id);
      } finally {
        await database.close();
      }
    };
    const [inSqlite, inPostgres] = [await order(sqliteFile), await order(url)];
    expect(inSqlite.some((id) => id.startsWith('ENR-')) && inSqlite.some((id) => id.startsWith('enr-'))).toBe(true);
    expect(inPostgres).toEqual(inSqlite);
    const [a, b] = [published(join(root, 'out-sqlite', 'results.json')), published(join(root, 'out-postgres', 'results.json'))];
    for (const k of PUBLISHED) expect(b[k], k).toBe(a[k]);
  }, 300_000);

  describe('two plans at once while a later extract loads', () => {
    const root = scratchDir('progeval-pg-concurrent-');
    const early = join(root, 'early');
    const late = join(root, 'late');
    const planB = join(root, 'plan-b.yaml');
    let url = '';
    beforeAll(async () => {
      await generateExtract({ out: early, people: 500, seed: 21, extractDate: '2026-04-30' });
      await generateExtract({ out: late, people: 500, seed: 21, extractDate: '2026-10-31' });
      writeFileSync(planB, readFileSync(PLAN, 'utf8').replace(/^title: .*$/m, 'title: A second evaluator\'s plan').replace(/^seed: .*$/m, 'seed: 99'));
      url = (await freshDatabase()).url;
      await cli('ingest', early, '--db', url, '--quiet');
    }, 300_000);

    it('all end correctly, the extract is loaded once, and each run matches a serial run on the snapshot it saw', async () => {
      const run = (plan: string, out: string) => exec(process.execPath, [BIN, 'run', '--db', url, '--plan', plan, '--out', out, '--quiet', '--fresh-release']);
      const load = exec(process.execPath, [BIN, 'ingest', late, '--db', url, '--quiet']);
      const loadAgain = exec(process.execPath, [BIN, 'ingest', late, '--db', url, '--quiet']);
      await Promise.all([run(PLAN, join(root, 'a')), run(planB, join(root, 'b')), load, loadAgain]);
      const status = JSON.parse((await cli('status', '--db', url, '--json')).stdout);
      expect(status.batches).toHaveLength(2); // the later extract loaded once, though two loads raced
      const runs = JSON.parse((await cli('history', '--db', url, '--json', '--all')).stdout).runs;
      expect(runs.map((r: { status: string }) => r.status)).toEqual(['complete', 'complete']);

      for (const [plan, out] of [[PLAN, 'a'], [planB, 'b']] as const) {
        const results = JSON.parse(readFileSync(join(root, out, 'results.json'), 'utf8'));
        const saw = results.data.batches.map((b: { batch_id: number }) => b.batch_id);
        // Serially, on a fresh database holding the same batches.
        const serial = (await freshDatabase()).url;
        await cli('ingest', early, '--db', serial, '--quiet');
        if (saw.length === 2) await cli('ingest', late, '--db', serial, '--quiet');
        await cli('run', '--db', serial, '--plan', plan, '--out', join(root, `${out}-serial`), '--quiet', '--fresh-release');
        const [concurrent, alone] = [published(join(root, out, 'results.json')), published(join(root, `${out}-serial`, 'results.json'))];
        for (const k of PUBLISHED) expect(concurrent[k], `${out}: ${k}`).toBe(alone[k]);
      }
    }, 900_000);
  });

  it('roles: the analyst runs analyses but cannot write data or read refused rows; the loader loads', async () => {
    const { name, url } = await freshDatabase('roles');
    // The tables exist once an admin has opened the database; one row is refused (an orphan).
    const extract = join(scratchDir(), 'extract');
    await generateExtract({ out: extract, people: 300, seed: 4 });
    appendFileSync(join(extract, 'reconvictions.csv'), 'per-999999,2025-01-10,2025-04-02,violent\n');
    await cli('ingest', extract, '--db', url, '--quiet');
    for (const statement of rolesSql(name).split(';\n').map((s) => s.replace(/^(--.*\n)+/gm, '').trim()).filter(Boolean)) {
      try {
        await adminSql(statement, name);
      } catch (e) {
        if ((e as { code?: string }).code !== '42710') throw e; // the roles are server-wide: made by an earlier test run
      }
    }
    await adminSql("do $$ begin if not exists (select from pg_roles where rolname = 'ann_analyst') then create role ann_analyst login in role progeval_analyst; end if; if not exists (select from pg_roles where rolname = 'lee_loader') then create role lee_loader login in role progeval_loader; end if; end $$");
    const analyst = databaseUrl(name, 'ann_analyst');
    const loader = databaseUrl(name, 'lee_loader');

    const refusedRows = await runCli('quarantine', '--db', analyst);
    expect(refusedRows.code).toBe(2);
    expect(refusedRows.stderr).toMatch(/permission denied for table quarantine.*This role may not do this/);
    const load = await runCli('ingest', MINIMAL, '--db', analyst, '--force');
    expect(load.code).toBe(2);
    expect(load.stderr).toContain('this PostgreSQL role may not load');
    const pgClient = (await import('pg')).default;
    const client = new pgClient.Client({ connectionString: analyst });
    await client.connect();
    try {
      await expect(client.query("update people set age_at_index = 99")).rejects.toMatchObject({ code: '42501' });
      await expect(client.query('select row_json from quarantine')).rejects.toMatchObject({ code: '42501' });
      expect((await client.query('select count(*)::int as n from quarantine')).rows[0].n).toBe(1);
    } finally {
      await client.end();
    }
    // The analyst's run is registered: it may record runs and published cells.
    const out = join(scratchDir(), 'out');
    const run = await cli('run', '--db', analyst, '--plan', PLAN, '--out', out, '--json');
    expect(JSON.parse(run.stdout).run_id).toBe(1);
    expect((await cli('status', '--db', analyst, '--json')).stdout).toContain('orphan_reference');
    // The loader loads.
    expect((await runCli('ingest', MINIMAL, '--db', loader, '--force', '--quiet')).code).toBe(0);
  }, 300_000);

  it('says plainly when the server drops the connection part-way, and does not crash', async () => {
    const { name, url } = await freshDatabase();
    const database = await openDatabase(url);
    try {
      await adminSql(`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}' and pid <> pg_backend_pid()`);
      const failed = await database.db.selectFrom('people').selectAll().execute().then(() => null, (e: unknown) => e);
      expect(DatabaseConnectionLost.is(failed)).toBe(true);
    } finally {
      await database.close().catch(() => undefined);
    }
  });

  it('says plainly when the server cannot be reached or the database is not there', async () => {
    const u = new URL(POSTGRES_URL!);
    u.port = '1';
    const unreachable = await runCli('status', '--db', u.toString());
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toContain('cannot reach the PostgreSQL server');
    const missing = await runCli('status', '--db', databaseUrl('no_such_database'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('there is no database at');
    const { url } = await freshDatabase();
    const empty = await runCli('status', '--db', url);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('no database at');
    const password = await runCli('status', '--db', databaseUrl('no_such_database').replace('progeval@', 'progeval:s3cret@'));
    expect(password.stderr).not.toContain('s3cret');
    // A password in the URL is never printed (the test server trusts loopback, so it is accepted and ignored).
    const withPassword = url.replace('progeval@', 'progeval:s3cret@');
    const load = await runCli('ingest', MINIMAL, '--db', withPassword);
    const status = await runCli('status', '--db', withPassword, '--json');
    expect(load.code).toBe(0);
    expect(load.stdout + load.stderr + status.stdout + status.stderr).not.toContain('s3cret');
    expect(load.stdout).toContain('progeval:***@');
  });
});
