/**
 * One extract file read and validated, in batches ready to stage: the valid rows as the
 * contract's columns (with the line each came from, last), the rows refused one by one, and
 * how far the reading got. The same generator serves a load on one thread and the second
 * thread of a large load (validateThread.ts), so the rows, refusals and errors are the same.
 */
import type { ContractFile } from '../../schemas/contract/index.ts';
import { MalformedCsv, readCsvFile } from '../extract/csvRecords.ts';
import { NotUtf8 } from '../extract/strictUtf8.ts';
import type { HeaderPlan } from './header.ts';
import type { FileRefusal, RowRefusal } from './refusal.ts';
import { rowValidator } from './row.ts';

/** Rows per batch: one staging write. */
export const ROWS_PER_BATCH = 2048;

export interface ValidatedBatch {
  /** Valid rows, each its contract columns' values then its line. */
  rows: unknown[][];
  refused: RowRefusal[];
  /** Rows read so far in the file, and its bytes read so far. */
  rowsRead: number;
  bytesRead: number;
}

export interface FileRead {
  rowsRead: number;
  /** SHA-256 of the bytes read, to compare with the fingerprint taken before the load. */
  sha256: string;
}

/**
 * Bytes that are not UTF-8, or CSV that cannot be parsed, as the refusal of the whole file
 * (never the text); any other error is not a refusal and is thrown again.
 */
export function streamRefusal(file: string, e: unknown): FileRefusal {
  if (e instanceof NotUtf8) return { file, line: e.line, column: `character ${e.character}`, reasonCode: 'not_utf8', reason: `${e.message}; save the file as UTF-8` };
  if (e instanceof MalformedCsv) return { file, ...(e.line ? { line: e.line } : {}), reasonCode: 'malformed_csv', reason: e.message };
  throw e;
}

/** The file's batches, in file order, then what was read; throws what reading throws (see streamRefusal). */
export async function* validatedBatches(path: string, contract: ContractFile, plan: HeaderPlan): AsyncGenerator<ValidatedBatch, FileRead> {
  const reader = readCsvFile(path);
  let rowsRead = 0;
  let rows: unknown[][] = [];
  let refused: RowRefusal[] = [];
  let header = true;
  const validateRow = rowValidator(contract, plan);
  try {
    for await (const record of reader.records) {
      if (header) {
        header = false;
        continue;
      }
      rowsRead++;
      const result = validateRow(record);
      if (result.refusal) refused.push(result.refusal);
      else {
        result.values.push(record.line);
        rows.push(result.values);
      }
      if (rows.length >= ROWS_PER_BATCH) {
        yield { rows, refused, rowsRead, bytesRead: reader.bytesRead() };
        rows = [];
        refused = [];
      }
    }
  } finally {
    reader.close();
  }
  yield { rows, refused, rowsRead, bytesRead: reader.bytesRead() };
  return { rowsRead, sha256: reader.sha256() };
}
