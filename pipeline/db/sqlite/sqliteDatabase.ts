/**
 * The embedded default: SQLite through better-sqlite3, in WAL mode with foreign keys on.
 *
 * - A load is one transaction begun with `BEGIN IMMEDIATE`, so it holds the write lock from
 *   its first statement: a second load waits for it (with a message and a bounded timeout)
 *   instead of failing half-way with "database is locked". A crash or SIGKILL part-way leaves
 *   the database exactly as it was: SQLite rolls the unfinished transaction back when the file
 *   is next opened.
 * - A run reads inside one deferred read transaction (`readSnapshot`): in WAL mode it sees the
 *   database as it was at its first read, before or after a concurrent load, never both.
 * - A file the user may not write is opened read-only: status, quarantine and run work on it.
 * - Runs take turns through a lock folder beside the database (`FILE.run-lock`, by
 *   proper-lockfile): its time stamp is refreshed while the run lives, so a run that was killed
 *   leaves a lock that goes stale after `RUN_LOCK_STALE_MS` and is then taken over.
 */
import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect, SqliteDriver, sql, type DatabaseConnection } from 'kysely';
import lockfile from 'proper-lockfile';
import { inBatches, type LoadTransaction, type ProgevalDatabase, type RunLock, type StagingColumn, type StagingWriter, type StreamableQuery } from '../dialect.ts';
import { DatabaseBusy, DatabaseUnusable } from '../errors.ts';
import type { Database } from '../tables.ts';
import { waitForLock, type LockWait } from '../waitForLock.ts';

/** Rows per multi-row INSERT on the hot path (measured in `npm run bench`). */
const ROWS_PER_STATEMENT = 64;

/**
 * A run lock not refreshed for this long belongs to a run that died. Long, because a run's
 * statistics hold the event loop for seconds at a time; if ours is ever stalled this long the
 * lock is lost, and the run stops before recording anything under it.
 */
export const RUN_LOCK_STALE_MS = 60_000;

/** Take the run lock on `file`, waiting up to `options.waitSeconds` (told once), else DatabaseBusy. */
async function lockRuns(file: string, options: SqliteOptions): Promise<RunLock> {
  let lost: Error | null = null;
  const release = await waitForLock(
    async () => {
      try {
        return await lockfile.lock(file, {
          lockfilePath: `${file}.run-lock`,
          realpath: false,
          stale: RUN_LOCK_STALE_MS,
          onCompromised: (e) => {
            lost = e;
          },
        });
      } catch (e) {
        if ((e as { code?: unknown }).code === 'ELOCKED') return null;
        throw e;
      }
    },
    options,
    `another progeval run against ${file} is under way, and runs take turns; waiting up to ${options.waitSeconds} s for it to finish …`,
    'run',
    500,
  );
  return {
    assertHeld() {
      if (lost) throw new Error(`the run lock on ${file} was lost (${lost.message}): another run may have started meanwhile, so nothing was recorded; run again`);
    },
    async release() {
      if (!lost) await release();
    },
  };
}

/** `waitSeconds`: how long a load waits for another load's write lock, and a run for another run; `onWait` is told once when it must. */
export interface SqliteOptions extends LockWait {
  readOnly: boolean;
}

const isBusy = (e: unknown) => typeof (e as { code?: unknown })?.code === 'string' && (e as { code: string }).code.startsWith('SQLITE_BUSY');

/** Kysely's SQLite driver, but a transaction takes the write lock up front, waiting politely. */
class WriteLockingDriver extends SqliteDriver {
  constructor(
    private readonly raw: BetterSqlite3.Database,
    private readonly options: SqliteOptions,
  ) {
    super({ database: raw });
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const begin = () => connection.executeQuery(CompiledQuery.raw('begin immediate'));
    const timeout = this.raw.pragma('busy_timeout', { simple: true }) as number;
    this.raw.pragma('busy_timeout = 0');
    try {
      await begin();
      return;
    } catch (e) {
      if (!isBusy(e)) throw e;
    } finally {
      this.raw.pragma(`busy_timeout = ${timeout}`);
    }
    this.options.onWait(`the database is busy: another load is writing to it; waiting up to ${this.options.waitSeconds} s for it to finish …`);
    this.raw.pragma(`busy_timeout = ${Math.round(this.options.waitSeconds * 1000)}`);
    try {
      await begin();
    } catch (e) {
      if (isBusy(e)) throw new DatabaseBusy(this.options.waitSeconds);
      throw e;
    } finally {
      this.raw.pragma(`busy_timeout = ${timeout}`);
    }
  }

