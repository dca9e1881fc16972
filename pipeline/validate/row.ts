/**
 * Validates one CSV record against its contract file: a row over the byte limit (refused by
 * its length alone), identifier-shaped values and control characters (checked first, in
 * every cell, so such a value never reaches a message, a log or the database), the field
 * count, then the zod schema with its within-row rules.
 */
import type { z } from 'zod';
import type { ContractFile } from '../../schemas/contract/index.ts';
import { IDENTIFIER_KIND_LABEL, hasControlCharacter, identifierShape } from '../../schemas/contract/index.ts';
import { MAX_ROW_BYTES, type CsvRecord } from '../extract/csvRecords.ts';
import type { HeaderPlan } from './header.ts';
import { WITHHELD, type RowRefusal, type RowRefusalReason } from './refusal.ts';

export type RowResult = { values: unknown[]; refusal?: undefined } | { values?: undefined; refusal: RowRefusal };

/** The record as an object for quarantine, identifier-shaped cells and cells with control characters withheld. */
function keptRow(plan: HeaderPlan, cells: string[]): Record<string, unknown> | unknown[] {
  const safe = cells.map((c) => (identifierShape(c) || hasControlCharacter(c) ? WITHHELD : c));
  if (cells.length !== plan.header.length) return safe;
  return Object.fromEntries(plan.header.map((h, i) => [h, safe[i]]));
}

/** One record checked on its own (tests); a file's rows go through one {@link rowValidator}, which remembers what its neighbours settled. */
export function validateRow(file: ContractFile, plan: HeaderPlan, record: CsvRecord): RowResult {
  return rowValidator(file, plan)(record);
}

/** A parsed value as the database stores it: booleans as 1 and 0. */
const stored = (v: unknown) => (v === true ? 1 : v === false ? 0 : v);

/** Marks a column whose last value has not been parsed on its own yet. */
const NOT_YET = Symbol('not parsed yet');

/**
 * How many distinct values of a column the validator remembers, beyond the last: enough for a
 * column of codes, numbers or dates that repeat (an item number, a response, a measure), and
 * few enough that a column of pseudonyms, each seen once, costs a bounded set. The first
 * values seen are kept; the set does not turn over.
 */
export const REMEMBERED = 256;

/**
 * The validation of one file's records, in order. Rows repeat each other (an assessment's
 * items share its enrolment, measure, timepoint and date; an item number and a response take
 * a handful of values over a million rows), and every check but the within-row rules depends
 * on a cell's value alone, so the validator remembers, for each column, the last value found
 * clean (no identifier shape, no control character) and up to {@link REMEMBERED} more; and,
 * for a file without within-row rules, the last value parsed and up to as many more, with what
 * each parsed to: a value it remembers is not checked or parsed again. The rows it accepts and
 * the refusals it gives, with their reasons, are those of checking every cell afresh: a row
 * any of whose fields fails is parsed whole by the file's schema, which words the refusal.
 */
