/**
 * Every write the loader makes, and the reads it makes inside its write transaction: load
 * batches and their per-file reconciliation, staging a file's valid rows (as fast as the
 * dialect allows: multi-row INSERT on SQLite, COPY on PostgreSQL), the cross-file rules,
 * numbering repeated keys, the upsert by natural key, the quarantine, and withdrawing the rows
 * a snapshot no longer holds (data contract v1.1). `pipeline/load` only orchestrates.
 *
 * Standard SQL through kysely; the only dialect-specific part, the bulk staging write, is the
 * dialect's `LoadTransaction`.
 */
import { sql, type Insertable, type Kysely } from 'kysely';
import { CONTRACT_FILES, columnsOf, type ContractFile } from '../../schemas/contract/index.ts';
import type { RowRefusal } from '../validate/refusal.ts';
import { stageTable, type CrossFileRule } from './crossFileRules.ts';
import type { LoadTransaction, StagingColumn } from './dialect.ts';
import type { ContractTableName, Database, LoadBatchesTable, LoadFilesTable } from './tables.ts';

/** One file of one load: rows read = rows loaded + rows quarantined. */
export interface FileReconciliation {
  file: string;
  sha256: string;
  bytes: number;
  rowsRead: number;
  rowsLoaded: number;
  /** Loaded rows whose key was not in the database before. */
  rowsNew: number;
  rowsQuarantined: number;
  /** Rows of the file's table in force before and absent from this snapshot (or refused in it), now withdrawn. */
  rowsWithdrawn: number;
  ignoredColumns: string[];
}

/** The reconciliation of each file of these batches, in the contract's load order. */
export async function filesOf(db: Kysely<Database>, batchIds: number[]): Promise<Map<number, FileReconciliation[]>> {
  const byBatch = new Map<number, FileReconciliation[]>();
  if (!batchIds.length) return byBatch;
  const rows = await db.selectFrom('load_files').selectAll().where('batch_id', 'in', batchIds).execute();
  for (const r of rows) {
    const list = byBatch.get(r.batch_id) ?? [];
    list.push({
      file: r.file,
      sha256: r.sha256,
      bytes: Number(r.bytes),
      rowsRead: r.rows_read,
      rowsLoaded: r.rows_loaded,
      rowsNew: r.rows_new,
      rowsQuarantined: r.rows_quarantined,
      rowsWithdrawn: r.rows_withdrawn,
      ignoredColumns: r.ignored_columns ? r.ignored_columns.split(',') : [],
    });
    byBatch.set(r.batch_id, list);
  }
  const order = (file: string) => CONTRACT_FILES.findIndex((f) => f.file === file);
  for (const list of byBatch.values()) list.sort((a, b) => order(a.file) - order(b.file));
  return byBatch;
}

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

/** Starts a load batch; returns its id. */
export async function startBatch(db: Kysely<Database>, batch: Insertable<LoadBatchesTable>): Promise<number> {
  const row = await db.insertInto('load_batches').values(batch).returning('batch_id').executeTakeFirstOrThrow();
  return Number(row.batch_id);
}

/** Records the end of a batch and the date of its extract. */
export async function finishBatch(db: Kysely<Database>, batchId: number, finishedAt: string, extractDate: string | null): Promise<void> {
  await db.updateTable('load_batches').set({ finished_at: finishedAt, extract_date: extractDate }).where('batch_id', '=', batchId).execute();
}

/** Records one file's reconciliation in its batch. */
export async function recordFile(db: Kysely<Database>, batchId: number, r: FileReconciliation): Promise<void> {
  const row: Insertable<LoadFilesTable> = {
    batch_id: batchId,
    file: r.file,
    sha256: r.sha256,
    bytes: r.bytes,
    rows_read: r.rowsRead,
    rows_loaded: r.rowsLoaded,
    rows_new: r.rowsNew,
    rows_quarantined: r.rowsQuarantined,
    rows_withdrawn: r.rowsWithdrawn,
    ignored_columns: r.ignoredColumns.length ? r.ignoredColumns.join(',') : null,
  };
  await db.insertInto('load_files').values(row).execute();
}

/** A contract file the snapshot did not include: every row of its table still in force is withdrawn, and recorded. */
export async function withdrawAbsentFile(db: Kysely<Database>, contract: ContractFile, batchId: number): Promise<void> {
  const rowsWithdrawn = await withdrawAbsentRows(db, contract.table as ContractTableName, batchId);
  if (rowsWithdrawn) {
    await recordFile(db, batchId, { file: contract.file, sha256: '', bytes: 0, rowsRead: 0, rowsLoaded: 0, rowsNew: 0, rowsQuarantined: 0, rowsWithdrawn, ignoredColumns: [] });
  }
}

/** Quarantined rows of this batch, by reason. */
export async function quarantinedByReason(db: Kysely<Database>, batchId: number): Promise<Map<string, number>> {
  const counts = await db.selectFrom('quarantine').select(['reason_code', (eb) => eb.fn.countAll<number>().as('n')]).where('batch_id', '=', batchId).groupBy('reason_code').execute();
  return new Map(counts.map((c) => [c.reason_code, Number(c.n)]));
}

const QUARANTINE_ROWS_PER_INSERT = 500;

/** The staging columns of a contract file: its columns as stored, its line, and the occurrence when its key has one. */
function stagingColumns(contract: ContractFile): StagingColumn[] {
  return [
    ...columnsOf(contract).map((c) => ({ name: c.name, type: c.storage })),
    { name: 'line', type: 'integer' as const },
    ...(contract.key.includes('occurrence') ? [{ name: 'occurrence', type: 'integer' as const }] : []),
  ];
}

