/**
 * What has been loaded: load batches with their per-file reconciliation, table counts and
 * the quarantine. Read by `progeval status` and `progeval quarantine`.
 */
import { filesOf, type FileReconciliation } from './loadStore.ts';
import type { ProgevalDatabase } from './dialect.ts';
import type { Kysely, Selectable } from 'kysely';
import { CONTRACT_TABLES, type ContractTableName, type Database, type LoadBatchesTable } from './tables.ts';

/** A load batch as stored, with the reconciliation of each of its files. */
export type BatchRecord = Selectable<LoadBatchesTable> & { files: FileReconciliation[] };

export async function loadHistory(database: ProgevalDatabase): Promise<BatchRecord[]> {
  const batches = await database.db.selectFrom('load_batches').selectAll().orderBy('batch_id').execute();
  const files = await filesOf(database.db, batches.map((b) => b.batch_id));
  return batches.map((b) => ({ ...b, files: files.get(b.batch_id) ?? [] }));
}

/** Rows of each contract table in force (`withdrawn_batch_id is null`) or withdrawn (`is not`). */
async function countsPerTable(database: ProgevalDatabase, withdrawn: 'is' | 'is not'): Promise<Record<ContractTableName, number>> {
  const counts = {} as Record<ContractTableName, number>;
  for (const table of CONTRACT_TABLES) {
    const row = await database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('withdrawn_batch_id', withdrawn, null).executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

/** Rows in force in each contract table (withdrawn rows are not counted; see `withdrawnCounts`). */
export const tableCounts = (database: ProgevalDatabase) => countsPerTable(database, 'is');

/** Rows kept for the audit trail but withdrawn by a later snapshot, per contract table. */
export const withdrawnCounts = (database: ProgevalDatabase) => countsPerTable(database, 'is not');

export interface QuarantineCount {
  batch_id: number;
  file: string;
  reason_code: string;
  n: number;
}

export async function quarantineCounts(database: ProgevalDatabase): Promise<QuarantineCount[]> {
  const rows = await database.db
    .selectFrom('quarantine')
    .select(['batch_id', 'file', 'reason_code', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['batch_id', 'file', 'reason_code'])
    .orderBy('batch_id')
    .orderBy('file')
    .orderBy('reason_code')
    .execute();
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

export interface QuarantineQuery {
  file?: string;
  batchId?: number;
  reasonCode?: string;
  limit?: number;
}

export async function quarantineRows(database: ProgevalDatabase, query: QuarantineQuery = {}) {
  let q = database.db.selectFrom('quarantine').selectAll();
  if (query.file) q = q.where('file', '=', query.file);
  if (query.batchId !== undefined) q = q.where('batch_id', '=', query.batchId);
  if (query.reasonCode) q = q.where('reason_code', '=', query.reasonCode);
  q = q.orderBy('batch_id').orderBy('quarantine_id');
  if (query.limit !== undefined) q = q.limit(query.limit);
  const rows = await q.execute();
  return rows.map((r) => ({ ...r, row: JSON.parse(r.row_json) as unknown }));
}
