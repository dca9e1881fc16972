/**
 * Successive extracts as dated snapshots (data contract v1.1): which batch is the latest,
 * the newest extract date loaded, and withdrawing the rows a snapshot no longer holds.
 * Used by the loader inside its write transaction.
 */
import { sql, type Kysely } from 'kysely';
import type { FileReconciliation } from '../load/loadExtract.ts';
import type { ContractTableName, Database, LoadFilesTable } from './tables.ts';
import type { Insertable } from 'kysely';
import { filesOf } from './history.ts';

export async function latestBatch(db: Kysely<Database>): Promise<{ batch_id: number; extract_sha256: string; files: FileReconciliation[] } | undefined> {
  const batch = await db.selectFrom('load_batches').select(['batch_id', 'extract_sha256']).orderBy('batch_id', 'desc').limit(1).executeTakeFirst();
  if (!batch) return undefined;
  return { ...batch, files: (await filesOf(db, [batch.batch_id])).get(batch.batch_id) ?? [] };
}

/** The newest extract date of any batch loaded so far (null before the first dated one). */
export async function newestExtractDate(db: Kysely<Database>): Promise<string | null> {
  const row = await db.selectFrom('load_batches').select((eb) => eb.fn.max('extract_date').as('d')).executeTakeFirst();
  return (row?.d as string | null | undefined) ?? null;
}

/** The latest observation_end among the enrolments this batch loaded. */
export async function observedExtractDate(db: Kysely<Database>, batchId: number): Promise<string | null> {
  const row = await db.selectFrom('enrolments').select((eb) => eb.fn.max('observation_end').as('d')).where('batch_id', '=', batchId).executeTakeFirst();
  return (row?.d as string | null | undefined) ?? null;
}

/** Marks every row of `table` in force but not written by `batchId` as withdrawn by it; returns how many. */
export async function withdrawAbsentRows(db: Kysely<Database>, table: ContractTableName, batchId: number): Promise<number> {
  const result = await sql`update ${sql.table(table)} set withdrawn_batch_id = ${batchId} where withdrawn_batch_id is null and batch_id <> ${batchId}`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** The load_files record of a contract file the snapshot did not include, whose rows it withdrew. */
export function absentFileRecord(batchId: number, file: string, rowsWithdrawn: number): Insertable<LoadFilesTable> {
  return { batch_id: batchId, file, sha256: '', bytes: 0, rows_read: 0, rows_loaded: 0, rows_new: 0, rows_quarantined: 0, rows_withdrawn: rowsWithdrawn, ignored_columns: null };
}