  /**
   * SQLite rolls a transaction back by itself after some errors (a full disk: SQLITE_FULL);
   * rolling back again would fail with "no transaction is active" and hide the real error.
   */
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.raw.inTransaction) await super.rollbackTransaction(connection);
  }
}

export function openSqlite(file: string, options: SqliteOptions): ProgevalDatabase {
  let raw: BetterSqlite3.Database;
  try {
    raw = new BetterSqlite3(file, { readonly: options.readOnly, fileMustExist: options.readOnly });
    if (!options.readOnly) {
      raw.pragma('journal_mode = WAL');
      raw.pragma('synchronous = NORMAL');
      raw.pragma('temp_store = FILE');
    }
    raw.pragma('foreign_keys = ON');
    raw.pragma('busy_timeout = 5000');
  } catch (e) {
    throw DatabaseUnusable.from(file, e);
  }
  const db = new Kysely<Database>({
    dialect: new (class extends SqliteDialect {
      override createDriver() {
        return new WriteLockingDriver(raw, options);
      }
    })({ database: raw }),
  });

  return {
    dialect: 'sqlite',
    db,
    location: file,
    readOnly: options.readOnly,
    streamRows<R>(query: StreamableQuery<R>) {
      const { sql: text, parameters } = query.compile();
      return inBatches(raw.prepare(text).iterate(...parameters) as IterableIterator<R>);
    },
    async readSnapshot(work) {
      if (raw.inTransaction) return work();
      raw.exec('begin deferred');
      try {
        // The snapshot starts at the first read.
        raw.prepare('select count(*) from sqlite_master').get();
        return await work();
      } finally {
        if (raw.inTransaction) raw.exec('rollback');
      }
    },
    async loadTransaction(work) {
      if (options.readOnly) throw new DatabaseUnusable(`${file} is read-only, and loading writes to it: ask for write access, or load into another database with --db`);
      return db.transaction().execute((trx) => {
        const load: LoadTransaction = {
          db: trx,
          async createStagingTable(name: string, columns: readonly StagingColumn[], index?: readonly string[]) {
            let table = trx.schema.createTable(name).temporary();
            for (const c of columns) table = table.addColumn(c.name, c.type);
            await table.execute();
            if (index?.length) await sql`create index ${sql.id(`${name}_key`)} on ${sql.id(name)} (${sql.join(index.map((c) => sql.id(c)))})`.execute(trx);
          },
          stagingWriter(table: string, columns: readonly string[]): StagingWriter {
            const quoted = columns.map((c) => `"${c}"`).join(', ');
            const tuple = `(${columns.map(() => '?').join(', ')})`;
            const many = raw.prepare(
              `insert into temp."${table}" (${quoted}) values ${Array.from({ length: ROWS_PER_STATEMENT }, () => tuple).join(', ')}`,
            );
            const one = raw.prepare(`insert into temp."${table}" (${quoted}) values ${tuple}`);
            const width = columns.length;
            const buffer = new Array<unknown>(width * ROWS_PER_STATEMENT);
            return async (rows) => {
              let i = 0;
              for (; i + ROWS_PER_STATEMENT <= rows.length; i += ROWS_PER_STATEMENT) {
                for (let r = 0; r < ROWS_PER_STATEMENT; r++) {
                  const row = rows[i + r]!;
                  for (let c = 0; c < width; c++) buffer[r * width + c] = row[c];
                }
                many.run(buffer);
              }
              for (; i < rows.length; i++) one.run(rows[i] as unknown[]);
            };
          },
        };
        return work(load);
      });
    },
    async runLock() {
      // An in-memory database is this process's alone; a read-only one records nothing.
      if (file === ':memory:' || options.readOnly) return { assertHeld() {}, async release() {} };
      return lockRuns(file, options);
    },
    async integrityProblems() {
      const integrity = (raw.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).filter((s) => s !== 'ok');
      const keys = (raw.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[]).map(
        (r) => `${r.table} row ${r.rowid} refers to a missing row of ${r.parent}`,
      );
      return [...integrity, ...keys];
    },
    async close() {
      await db.destroy();
    },
  };
}
