/**
 * Opening the database: the one entry point the rest of the pipeline uses. It brings the
 * schema up to date with kysely's Migrator before returning, and refuses plainly (exit 2)
 * a file that is not a progeval database, one written by a newer progeval, or a read-only
 * one that would need upgrading.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { Migrator } from 'kysely';
import { migrationProvider } from './migrations/index.ts';
import type { ProgevalDatabase } from './dialect.ts';
import { DatabaseMissing, DatabaseUnusable } from './errors.ts';

export const DEFAULT_DATABASE_FILE = 'progeval.db';
/** How long a load waits for another load's write lock (and a run for another run), unless PROGEVAL_WAIT_SECONDS says otherwise. */
export const DEFAULT_WAIT_SECONDS = 600;

export interface OpenOptions {
  /** Refuse to create a new database (for commands that only read). */
  mustExist?: boolean;
  /** Told when a load must wait for another; stderr by default. */
  onWait?: (message: string) => void;
}

/**
 * May this database be written? Not if the user lacks write permission, nor if the file is
 * marked read-only (no write bit at all), which is honoured even for a superuser who could
 * write it anyway: someone marked it so on purpose.
 */
function writable(file: string): boolean {
  try {
    accessSync(file, constants.W_OK);
    return (statSync(file).mode & 0o222) !== 0;
  } catch {
    return false;
  }
}

function waitSeconds(): number {
  const n = Number(process.env.PROGEVAL_WAIT_SECONDS);
  return Number.isFinite(n) && n >= 0 ? n : DEFAULT_WAIT_SECONDS;
}

/** The migrations a database has recorded, or null when it has none of progeval's tables. */
async function appliedMigrations(database: ProgevalDatabase): Promise<string[] | null> {
  const tables = await database.db.introspection.getTables({ withInternalKyselyTables: true });
  if (!tables.some((t) => t.name === 'kysely_migration')) return tables.length ? null : [];
  const rows = await (database.db as any).selectFrom('kysely_migration').select('name').execute();
  return rows.map((r: { name: string }) => r.name);
}

/** Is `--db` a PostgreSQL URL (rather than a SQLite file)? */
export const isPostgresUrl = (db: string): boolean => /^postgres(ql)?:\/\//i.test(db);

/** How every command declares `--db`: `.option(...databaseOption())`. */
export function databaseOption(): [string, string, string] {
  return ['--db <file-or-url>', 'the database: a SQLite file, or a postgres:// URL for a shared server (default: $PROGEVAL_DATABASE_URL, else progeval.db)', defaultDatabase()];
}

/** The database when `--db` is not given: PROGEVAL_DATABASE_URL, else progeval.db in the current folder. */
export function defaultDatabase(): string {
  return process.env.PROGEVAL_DATABASE_URL || DEFAULT_DATABASE_FILE;
}

/** Brings the schema up to date (refusing a foreign or newer one), the same on both dialects. */
async function migrate(database: ProgevalDatabase, where: string, options: OpenOptions, mayWrite: boolean): Promise<void> {
  let applied: string[] | null;
  try {
    applied = await appliedMigrations(database);
  } catch (e) {
    throw DatabaseUnusable.from(where, e);
  }
  if (applied === null) throw new DatabaseUnusable(`${where} ${database.dialect === 'sqlite' ? 'is a SQLite database' : 'holds tables'}, but not progeval's (it has other tables); give progeval its own ${database.dialect === 'sqlite' ? 'file with --db' : 'database'}`);
  // A server database with none of progeval's tables is, to progeval, not there yet.
  if (options.mustExist && database.dialect === 'postgres' && applied.length === 0) throw new DatabaseMissing(where);
  const known = Object.keys(await migrationProvider(database.dialect).getMigrations());
  const newer = applied.filter((m) => !known.includes(m));
  if (newer.length) {
    throw new DatabaseUnusable(`${where} was written by a newer progeval (schema ${newer.at(-1)}); this is progeval with schema ${known.at(-1)}: upgrade progeval to use it`);
  }
  if (applied.length < known.length) {
    if (!mayWrite) throw new DatabaseUnusable(`${where} is read-only and was written by an older progeval: open it once with write access so that its schema can be brought up to date`);
    const migrator = new Migrator({ db: database.db, provider: migrationProvider(database.dialect) });
    const { error } = await migrator.migrateToLatest();
    if (error) {
      if ((error as { code?: string }).code === '42501') throw new DatabaseUnusable(`this PostgreSQL role may not create progeval's tables in ${where}: open it once as progeval_admin, who owns the schema (see the README, "PostgreSQL")`);
      throw DatabaseUnusable.from(where, error);
    }
  }
}

export async function openDatabase(file = defaultDatabase(), options: OpenOptions = {}): Promise<ProgevalDatabase> {
  const wait = { waitSeconds: waitSeconds(), onWait: options.onWait ?? ((m: string) => process.stderr.write(`progeval: ${m}\n`)) };
  if (isPostgresUrl(file)) {
    // Each dialect's driver is loaded only when a database of its kind is opened.
    const { openPostgres } = await import('./postgres/postgresDatabase.ts');
    const database = await openPostgres(file, wait);
    try {
      await migrate(database, database.location, options, true);
      await database.settleAccess();
      return database;
    } catch (e) {
      await database.close();
      throw e;
    }
  }
  const exists = file !== ':memory:' && existsSync(file);
  if (options.mustExist && file !== ':memory:' && !exists) throw new DatabaseMissing(file);
  const readOnly = exists && !writable(file);
  const { openSqlite } = await import('./sqlite/sqliteDatabase.ts');
  const database = openSqlite(file, { readOnly, ...wait });
  try {
    await migrate(database, file, options, !readOnly);
    return database;
  } catch (e) {
    await database.close();
    throw e;
  }
}

export { DatabaseBusy, DatabaseMissing, DatabaseUnusable } from './errors.ts';
export type { ProgevalDatabase, LoadTransaction, RunLock, StagingWriter, DialectName } from './dialect.ts';
export type * from './tables.ts';
