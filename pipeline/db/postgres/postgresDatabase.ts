/**
 * A shared PostgreSQL server, through kysely's PostgresDialect over `pg`.
 *
 * - One connection per process (a pool of one, so that a session's transaction, snapshot and
 *   locks are the process's): progeval is a command, not a server.
 * - A load is one transaction that first takes a transaction-level advisory lock
 *   (`pg_advisory_xact_lock`), so loads serialise: a second load waits, saying so, for up to
 *   `waitSeconds`, then fails with `DatabaseBusy`. A crash rolls the whole load back.
 * - Staged rows are bulk-loaded with `COPY … FROM STDIN` (pg-copy-streams) into a temporary
 *   table dropped at commit.
 * - A run reads inside one `REPEATABLE READ READ ONLY` transaction: it sees the database as it
 *   was at its first read, before or after a concurrent load, never both.
 * - Runs take turns through a session-level advisory lock, released when the run ends or its
 *   connection drops (a killed run never leaves it held).
 * - Roles (roles.ts): a role that may not insert into the load tables (`progeval_analyst`) may
 *   not load; one that may not record published cells either opens the database read-only
 *   (runs work, and their output is not registered).
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import Cursor from 'pg-cursor';
import { from as copyFrom } from 'pg-copy-streams';
import { inBatches, type LoadTransaction, type ProgevalDatabase, type RunLock, type StagingColumn, type StagingWriter } from '../dialect.ts';
import { DatabaseUnusable } from '../errors.ts';
import { textType } from '../migrations/columnTypes.ts';
import type { Database } from '../tables.ts';
import { waitForLock, type LockWait } from '../waitForLock.ts';

/** How long a load waits for another load's lock, and a run for another run's; told once when it must. */
export type PostgresOptions = LockWait;

/** Advisory lock keys (per database): one for loads, one for runs. */
const LOAD_LOCK = 7_202_601;
const RUN_LOCK = 7_202_602;

/** A URL with its password replaced, fit for messages and logs. */
export function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the PostgreSQL server';
  }
}

/** Counts (bigint) and numeric arrive as JavaScript numbers, as SQLite gives them. */
export const NUMBER_TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
};

/** PostgreSQL's refusals said plainly (no password in them). */
function unusable(where: string, e: unknown): unknown {
  const code = (e as { code?: string })?.code ?? '';
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT' || code === 'EHOSTUNREACH') return new DatabaseUnusable(`cannot reach the PostgreSQL server at ${where} (${code}): check the host and port, and that the server is running`);
  if (code === '28P01' || code === '28000') return new DatabaseUnusable(`the PostgreSQL server at ${where} refused the login: check the user and password (PGPASSWORD or ~/.pgpass)`);
  if (code === '3D000') return new DatabaseUnusable(`there is no database at ${where}: ask the DBA to create it (see the README, "PostgreSQL")`);
  return e;
}

/** COPY's text format: tab-separated, \N for null, backslash escapes. */
export function copyText(rows: readonly (readonly unknown[])[]): string {
  let out = '';
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) {
      const v = row[i];
      if (i) out += '\t';
      if (v === null || v === undefined) out += '\\N';
      else if (typeof v === 'number') out += Number.isFinite(v) ? String(v) : '\\N';
      else out += String(v).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
    }
    out += '\n';
  }
  return out;
}

/** Rows fetched per round trip when a run streams a large table (`streamRows`). */
const STREAM_CHUNK_ROWS = 4096;