export function rowValidator(file: ContractFile, plan: HeaderPlan): (record: CsvRecord) => RowResult {
  const width = plan.header.length;
  const clean: (string | undefined)[] = new Array(width).fill(undefined);
  // Field by field only where the row has no rule across its fields (zod keeps those as the object's checks).
  const fieldwise = !(file.row._zod.def.checks?.length);
  const fields = plan.columns.map((c) => file.row.shape[c] as z.ZodType);
  const lastCell: (string | undefined | typeof NOT_YET)[] = plan.columns.map(() => NOT_YET);
  const lastValue: unknown[] = plan.columns.map(() => undefined);
  // Beyond the last: the values found clean, and (field by field) the values parsed and what each parsed to.
  const cleanSeen = plan.header.map(() => new Set<string>());
  const parsedSeen = plan.columns.map(() => new Map<string | undefined, unknown>());
  /** The positions of a record's cells not remembered clean (checked afresh), reused. */
  const unchecked: number[] = [];

  // Made once, not per row: a closure per row costs more than the checks a repeated value skips.
  const refusal = ({ cells, line }: CsvRecord, column: string | null, reasonCode: RowRefusalReason, reason: string): RowResult => ({
    refusal: { file: file.file, line, column, reasonCode, reason, row: keptRow(plan, cells) },
  });

  return (record) => {
    const { cells } = record;
    if (record.oversizedBytes !== undefined) {
      const bytes = record.oversizedBytes;
      const reason = `the row is ${bytes} bytes, more than the ${MAX_ROW_BYTES} a row may have; it was not read, and only its length is kept`;
      return { refusal: { file: file.file, line: record.line, column: null, reasonCode: 'oversized_row', reason, row: { bytes } } };
    }

    let fresh = 0;
    for (let i = 0; i < cells.length; i++) {
      if (i < width && (cells[i] === clean[i] || cleanSeen[i]!.has(cells[i]!))) continue;
      unchecked[fresh++] = i;
      const kind = identifierShape(cells[i]!);
      if (kind) {
        return refusal(
          record,
          plan.header[i] ?? `field ${i + 1}`,
          'identifier_value',
          `a value has the shape of ${IDENTIFIER_KIND_LABEL[kind]}; the row is refused and the value is not shown`,
        );
      }
    }
    for (let f = 0; f < fresh; f++) {
      const i = unchecked[f]!;
      if (hasControlCharacter(cells[i]!)) {
        return refusal(record, plan.header[i] ?? `field ${i + 1}`, 'control_character', 'a value holds a control character or a line break; the row is refused and the value is not shown');
      }
    }
    for (let f = 0; f < fresh; f++) {
      const i = unchecked[f]!;
      if (i >= width) break;
      clean[i] = cells[i];
      if (cleanSeen[i]!.size < REMEMBERED) cleanSeen[i]!.add(cells[i]!);
    }
    if (cells.length !== plan.header.length) {
      return refusal(record, null, 'wrong_field_count', `the row has ${cells.length} fields but the header has ${plan.header.length}`);
    }

    const values = new Array<unknown>(plan.columns.length);
    if (fieldwise) {
      let c = 0;
      for (; c < plan.columns.length; c++) {
        const at = plan.positions[c]!;
        const cell = at === -1 ? undefined : cells[at];
        if (cell !== lastCell[c]) {
          const seen = parsedSeen[c]!;
          if (seen.has(cell)) lastValue[c] = seen.get(cell);
          else {
            const parsed = fields[c]!.safeParse(cell);
            if (!parsed.success) break;
            lastValue[c] = parsed.data;
            if (seen.size < REMEMBERED && (parsed.data === null || typeof parsed.data !== 'object')) seen.set(cell, parsed.data);
          }
          lastCell[c] = cell;
        }
        values[c] = stored(lastValue[c]);
      }
      if (c === plan.columns.length) return { values };
    }

    const input: Record<string, string | undefined> = {};
    for (let c = 0; c < plan.columns.length; c++) {
      const at = plan.positions[c]!;
      input[plan.columns[c]!] = at === -1 ? undefined : cells[at];
    }
    const parsed = file.row.safeParse(input);
    if (!parsed.success) {
      const fieldIssues = parsed.error.issues.filter((i) => i.code !== 'custom');
      // A within-row rule compares parsed values, so it only speaks when every field parsed.
      const issues = fieldIssues.length ? fieldIssues : parsed.error.issues;
      const first = issues[0]!;
      const reasonCode: RowRefusalReason =
        first.code === 'custom' ? (((first as z.core.$ZodIssueCustom).params?.reason as RowRefusalReason) ?? 'inconsistent_row') : 'invalid_value';
      const reason = issues.map((i) => (i.code === 'custom' ? i.message : `${String(i.path[0])}: ${i.message}`)).join('; ');
      return refusal(record, String(first.path[0] ?? ''), reasonCode, reason);
    }
    const row = parsed.data as Record<string, unknown>;
    for (let c = 0; c < plan.columns.length; c++) values[c] = stored(row[plan.columns[c]!]);
    return { values };
  };
}
