/**
 * What the pipeline needs from a database, behind one interface so that a PostgreSQL backend
 * can follow the embedded SQLite default. Everything else speaks kysely; only the bulk
 * staging write (the loader's hot path) is dialect-specific.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './tables.ts';

export type DialectName = 'sqlite' | 'postgres';

export type StagingColumnType = 'text' | 'integer' | 'double precision';

export interface StagingColumn {
  name: string;
  type: StagingColumnType;
}

/** Writes rows (values in the staging table's column order) as fast as the dialect allows. */
export type StagingWriter = (rows: readonly (readonly unknown[])[]) => void;

export interface LoadTransaction {
  readonly db: Transaction<Database>;
  /** A temporary table that lives until the transaction ends. */
  createStagingTable(name: string, columns: readonly StagingColumn[], index?: readonly string[]): Promise<void>;
  stagingWriter(table: string, columns: readonly string[]): StagingWriter;
}

export interface ProgevalDatabase {
  readonly dialect: DialectName;
  readonly db: Kysely<Database>;
  /** Where the database lives, for messages. */
  readonly location: string;
  /** Runs `work` in one transaction: it all commits, or (on error or a crash) none of it does. */
  loadTransaction<T>(work: (trx: LoadTransaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