export async function openPostgres(url: string, options: PostgresOptions): Promise<ProgevalDatabase & { settleAccess(): Promise<void> }> {
  const where = redactedUrl(url);
  const client = new pg.Client({ connectionString: url, types: NUMBER_TYPES, application_name: 'progeval' });
  // A connection the server drops (a restart, an administrator) is an 'error' event: without a
  // listener it would crash the process; with one, the next query fails and is said plainly.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (e) {
    throw unusable(where, e);
  }
  // A pool of one: every query of this process goes through this session.
  const single = Object.assign(client, { release() {} });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: { connect: async () => single, end: () => client.end() }, cursor: Cursor }) });

  /** An advisory lock, waited for as every lock is (waitForLock.ts). */
  const advisoryLock = (tryLock: () => Promise<boolean>, message: string, holder: 'load' | 'run') =>
    waitForLock(async () => ((await tryLock()) ? true : null), options, message, holder);

  let readOnly = false;
  let mayLoad = true;
  const database: ProgevalDatabase = {
    dialect: 'postgres',
    db,
    location: where,
    get readOnly() {
      return readOnly;
    },
    streamRows: (query) => inBatches(query.stream(STREAM_CHUNK_ROWS)),
    async readSnapshot(work) {
      await sql`begin isolation level repeatable read read only`.execute(db);
      try {
        return await work();
      } finally {
        await sql`rollback`.execute(db);
      }
    },
    async loadTransaction(work) {
      if (!mayLoad) throw new DatabaseUnusable(`this PostgreSQL role may not load into ${where}: load as progeval_loader (see the README, "PostgreSQL")`);
      return db.transaction().execute(async (trx) => {
        await advisoryLock(
          async () => (await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(${LOAD_LOCK}) as ok`.execute(trx)).rows[0]!.ok,
          `the database is busy: another load is writing to it; waiting up to ${options.waitSeconds} s for it to finish …`,
          'load',
        );
        const load: LoadTransaction = {
          db: trx,
          async createStagingTable(name: string, columns: readonly StagingColumn[], index?: readonly string[]) {
            let table = trx.schema.createTable(name).temporary().onCommit('drop');
            // Byte-ordered text, as in the tables it is compared with (migrations/columnTypes.ts).
            for (const c of columns) table = table.addColumn(c.name, c.type === 'text' ? textType('postgres') : c.type);
            await table.execute();
            if (index?.length) await sql`create index ${sql.id(`${name}_key`)} on ${sql.id(name)} (${sql.join(index.map((c) => sql.id(c)))})`.execute(trx);
          },
          stagingWriter(table: string, columns: readonly string[]): StagingWriter {
            const copy = `copy ${client.escapeIdentifier(table)} (${columns.map((c) => client.escapeIdentifier(c)).join(', ')}) from stdin`;
            return async (rows) => {
              if (!rows.length) return;
              await pipeline(Readable.from([copyText(rows)]), client.query(copyFrom(copy)));
            };
          },
        };
        return work(load);
      });
    },
    async runLock(): Promise<RunLock> {
      await advisoryLock(
        async () => (await sql<{ ok: boolean }>`select pg_try_advisory_lock(${RUN_LOCK}) as ok`.execute(db)).rows[0]!.ok,
        `another progeval run against ${where} is under way, and runs take turns; waiting up to ${options.waitSeconds} s for it to finish …`,
        'run',
      );
      let released = false;
      return {
        assertHeld() {},
        async release() {
          if (released) return;
          released = true;
          await sql`select pg_advisory_unlock(${RUN_LOCK})`.execute(db);
        },
      };
    },
    async integrityProblems() {
      // PostgreSQL checks its pages and enforces foreign keys on every write; a client cannot
      // ask it to re-read every page (amcheck needs a superuser). What the catalogue can say:
      // every constraint was validated, every index is usable (a failed concurrent build
      // leaves one that is not), and every text column of progeval's tables compares byte by
      // byte, as the analyses' row order needs (migrations/columnTypes.ts).
      const problems: string[] = [];
      const unvalidated = await sql<{ t: string; c: string }>`
        select conrelid::regclass::text as t, conname as c from pg_constraint
        where connamespace = current_schema()::regnamespace and not convalidated order by 1, 2`.execute(db);
      for (const r of unvalidated.rows) problems.push(`${r.t}: constraint ${r.c} is not validated`);
      const invalid = await sql<{ i: string }>`
        select i.indexrelid::regclass::text as i from pg_index i join pg_class c on c.oid = i.indexrelid
        where c.relnamespace = current_schema()::regnamespace and not (i.indisvalid and i.indisready) order by 1`.execute(db);
      for (const r of invalid.rows) problems.push(`index ${r.i} is not valid: rebuild it with REINDEX`);
      const collated = await sql<{ t: string; c: string; collation: string | null }>`
        select table_name as t, column_name as c, collation_name as collation from information_schema.columns
        where table_schema = current_schema() and data_type = 'text' and table_name not like 'kysely%'
          and coalesce(collation_name, '') <> 'C' order by 1, 2`.execute(db);
      for (const r of collated.rows) problems.push(`${r.t}.${r.c} compares text by the ${r.collation ?? "database's"} collation, not byte order ("C"): rows may be read in another order than SQLite's`);
      return problems;
    },
    async close() {
      await db.destroy();
    },
  };
  return Object.assign(database, {
    /** After migrations: may this role record runs and published cells (progeval_analyst may; it may not load)? */
    async settleAccess() {
      const row = (await sql<{ register: boolean; load: boolean }>`select has_table_privilege('disclosure_register', 'INSERT') as register, has_table_privilege('load_batches', 'INSERT') as load`.execute(db)).rows[0];
      readOnly = !row?.register;
      mayLoad = row?.load ?? false;
    },
  });
}
