/**
 * Loads one extract into the database, all or nothing.
 *
 * 1. The folder: required files present, no unknown CSV, each file fingerprinted.
 * 2. Every header: identifier columns, missing, unknown or repeated columns. Any problem so
 *    far refuses the whole extract before a row is read.
 * 3. In one transaction, file by file in load order: stream the rows, refuse single rows
 *    (identifier-shaped values, bad values, contradictions) to quarantine, stage the rest,
 *    run the cross-file rules, then upsert by natural key. Bytes that are not UTF-8 or CSV
 *    that cannot be parsed refuse the whole extract and roll everything back.
 * 4. Reconcile: for every file, rows read = rows loaded + rows quarantined, recorded with
 *    the file's SHA-256 in the load batch.
 *
 * An extract is a dated snapshot (data contract v1.1): after each file is upserted, the rows
 * of its table that this snapshot does not hold (absent, or refused here) are withdrawn: kept,
 * marked with this batch, left out of analysis. Parents load first, so a refused parent takes
 * its dependants. A snapshot older than the newest loaded is refused unless forced.
 *
 * The transaction takes the write lock up front; loading the extract that is already the
 * latest batch (same fingerprint) changes nothing, even when two loads of it race.
 */
import { sql } from 'kysely';
import { CONTRACT_FILES, CONTRACT_VERSION, columnsOf, type ContractFile } from '../../schemas/contract/index.ts';
import type { ContractTableName, LoadTransaction, ProgevalDatabase } from '../db/open.ts';
import { absentFileRecord, latestBatch, newestExtractDate, observedExtractDate, withdrawAbsentRows } from '../db/snapshots.ts';
import { readCsvFile, MalformedCsv } from '../extract/csvRecords.ts';
import { readExtractFolder, type ExtractFile } from '../extract/extractFolder.ts';
import { NotUtf8 } from '../extract/strictUtf8.ts';
import { declaredExtractDate } from '../extract/extractDate.ts';
import { extractLabel } from '../extract/extractLabel.ts';
import { CROSS_FILE_RULES, duplicateKeyRule, stageTable, type CrossFileRule } from '../validate/crossFileRules.ts';
import { checkHeader, type HeaderPlan } from '../validate/header.ts';
import { ExtractRefused, type FileRefusal, type RowRefusal, type RowRefusalReason } from '../validate/refusal.ts';
import { validateRow } from '../validate/row.ts';
import { PROGEVAL_VERSION } from '../version.ts';

export interface LoadProgress {
  file: string;
  rows: number;
  bytes: number;
  totalBytes: number;
}

export interface LoadOptions {
  allowExtraColumns?: boolean;
  /** Refuse the whole extract if any row would be quarantined. */
  strict?: boolean;
  /** Load even when an identical extract was loaded before. */
  force?: boolean;
  onProgress?: (progress: LoadProgress) => void;
  now?: () => Date;
}

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

export interface QuarantineEntry {
  file: string;
  line: number;
  column: string | null;
  reasonCode: RowRefusalReason;
  reason: string;
}

export interface LoadResult {
  status: 'loaded' | 'unchanged';
  batchId: number;
  extractSha256: string;
  files: FileReconciliation[];
  /** Quarantined rows in this load, in file and line order (capped at `QUARANTINE_SAMPLE`). */
  quarantineSample: QuarantineEntry[];
  quarantineByReason: Partial<Record<RowRefusalReason, number>>;
}

export const QUARANTINE_SAMPLE = 50;
const ROWS_PER_WRITE = 2048;

/** An older snapshot after a newer one would turn the clock back: refused unless forced. */
function refuseIfOlder(date: string, newest: string | null, force: boolean | undefined): void {
  if (force || !newest || date >= newest) return;
  throw new ExtractRefused([
    {
      file: 'extract',
      reasonCode: 'older_extract',
      reason: `this extract is dated ${date}, before the newest one already loaded (${newest}); loading it would replace newer data with older. Use --force if you mean to go back`,
    },
  ]);
}

