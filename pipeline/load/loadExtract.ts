/**
 * Loads one extract into the database, all or nothing.
 *
 * 1. The folder: required files present, no unknown CSV, each file fingerprinted.
 * 2. Every header: identifier columns, missing, unknown or repeated columns. Any problem so
 *    far refuses the whole extract before a row is read.
 * 3. In one transaction, file by file in load order: stream the rows, refuse single rows
 *    (identifier-shaped values, bad values, contradictions) to quarantine, stage the rest,
 *    run the cross-file rules, then upsert by natural key. Every write is the load store's
 *    (pipeline/db/loadStore.ts); this file only orchestrates. Bytes that are not UTF-8 or CSV
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
import { CONTRACT_FILES, CONTRACT_VERSION } from '../../schemas/contract/index.ts';
import type { ContractTableName, ProgevalDatabase } from '../db/open.ts';
import { CROSS_FILE_RULES, duplicateKeyRule } from '../db/crossFileRules.ts';
import {
  finishBatch,
  latestBatch,
  newestExtractDate,
  observedExtractDate,
  quarantinedByReason,
  recordFile,
  StagedFile,
  startBatch,
  withdrawAbsentFile,
  withdrawAbsentRows,
  type FileReconciliation,
} from '../db/loadStore.ts';
import { readCsvFile } from '../extract/csvRecords.ts';
import { readExtractFolder, type ExtractFile } from '../extract/extractFolder.ts';
import { declaredExtractDate } from '../extract/extractDate.ts';
import { extractLabel } from '../extract/extractLabel.ts';
import { checkHeader, type HeaderPlan } from '../validate/header.ts';
import { ExtractRefused, type FileRefusal, type RowRefusal, type RowRefusalReason } from '../validate/refusal.ts';
import { streamRefusal, validatedBatches, type FileRead, type ValidatedBatch } from '../validate/validatedBatches.ts';
import { SECOND_THREAD_FROM_BYTES, validateOnSecondThread } from '../validate/validateThread.ts';
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
  /**
   * Whether the files are read and validated on a second thread while this one writes:
   * `auto` (the default) from SECOND_THREAD_FROM_BYTES on. What is loaded is the same either way.
   */
  secondThread?: 'auto' | 'always' | 'never';
}

export type { FileReconciliation } from '../db/loadStore.ts';

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

/** Stages a file's batches (from this thread or the second); single-row refusals go to quarantine. */
async function stageFile(staged: StagedFile, file: ExtractFile, batches: AsyncGenerator<ValidatedBatch, FileRead>, onRows: (rows: number, bytes: number) => void): Promise<number> {
  let read: FileRead;
  try {
    for (;;) {
      const next = await batches.next();
      if (next.done) {
        read = next.value;
        break;
      }
      await staged.stageRows(next.value.rows);
      await staged.quarantine(next.value.refused);
      onRows(next.value.rowsRead, next.value.bytesRead);
    }
  } catch (e) {
    if (e instanceof ExtractRefused) throw e;
    throw new ExtractRefused([streamRefusal(file.contract.file, e)]);
  }
  if (read.sha256 !== file.sha256) {
    throw new Error(`${file.contract.file} changed while it was being loaded; nothing was loaded, load it again`);
  }
  return read.rowsRead;
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
    const batchId = await startBatch(trx.db, {
      extract_sha256: folder.sha256,
      source: extractLabel(dir),
      contract_version: CONTRACT_VERSION,
      progeval_version: PROGEVAL_VERSION,
      started_at: startedAt,
      finished_at: startedAt,
      extract_date: declared.date,
    });

    const files: FileReconciliation[] = [];
    const all: RowRefusal[] = [];
    let bytesBefore = 0;
    // A large extract is read and validated on a second thread while this one writes, the
    // files in the folder's order, which is the load order.
    const mode = options.secondThread ?? 'auto';
    const thread =
      mode === 'always' || (mode === 'auto' && folder.totalBytes >= SECOND_THREAD_FROM_BYTES)
        ? validateOnSecondThread(folder.files.map((f) => ({ path: f.path, file: f.contract.file, plan: plans.get(f)! })))
        : null;
    try {
      for (const contract of CONTRACT_FILES) {
        const file = folder.files.find((f) => f.contract === contract);
        if (!file) {
          // Absent from this snapshot: every row of it still in force is withdrawn.
          await withdrawAbsentFile(trx.db, contract, batchId);
          continue;
        }
        const plan = plans.get(file)!;
        const staged = await StagedFile.open(trx, contract, plan.columns, batchId);
        const batches = thread ? thread.batches(folder.files.indexOf(file)) : validatedBatches(file.path, contract, plan);
        const rowsRead = await stageFile(staged, file, batches, (rows, bytes) =>
          options.onProgress?.({ file: file.contract.file, rows, bytes: bytesBefore + bytes, totalBytes: folder.totalBytes }),
        );
        const hasOccurrence = contract.key.includes('occurrence');
        await staged.applyRules([...(hasOccurrence ? [] : [duplicateKeyRule(contract)]), ...CROSS_FILE_RULES.filter((r) => r.table === contract.table)]);
        if (hasOccurrence) await staged.numberOccurrences();
        const rowsNew = await staged.upsert();
        // Before the next file's rules run, so a refused or absent parent takes its dependants.
        const rowsWithdrawn = await withdrawAbsentRows(trx.db, contract.table as ContractTableName, batchId);
        const reconciliation: FileReconciliation = {
          file: contract.file,
          sha256: file.sha256,
          bytes: file.bytes,
          rowsRead,
          rowsLoaded: staged.staged - staged.crossRefused,
          rowsNew,
          rowsQuarantined: staged.refusals.length,
          rowsWithdrawn,
          ignoredColumns: plan.ignored,
        };
        if (reconciliation.rowsRead !== reconciliation.rowsLoaded + reconciliation.rowsQuarantined) {
          throw new Error(`internal error: ${contract.file} does not reconcile (${reconciliation.rowsRead} read, ${reconciliation.rowsLoaded} loaded, ${reconciliation.rowsQuarantined} quarantined)`);
        }
        await recordFile(trx.db, batchId, reconciliation);
        files.push(reconciliation);
        all.push(...[...staged.refusals].sort((a, b) => a.line - b.line).slice(0, QUARANTINE_SAMPLE));
        bytesBefore += file.bytes;
      }
    } finally {
      await thread?.stop();
    }

    const byReason = await quarantinedByReason(trx.db, batchId);
    const quarantineByReason = Object.fromEntries(byReason) as Partial<Record<RowRefusalReason, number>>;

    if (options.strict && byReason.size) {
      throw new ExtractRefused(
        all.slice(0, QUARANTINE_SAMPLE).map((r) => ({ file: r.file, line: r.line, ...(r.column ? { column: r.column } : {}), reasonCode: 'refused_rows' as const, reason: `${r.reason} [${r.reasonCode}]` })),
      );
    }
    // Without extract.json the snapshot is dated by the latest observation_end it holds.
    const extractDate = declared.date ?? (await observedExtractDate(trx.db, batchId));
    if (!declared.date && extractDate) refuseIfOlder(extractDate, newestDate, options.force);
    await finishBatch(trx.db, batchId, now().toISOString(), extractDate);

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