/**
 * One file of a load, staged in a temporary table until it is upserted: its valid rows
 * written in chunks, refusals quarantined, the cross-file rules applied.
 */
export class StagedFile {
  /** Staged rows that a cross-file rule then refused. */
  crossRefused = 0;
  staged = 0;
  readonly refusals: RowRefusal[] = [];
  private write!: (rows: readonly (readonly unknown[])[]) => Promise<void>;

  private constructor(
    private readonly trx: LoadTransaction,
    readonly contract: ContractFile,
    /** The file's columns present in its header, in the staging order. */
    private readonly columns: readonly string[],
    private readonly batchId: number,
  ) {}

  get stage(): string {
    return stageTable(this.contract.table);
  }

  /** Creates the staging table; rows are then written in header-plan order, each followed by its line. */
  static async open(trx: LoadTransaction, contract: ContractFile, headerColumns: readonly string[], batchId: number): Promise<StagedFile> {
    const file = new StagedFile(trx, contract, headerColumns, batchId);
    const columns = stagingColumns(contract);
    await trx.createStagingTable(file.stage, columns, contract.key.filter((k) => k !== 'occurrence'));
    file.write = trx.stagingWriter(file.stage, columns.filter((c) => c.name !== 'occurrence').map((c) => c.name));
    return file;
  }

  /** Stages valid rows (values in staging order, the line last). */
  async stageRows(rows: readonly (readonly unknown[])[]): Promise<void> {
    if (!rows.length) return;
    await this.write(rows);
    this.staged += rows.length;
  }

  async quarantine(entries: readonly RowRefusal[]): Promise<void> {
    for (let i = 0; i < entries.length; i += QUARANTINE_ROWS_PER_INSERT) {
      await this.trx.db
        .insertInto('quarantine')
        .values(
          entries.slice(i, i + QUARANTINE_ROWS_PER_INSERT).map((r) => ({
            batch_id: this.batchId,
            file: r.file,
            line: r.line,
            column_name: r.column,
            reason_code: r.reasonCode,
            reason: r.reason,
            row_json: JSON.stringify(r.row),
          })),
        )
        .execute();
    }
    for (const entry of entries) this.refusals.push(entry);
  }

  /** Cross-file rules, in order: quarantine what each finds and take it out of the stage. */
  async applyRules(rules: readonly CrossFileRule[]): Promise<void> {
    const db = this.trx.db;
    for (const rule of rules) {
      const found = await rule.find(db as never, this.stage);
      for (let i = 0; i < found.length; i += QUARANTINE_ROWS_PER_INSERT) {
        const chunk = found.slice(i, i + QUARANTINE_ROWS_PER_INSERT);
        const lines = chunk.map((v) => v.line);
        const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(this.stage)} where line in (${sql.join(lines)})`.execute(db);
        const byLine = new Map(rows.map((r) => [Number(r.line), r]));
        await this.quarantine(
          chunk.map((v) => {
            const { line: _line, occurrence: _occurrence, ...row } = byLine.get(v.line) ?? {};
            return { file: this.contract.file, line: v.line, column: v.column, reasonCode: v.reasonCode, reason: v.reason, row };
          }),
        );
        await sql`delete from ${sql.table(this.stage)} where line in (${sql.join(lines)})`.execute(db);
        this.crossRefused += chunk.length;
      }
    }
  }

  /** Numbers rows that share every other key column 1, 2, … in file order. */
  async numberOccurrences(): Promise<void> {
    const key = this.contract.key.filter((k) => k !== 'occurrence');
    const same = sql.join(key.map((k) => sql`o.${sql.ref(k)} = ${sql.table(this.stage)}.${sql.ref(k)}`), sql` and `);
    await sql`update ${sql.table(this.stage)} set occurrence = (select count(*) from ${sql.table(this.stage)} o where ${same} and o.line <= ${sql.table(this.stage)}.line)`.execute(this.trx.db);
  }

  /** Upserts the staged rows by natural key and drops the stage; returns how many keys were new. */
  async upsert(): Promise<number> {
    const db = this.trx.db;
    const table = this.contract.table;
    const columns = [...this.columns, ...(this.contract.key.includes('occurrence') ? ['occurrence'] : [])];
    const key = this.contract.key;
    const sameKey = sql.join(key.map((k) => sql`t.${sql.ref(k)} = s.${sql.ref(k)}`), sql` and `);
    const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(this.stage)} s where not exists (select 1 from ${sql.table(table)} t where ${sameKey})`.execute(db);
    const updates = [...columns.filter((c) => !key.includes(c)), 'batch_id', 'source_line'];
    // A row back in a snapshot after being withdrawn is in force again.
    await sql`insert into ${sql.table(table)} (${sql.join([...columns, 'batch_id', 'source_line'].map((c) => sql.ref(c)))})
      select ${sql.join(columns.map((c) => sql.ref(c)))}, ${this.batchId}, line from ${sql.table(this.stage)} where true
      on conflict (${sql.join(key.map((k) => sql.ref(k)))}) do update set ${sql.join([...updates.map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`), sql`withdrawn_batch_id = null`])}`.execute(db);
    await sql`drop table ${sql.table(this.stage)}`.execute(db);
    return Number(rows[0]?.n ?? 0);
  }
}