async function readHeader(file: ExtractFile, allowExtraColumns: boolean): Promise<{ plan: HeaderPlan | null; refusals: FileRefusal[] }> {
  const reader = readCsvFile(file.path);
  try {
    const first = await reader.records[Symbol.asyncIterator]().next();
    if (first.done) return { plan: null, refusals: [{ file: file.contract.file, reasonCode: 'empty_file', reason: 'the file is empty: it has no header row' }] };
    return checkHeader(file.contract, first.value, allowExtraColumns);
  } catch (e) {
    return { plan: null, refusals: [streamRefusal(file.contract.file, e)] };
  } finally {
    reader.close();
  }
}

function streamRefusal(file: string, e: unknown): FileRefusal {
  if (e instanceof NotUtf8) return { file, line: e.line, column: `character ${e.character}`, reasonCode: 'not_utf8', reason: `${e.message}; save the file as UTF-8` };
  if (e instanceof MalformedCsv) return { file, ...(e.line ? { line: e.line } : {}), reasonCode: 'malformed_csv', reason: e.message };
  throw e;
}

function stagingColumns(contract: ContractFile) {
  const columns = columnsOf(contract).map((c) => ({ name: c.name, type: c.storage }));
  return [
    ...columns,
    { name: 'line', type: 'integer' as const },
    ...(contract.key.includes('occurrence') ? [{ name: 'occurrence', type: 'integer' as const }] : []),
  ];
}

class FileLoad {
  readonly refusals: RowRefusal[] = [];
  rowsRead = 0;
  staged = 0;
  /** Staged rows that a cross-file rule then refused. */
  crossRefused = 0;

  constructor(
    readonly file: ExtractFile,
    readonly plan: HeaderPlan,
    readonly trx: LoadTransaction,
    readonly batchId: number,
  ) {}

  get stage(): string {
    return stageTable(this.file.contract.table);
  }

