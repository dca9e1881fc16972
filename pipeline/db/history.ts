/**
 * What has been loaded: load batches with their per-file reconciliation, table counts and
 * the quarantine. Read by `progeval status` and `progeval quarantine`.
 */
import { CONTRACT_FILES } from '../../schemas/contract/index.ts';
import type { FileReconciliation } from '../load/loadExtract.ts';
import type { ProgevalDatabase } from './dialect.ts';
import type { Selectable } from 'kysely';
import type { ContractTableName, LoadBatchesTable } from './tables.ts';

/** A load batch as stored, with the reconciliation of each of its files. */
export type BatchRecord = Selectable<LoadBatchesTable> & { files: FileReconciliation[] };

const CONTRACT_TABLES: ContractTableName[] = [
  'people', 'facilitators', 'groups', 'group_facilitators', 'measures', 'enrolments', 'assessments', 'assessment_items', 'reconvictions',
];

async function filesOf(database: ProgevalDatabase, batchIds: number[]): Promise<Map<number, FileReconciliation[]>> {
  const byBatch = new Map<number, FileReconciliation[]>();
  if (!batchIds.length) return byBatch;
  const rows = await database.db.selectFrom('load_files').selectAll().where('batch_id', 'in', batchIds).execute();
  for (const r of rows) {
    const list = byBatch.get(r.batch_id) ?? [];
    list.push({
      file: r.file,
      sha256: r.sha256,
      bytes: r.bytes,
      rowsRead: r.rows_read,
      rowsLoaded: r.rows_loaded,
      rowsNew: r.rows_new,
      rowsQuarantined: r.rows_quarantined,
      ignoredColumns: r.ignored_columns ? r.ignored_columns.split(',') : [],
    });
    byBatch.set(r.batch_id, list);
  }
  const order = (file: string) => CONTRACT_FILES.findIndex((f) => f.file === file);
  for (const list of byBatch.values()) list.sort((a, b) => order(a.file) - order(b.file));
  return byBatch;
}

export async function findBatchByFingerprint(database: ProgevalDatabase, sha256: string): Promise<BatchRecord | undefined> {
  const batch = await database.db.selectFrom('load_batches').selectAll().where('extract_sha256', '=', sha256).orderBy('batch_id', 'desc').executeTakeFirst();
  if (!batch) return undefined;
  return { ...batch, files: (await filesOf(database, [batch.batch_id])).get(batch.batch_id) ?? [] };
}

export async function loadHistory(database: ProgevalDatabase): Promise<BatchRecord[]> {
  const batches = await database.db.selectFrom('load_batches').selectAll().orderBy('batch_id').execute();
  const files = await filesOf(database, batches.map((b) => b.batch_id));
  return batches.map((b) => ({ ...b, files: files.get(b.batch_id) ?? [] }));
}

export async function tableCounts(database: ProgevalDatabase): Promise<Record<ContractTableName, number>> {
  const counts = {} as Record<ContractTableName, number>;
  for (const table of CONTRACT_TABLES) {
    const row = await database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

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
