/**
 * Refusals: what the loader says when input breaks the contract. A refusal names the file,
 * the line and the column, and gives a reason in words and as a stable code. It never
 * carries the offending value.
 */

/** Why a whole file (and so the whole extract) is refused. */
export const FILE_REFUSAL_REASONS = {
  missing_file: 'a file the contract requires is not in the extract',
  unknown_file: 'a CSV file the contract does not define',
  empty_file: 'the file has no header row',
  identifier_column: 'a column name that carries a direct identifier',
  missing_column: 'a required column is absent from the header',
  unknown_column: 'a column the contract does not define (allow with --allow-extra-columns)',
  duplicate_column: 'the same column appears twice in the header',
  not_utf8: 'bytes that are not valid UTF-8',
  malformed_csv: 'CSV that cannot be parsed (for example an unclosed quote, reported at the line where it opened)',
  not_a_file: 'an extract file that is a folder, a pipe, a device, or a link to nothing or to outside the extract folder',
  identifier_in_header: 'a header cell shaped like a PNC number, National Insurance number, CRN, email address or UK telephone number (the cell is not shown)',
  bad_column_name: 'a column name holding a control character or a line break (the name is not shown)',
  oversized_header: 'the header row is longer than the 64 KiB a row may have',
  refused_rows: 'rows were refused, and --strict refuses the whole extract when any row is',
  bad_extract_date: 'extract.json is not {"extract_date": "YYYY-MM-DD"}',
  older_extract: 'the extract is dated before one already loaded (load it with --force to go back)',
} as const;

/** Why a single row is refused and goes to quarantine. */
export const ROW_REFUSAL_REASONS = {
  identifier_value: 'a value shaped like a PNC number, National Insurance number, CRN, email address or UK telephone number',
  wrong_field_count: 'the row has more or fewer fields than the header',
  invalid_value: 'a value of the wrong type or outside its allowed values',
  inconsistent_row: 'values in the row contradict each other',
  date_order: 'dates in the wrong order',
  duplicate_key: 'a second row with the same key in one file',
  orphan_reference: 'a reference to a row that does not exist',
  out_of_range: "a score or item response outside the measure's range",
  oversized_row: 'the row is longer than the 64 KiB a row may have; it is not read, only its length is kept',
  control_character: 'a value holding a control character or a line break (also inside quoted text)',
} as const;

export type FileRefusalReason = keyof typeof FILE_REFUSAL_REASONS;
export type RowRefusalReason = keyof typeof ROW_REFUSAL_REASONS;

export interface FileRefusal {
  file: string;
  /** 1-based line, when the problem has one. */
  line?: number;
  /**
   * A contract column's name, else `column N` (a header cell's text is never echoed unless it
   * is a contract or plain identifier-column name), or for a byte problem the character position.
   */
  column?: string;
  reasonCode: FileRefusalReason;
  reason: string;
}

export interface RowRefusal {
  file: string;
  line: number;
  column: string | null;
  reasonCode: RowRefusalReason;
  reason: string;
  /**
   * The row as read, with identifier-shaped cells and cells holding control characters
   * withheld; for a row over the byte limit only its length, `{ bytes }`.
   */
  row: Record<string, unknown> | unknown[];
}

/** The whole extract is refused; nothing of it was loaded. */
export class ExtractRefused extends Error {
  constructor(readonly refusals: FileRefusal[]) {
    super(`the extract is refused; nothing was loaded:\n${refusals.map(formatFileRefusal).join('\n')}`);
    this.name = 'ExtractRefused';
  }
}

export function location(file: string, line?: number, column?: string | null): string {
  return [file, line, column].filter((p) => p !== undefined && p !== null).join(':');
}

export function formatFileRefusal(r: FileRefusal): string {
  return `${location(r.file, r.line, r.column)}: ${r.reason} [${r.reasonCode}]`;
}

export function formatRowRefusal(r: Pick<RowRefusal, 'file' | 'line' | 'column' | 'reason' | 'reasonCode'>): string {
  return `${location(r.file, r.line, r.column)}: ${r.reason} [${r.reasonCode}]`;
}

/** Stands in for a withheld identifier-shaped value wherever a row is kept. */
export const WITHHELD = '[withheld]';
