/**
 * Opening the database: the one entry point the rest of the pipeline uses. It brings the
 * schema up to date with kysely's Migrator before returning.
 */
import { existsSync } from 'node:fs';
import { Migrator } from 'kysely';
import { migrationProvider } from './migrations/index.ts';
import type { ProgevalDatabase } from './dialect.ts';
import { openSqlite } from './sqlite.ts';

export const DEFAULT_DATABASE_FILE = 'progeval.db';

export class DatabaseMissing extends Error {
  constructor(readonly location: string) {
    super(`no database at ${location}: load an extract first with \`progeval ingest DIR --db ${location}\``);
  }
}

export interface OpenOptions {
  /** Refuse to create a new database (for commands that only read). */
  mustExist?: boolean;
}

export async function openDatabase(file = DEFAULT_DATABASE_FILE, options: OpenOptions = {}): Promise<ProgevalDatabase> {
  if (options.mustExist && file !== ':memory:' && !existsSync(file)) throw new DatabaseMissing(file);
  const database = openSqlite(file);
  const migrator = new Migrator({ db: database.db, provider: migrationProvider(database.dialect) });
  const { error } = await migrator.migrateToLatest();
  if (error) {
    await database.close();
    throw error instanceof Error ? error : new Error(String(error));
  }
  return database;
}

export type { ProgevalDatabase, LoadTransaction, StagingWriter, DialectName } from './dialect.ts';
export type * from './tables.ts';
