/**
 * What the pipeline needs from a database, behind one interface, as kysely keeps its
 * dialects: the embedded SQLite default (`sqlite/`) and a shared PostgreSQL server
 * (`postgres/`). Everything else speaks kysely; what differs is how a load takes the write
 * lock, how a run reads one snapshot and takes turns with other runs, the engine's own
 * integrity checks, the bulk staging write (the loader's hot path) and the streaming read of
 * a large table (the run's).
 */
import type { CompiledQuery, Kysely, Transaction } from 'kysely';
import type { Database } from './tables.ts';

export type DialectName = 'sqlite' | 'postgres';

export type StagingColumnType = 'text' | 'integer' | 'double precision';

export interface StagingColumn {
  name: string;
  type: StagingColumnType;
}

/**
 * Writes rows (values in the staging table's column order) as fast as the dialect allows:
 * multi-row INSERTs on SQLite, `COPY … FROM STDIN` on PostgreSQL. Async, so that a driver
 * that streams can implement it.
 */
export type StagingWriter = (rows: readonly (readonly unknown[])[]) => Promise<void>;

export interface LoadTransaction {
  readonly db: Transaction<Database>;
  /** A temporary table that lives until the transaction ends. */
  createStagingTable(name: string, columns: readonly StagingColumn[], index?: readonly string[]): Promise<void>;
  stagingWriter(table: string, columns: readonly string[]): StagingWriter;
}

/** Rows per batch of `ProgevalDatabase.streamRows`. */
export const STREAM_BATCH_ROWS = 4096;

/**
 * Rows, in order, in arrays of up to `size` (the last may be shorter; none is empty). Rows a
 * driver hands over synchronously are taken synchronously: `for await` over them would cost a
 * promise a row.
 */
export async function* inBatches<R>(rows: Iterable<R> | AsyncIterable<R>, size = STREAM_BATCH_ROWS): AsyncGenerator<R[]> {
  let batch: R[] = [];
  if (Symbol.iterator in rows) {
    for (const row of rows) {
      batch.push(row);
      if (batch.length === size) {
        yield batch;
        batch = [];
      }
    }
  } else {
    for await (const row of rows) {
      batch.push(row);
      if (batch.length === size) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length) yield batch;
}

/** A kysely select, which compiles to SQL and can stream (see `ProgevalDatabase.streamRows`). */
export interface StreamableQuery<R> {
  compile(): CompiledQuery<R>;
  stream(chunkSize?: number): AsyncIterableIterator<R>;
}

/** A held run lock (see `ProgevalDatabase.runLock`). */
export interface RunLock {
  /** Throws if the lock was lost meanwhile (another run may have started), so nothing is recorded under it. */
  assertHeld(): void;
  release(): Promise<void>;
}

export interface ProgevalDatabase {
  readonly dialect: DialectName;
  readonly db: Kysely<Database>;
  /** Where the database lives, for messages. */
  readonly location: string;
  /** Opened read-only (the user may not write the file): loads and registers refuse. */
  readonly readOnly: boolean;
  /**
   * Runs `work` in one write transaction that holds the write lock from the start: it all
   * commits, or (on error or a crash) none of it does. A second writer waits its turn.
   */
  loadTransaction<T>(work: (trx: LoadTransaction) => Promise<T>): Promise<T>;
  /**
   * The rows of a select, in order, in batches of up to {@link STREAM_BATCH_ROWS}:
   * better-sqlite3's `iterate()` on SQLite, kysely's cursor stream on PostgreSQL. (kysely's
   * SQLite stream hands over one row per chunk through three async generators, which was most
   * of the time a run spent reading 1.2 million item responses; and a promise per row, not per
   * batch, cost a fifth of what remained.)
   */
  streamRows<R>(query: StreamableQuery<R>): AsyncIterable<readonly R[]>;
  /** Runs `work`'s reads against one consistent snapshot of the database (no writes inside). */
  readSnapshot<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Takes the run lock: one analysis run at a time per database, from reading the release
   * register to recording what it published, so that each run is checked against every cell
   * the runs before it published. A second run waits (bounded, telling the user once) and then
   * fails with `DatabaseBusy`.
   */
  runLock(): Promise<RunLock>;
  /** The database engine's own checks (page integrity, foreign keys); empty when all hold. */
  integrityProblems(): Promise<string[]>;
  close(): Promise<void>;
}