  async quarantine(entries: RowRefusal[]): Promise<void> {
    if (!entries.length) return;
    for (let i = 0; i < entries.length; i += 500) {
      await this.trx.db
        .insertInto('quarantine')
        .values(
          entries.slice(i, i + 500).map((r) => ({
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
    this.refusals.push(...entries);
  }

  /** Streams the file into its staging table; single-row refusals go to quarantine. */
  async stageRows(onRows: (rows: number, bytes: number) => void, expectedSha256: string): Promise<void> {
    const { contract } = this.file;
    const columns = stagingColumns(contract);
    await this.trx.createStagingTable(this.stage, columns, contract.key.filter((k) => k !== 'occurrence'));
    const write = this.trx.stagingWriter(this.stage, columns.filter((c) => c.name !== 'occurrence').map((c) => c.name));
    const reader = readCsvFile(this.file.path);
    let pending: unknown[][] = [];
    let refused: RowRefusal[] = [];
    const flush = async () => {
      write(pending);
      this.staged += pending.length;
      pending = [];
      await this.quarantine(refused);
      refused = [];
      onRows(this.rowsRead, reader.bytesRead());
    };
    try {
      let header = true;
      for await (const record of reader.records) {
        if (header) {
          header = false;
          continue;
        }
        this.rowsRead++;
        const result = validateRow(contract, this.plan, record);
        if (result.refusal) refused.push(result.refusal);
        else {
          result.values.push(record.line);
          pending.push(result.values);
        }
        if (pending.length >= ROWS_PER_WRITE) await flush();
      }
    } catch (e) {
      throw new ExtractRefused([streamRefusal(contract.file, e)]);
    }
    await flush();
    if (reader.sha256() !== expectedSha256) {
      throw new Error(`${contract.file} changed while it was being loaded; nothing was loaded, load it again`);
    }
  }

  /** Cross-file rules: quarantine what they find and take it out of the stage. */
  async applyRules(rules: readonly CrossFileRule[]): Promise<void> {
    const db = this.trx.db as never;
    for (const rule of rules) {
      const found = await rule.find(db, this.stage);
      for (let i = 0; i < found.length; i += 500) {
        const chunk = found.slice(i, i + 500);
        const lines = chunk.map((v) => v.line);
        const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(this.stage)} where line in (${sql.join(lines)})`.execute(this.trx.db);
        const byLine = new Map(rows.map((r) => [Number(r.line), r]));
        await this.quarantine(
          chunk.map((v) => {
            const { line: _line, occurrence: _occurrence, ...row } = byLine.get(v.line) ?? {};
            return { file: this.file.contract.file, line: v.line, column: v.column, reasonCode: v.reasonCode, reason: v.reason, row };
          }),
        );
        await sql`delete from ${sql.table(this.stage)} where line in (${sql.join(lines)})`.execute(this.trx.db);
        this.crossRefused += chunk.length;
      }
    }
  }

  /** Numbers rows that share every other key column 1, 2, … in file order. */
  async numberOccurrences(): Promise<void> {
    const key = this.file.contract.key.filter((k) => k !== 'occurrence');
    const same = sql.join(key.map((k) => sql`o.${sql.ref(k)} = ${sql.table(this.stage)}.${sql.ref(k)}`), sql` and `);
    await sql`update ${sql.table(this.stage)} set occurrence = (select count(*) from ${sql.table(this.stage)} o where ${same} and o.line <= ${sql.table(this.stage)}.line)`.execute(this.trx.db);
  }

  /** Upserts the staged rows by natural key; returns how many keys were new. */
  async upsert(): Promise<number> {
    const { contract } = this.file;
    const table = contract.table;
    const columns = [...this.plan.columns, ...(contract.key.includes('occurrence') ? ['occurrence'] : [])];
    const key = contract.key;
    const sameKey = sql.join(key.map((k) => sql`t.${sql.ref(k)} = s.${sql.ref(k)}`), sql` and `);
    const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(this.stage)} s where not exists (select 1 from ${sql.table(table)} t where ${sameKey})`.execute(this.trx.db);
    const updates = [...columns.filter((c) => !key.includes(c)), 'batch_id', 'source_line'];
    // A row back in a snapshot after being withdrawn is in force again.
    await sql`insert into ${sql.table(table)} (${sql.join([...columns, 'batch_id', 'source_line'].map((c) => sql.ref(c)))})
      select ${sql.join(columns.map((c) => sql.ref(c)))}, ${this.batchId}, line from ${sql.table(this.stage)} where true
      on conflict (${sql.join(key.map((k) => sql.ref(k)))}) do update set ${sql.join([...updates.map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`), sql`withdrawn_batch_id = null`])}`.execute(this.trx.db);
    await sql`drop table ${sql.table(this.stage)}`.execute(this.trx.db);
    return Number(rows[0]?.n ?? 0);
  }
}

export async function loadExtract(database: ProgevalDatabase, dir: string, options: LoadOptions = {}): Promise<LoadResult> {
  const now = options.now ?? (() => new Date());
  const { folder, refusals } = await readExtractFolder(dir);
  if (!folder) throw new ExtractRefused(refusals);
  const declared = declaredExtractDate(dir);
  if (declared.refusal) throw new ExtractRefused([declared.refusal]);

  const plans = new Map<ExtractFile, HeaderPlan>();
  const headerRefusals: FileRefusal[] = [];
  for (const file of folder.files) {
    const { plan, refusals: r } = await readHeader(file, options.allowExtraColumns ?? false);
    if (plan) plans.set(file, plan);
    headerRefusals.push(...r);
  }
  if (headerRefusals.length) throw new ExtractRefused(headerRefusals);

  // Everything from here holds the write lock: a second load of the same extract waits, then
  // finds this one's batch and changes nothing.
  return database.loadTransaction(async (trx) => {
    const latest = await latestBatch(trx.db);
    if (!options.force && latest?.extract_sha256 === folder.sha256) {
      return { status: 'unchanged' as const, batchId: latest.batch_id, extractSha256: folder.sha256, files: latest.files, quarantineSample: [], quarantineByReason: {} };
    }
    const newestDate = await newestExtractDate(trx.db);
    if (declared.date) refuseIfOlder(declared.date, newestDate, options.force);

    const startedAt = now().toISOString();
    const batch = await trx.db
      .insertInto('load_batches')
      .values({
        extract_sha256: folder.sha256,
        source: extractLabel(dir),
        contract_version: CONTRACT_VERSION,
        progeval_version: PROGEVAL_VERSION,
        started_at: startedAt,
        finished_at: startedAt,
        extract_date: declared.date,
      })
      .returning('batch_id')
      .executeTakeFirstOrThrow();
    const batchId = batch.batch_id;

    const files: FileReconciliation[] = [];
    const all: RowRefusal[] = [];
    let bytesBefore = 0;
    for (const contract of CONTRACT_FILES) {
      const file = folder.files.find((f) => f.contract === contract);
      if (!file) {
        // Absent from this snapshot: every row of it still in force is withdrawn.
        const rowsWithdrawn = await withdrawAbsentRows(trx.db, contract.table as ContractTableName, batchId);
        if (rowsWithdrawn) await trx.db.insertInto('load_files').values(absentFileRecord(batchId, contract.file, rowsWithdrawn)).execute();
        continue;
      }
      const plan = plans.get(file)!;
      const load = new FileLoad(file, plan, trx, batchId);
      await load.stageRows(
        (rows, bytes) => options.onProgress?.({ file: file.contract.file, rows, bytes: bytesBefore + bytes, totalBytes: folder.totalBytes }),
        file.sha256,
      );
      const hasOccurrence = file.contract.key.includes('occurrence');
      await load.applyRules([
        ...(hasOccurrence ? [] : [duplicateKeyRule(file.contract)]),
        ...CROSS_FILE_RULES.filter((r) => r.table === file.contract.table),
      ]);
      if (hasOccurrence) await load.numberOccurrences();
      const rowsNew = await load.upsert();
      // Before the next file's rules run, so a refused or absent parent takes its dependants.
      const rowsWithdrawn = await withdrawAbsentRows(trx.db, contract.table as ContractTableName, batchId);
      const reconciliation: FileReconciliation = {
        file: file.contract.file,
        sha256: file.sha256,
        bytes: file.bytes,
        rowsRead: load.rowsRead,
        rowsLoaded: load.staged - load.crossRefused,
        rowsNew,
        rowsQuarantined: load.refusals.length,
        rowsWithdrawn,
        ignoredColumns: plan.ignored,
      };
      if (reconciliation.rowsRead !== reconciliation.rowsLoaded + reconciliation.rowsQuarantined) {
        throw new Error(`internal error: ${file.contract.file} does not reconcile (${reconciliation.rowsRead} read, ${reconciliation.rowsLoaded} loaded, ${reconciliation.rowsQuarantined} quarantined)`);
      }
      await trx.db
        .insertInto('load_files')
        .values({
          batch_id: batchId,
          file: reconciliation.file,
          sha256: reconciliation.sha256,
          bytes: reconciliation.bytes,
          rows_read: reconciliation.rowsRead,
          rows_loaded: reconciliation.rowsLoaded,
          rows_new: reconciliation.rowsNew,
          rows_quarantined: reconciliation.rowsQuarantined,
          rows_withdrawn: reconciliation.rowsWithdrawn,
          ignored_columns: plan.ignored.length ? plan.ignored.join(',') : null,
        })
        .execute();
      files.push(reconciliation);
      all.push(...[...load.refusals].sort((a, b) => a.line - b.line).slice(0, QUARANTINE_SAMPLE));
      bytesBefore += file.bytes;
    }

    const quarantineByReason: Partial<Record<RowRefusalReason, number>> = {};
    const counts = await trx.db
      .selectFrom('quarantine')
      .select(['reason_code', (eb) => eb.fn.countAll<number>().as('n')])
      .where('batch_id', '=', batchId)
      .groupBy('reason_code')
      .execute();
    for (const c of counts) quarantineByReason[c.reason_code as RowRefusalReason] = Number(c.n);

    if (options.strict && counts.length) {
      throw new ExtractRefused(
        all.slice(0, QUARANTINE_SAMPLE).map((r) => ({ file: r.file, line: r.line, ...(r.column ? { column: r.column } : {}), reasonCode: 'refused_rows' as const, reason: `${r.reason} [${r.reasonCode}]` })),
      );
    }
    // Without extract.json the snapshot is dated by the latest observation_end it holds.
    const extractDate = declared.date ?? (await observedExtractDate(trx.db, batchId));
    if (!declared.date && extractDate) refuseIfOlder(extractDate, newestDate, options.force);
    await trx.db.updateTable('load_batches').set({ finished_at: now().toISOString(), extract_date: extractDate }).where('batch_id', '=', batchId).execute();

    return {
      status: 'loaded' as const,
      batchId,
      extractSha256: folder.sha256,
      files,
      quarantineSample: all
        .slice(0, QUARANTINE_SAMPLE)
        .map(({ file, line, column, reasonCode, reason }) => ({ file, line, column, reasonCode, reason })),
      quarantineByReason,
    };
  });
}
