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
import { DatabaseUnusable } from './errors.ts';
import { openSqlite } from './sqlite.ts';

export const DEFAULT_DATABASE_FILE = 'progeval.db';
/** How long a load waits for another load's write lock (and a run for another run), unless PROGEVAL_WAIT_SECONDS says otherwise. */
export const DEFAULT_WAIT_SECONDS = 600;

export class DatabaseMissing extends Error {
  constructor(readonly location: string) {
    super(`no database at ${location}: load an extract first with \`progeval ingest DIR --db ${location}\``);
  }
}

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

export async function openDatabase(file = DEFAULT_DATABASE_FILE, options: OpenOptions = {}): Promise<ProgevalDatabase> {
  const exists = file !== ':memory:' && existsSync(file);
  if (options.mustExist && file !== ':memory:' && !exists) throw new DatabaseMissing(file);
  const readOnly = exists && !writable(file);
  const database = openSqlite(file, {
    readOnly,
    waitSeconds: waitSeconds(),
    onWait: options.onWait ?? ((m) => process.stderr.write(`progeval: ${m}\n`)),
  });
  try {
    let applied: string[] | null;
    try {
      applied = await appliedMigrations(database);
    } catch (e) {
      throw DatabaseUnusable.from(file, e);
    }
    if (applied === null) throw new DatabaseUnusable(`${file} is a SQLite database, but not progeval's (it has other tables); give progeval its own file with --db`);
    const known = Object.keys(await migrationProvider(database.dialect).getMigrations());
    const newer = applied.filter((m) => !known.includes(m));
    if (newer.length) {
      throw new DatabaseUnusable(`${file} was written by a newer progeval (schema ${newer.at(-1)}); this is progeval with schema ${known.at(-1)}: upgrade progeval to use it`);
    }
    if (applied.length < known.length) {
      if (readOnly) throw new DatabaseUnusable(`${file} is read-only and was written by an older progeval: open it once with write access so that its schema can be brought up to date`);
      const migrator = new Migrator({ db: database.db, provider: migrationProvider(database.dialect) });
      const { error } = await migrator.migrateToLatest();
      if (error) throw DatabaseUnusable.from(file, error);
    }
    return database;
  } catch (e) {
    await database.close();
    throw e;
  }
}

export { DatabaseBusy, DatabaseUnusable } from './errors.ts';
export type { ProgevalDatabase, LoadTransaction, RunLock, StagingWriter, DialectName } from './dialect.ts';
export type * from './tables.ts';
