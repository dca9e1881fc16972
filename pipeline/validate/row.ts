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

export function validateRow(file: ContractFile, plan: HeaderPlan, record: CsvRecord): RowResult {
  const { cells, line } = record;
  if (record.oversizedBytes !== undefined) {
    const bytes = record.oversizedBytes;
    const reason = `the row is ${bytes} bytes, more than the ${MAX_ROW_BYTES} a row may have; it was not read, and only its length is kept`;
    return { refusal: { file: file.file, line, column: null, reasonCode: 'oversized_row', reason, row: { bytes } } };
  }
  const refuse = (column: string | null, reasonCode: RowRefusalReason, reason: string): RowResult => ({
    refusal: { file: file.file, line, column, reasonCode, reason, row: keptRow(plan, cells) },
  });

  for (let i = 0; i < cells.length; i++) {
    const kind = identifierShape(cells[i]!);
    if (kind) {
      return refuse(
        plan.header[i] ?? `field ${i + 1}`,
        'identifier_value',
        `a value has the shape of ${IDENTIFIER_KIND_LABEL[kind]}; the row is refused and the value is not shown`,
      );
    }
  }
  for (let i = 0; i < cells.length; i++) {
    if (hasControlCharacter(cells[i]!)) {
      return refuse(plan.header[i] ?? `field ${i + 1}`, 'control_character', 'a value holds a control character or a line break; the row is refused and the value is not shown');
    }
  }
  if (cells.length !== plan.header.length) {
    return refuse(null, 'wrong_field_count', `the row has ${cells.length} fields but the header has ${plan.header.length}`);
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
    return refuse(String(first.path[0] ?? ''), reasonCode, reason);
  }
  const row = parsed.data as Record<string, unknown>;
  const values = new Array<unknown>(plan.columns.length);
  for (let c = 0; c < plan.columns.length; c++) {
    const v = row[plan.columns[c]!];
    values[c] = v === true ? 1 : v === false ? 0 : v;
  }
  return { values };
}
