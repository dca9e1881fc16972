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
  malformed_csv: 'CSV that cannot be parsed (for example an unclosed quote)',
  refused_rows: 'rows were refused, and --strict refuses the whole extract when any row is',
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
} as const;

export type FileRefusalReason = keyof typeof FILE_REFUSAL_REASONS;
export type RowRefusalReason = keyof typeof ROW_REFUSAL_REASONS;

export interface FileRefusal {
  file: string;
  /** 1-based line, when the problem has one. */
  line?: number;
  /** Column name, or for a byte problem the character position in the line. */
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
  /** The row as read, with identifier-shaped cells withheld. */
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
