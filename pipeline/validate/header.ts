/**
 * Checks a file's header row against its contract file. Problems here refuse the whole
 * file: a header row over the byte limit, a header cell shaped like an identifier value or
 * holding a control character, an identifier column, a required column missing, an unknown
 * column (unless the user allows extra columns), or a column named twice.
 *
 * A header row may be a data row by mistake, so a header cell's text is shown (in a message,
 * or stored) only when it is a column name of the contract; any other cell is described by
 * its position, `column N`. Two exceptions, both screened first: a direct-identifier column
 * named by a plain word (`home_postcode`) is named in its refusal, and an allowed extra
 * column with a plain name (`notes`) is listed by it among the columns not loaded.
 */
import type { ContractFile } from '../../schemas/contract/index.ts';
import { columnsOf, hasControlCharacter, identifierShape, isIdentifierColumn } from '../../schemas/contract/index.ts';
import { MAX_ROW_BYTES, type CsvRecord } from '../extract/csvRecords.ts';
import type { FileRefusal } from './refusal.ts';

/** A plain column name: letters, digits, `_` and spaces, at most 64 characters. */
const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_ ]{0,63}$/;
/** A plain identifier-column name, without spaces (`home_postcode`, not a sentence with `address` in it). */
const PLAIN_WORD = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** A name that reads like a position: it would be confused with one. */
const POSITION = /^column \d+$/i;

export interface HeaderPlan {
  /**
   * The header's columns as they may be shown and stored: a contract column by its name, an
   * allowed extra column by its plain name, or else by its position, `column N`.
   */
  header: string[];
  /** Contract column names, in contract order. */
  columns: string[];
  /** For each contract column, its index in a record, or -1 where the (optional) column is absent. */
  positions: number[];
  /** Extra columns that were allowed and are not loaded. */
  ignored: string[];
}

export function checkHeader(
  file: ContractFile,
  headerRow: CsvRecord,
  allowExtraColumns: boolean,
): { plan: HeaderPlan; refusals: [] } | { plan: null; refusals: FileRefusal[] } {
  const refusals: FileRefusal[] = [];
  const refuse = (column: string | undefined, reasonCode: FileRefusal['reasonCode'], reason: string) =>
    refusals.push({ file: file.file, line: headerRow.line, ...(column === undefined ? {} : { column }), reasonCode, reason });
  if (headerRow.oversizedBytes !== undefined) {
    refuse(undefined, 'oversized_header', `the header row is ${headerRow.oversizedBytes} bytes, more than the ${MAX_ROW_BYTES} a row may have; the file is refused unread`);
    return { plan: null, refusals };
  }
  const header = headerRow.cells.map((h) => h.trim());
  const contract = columnsOf(file);
  const known = new Set(contract.map((c) => c.name));
  const labels: string[] = [];

  const seen = new Set<string>();
  header.forEach((name, i) => {
    const position = `column ${i + 1}`;
    const label = known.has(name) ? name : PLAIN_NAME.test(name) && !POSITION.test(name) ? name : position;
    labels.push(label);
    if (known.has(name)) {
      if (seen.has(name)) refuse(name, 'duplicate_column', `${position} repeats a column name already in the header`);
    } else if (hasControlCharacter(headerRow.cells[i]!)) {
      refuse(position, 'bad_column_name', `${position}'s name holds a control character or a line break; the file is refused and the name is not shown`);
    } else if (identifierShape(name)) {
      refuse(position, 'identifier_in_header', `${position}'s name has the shape of an identifier; the file is refused and the name is not shown`);
    } else if (isIdentifierColumn(name)) {
      refuse(PLAIN_WORD.test(name) ? name : position, 'identifier_column', `${position} is named as a direct identifier; an extract must be anonymised, so the whole file is refused`);
    } else if (seen.has(name)) {
      refuse(position, 'duplicate_column', `${position} repeats a column name already in the header`);
    } else if (!allowExtraColumns) {
      refuse(position, 'unknown_column', `${position} is not in data contract v1 for ${file.file} (use --allow-extra-columns to load the file without it)`);
    }
    seen.add(name);
  });
  for (const c of contract) {
    if (c.required && !seen.has(c.name)) refuse(c.name, 'missing_column', `required column ${c.name} is missing from the header`);
  }
  if (refusals.length) return { plan: null, refusals };

  return {
    plan: {
      header: labels,
      columns: contract.map((c) => c.name),
      positions: contract.map((c) => header.indexOf(c.name)),
      ignored: labels.filter((h) => !known.has(h)),
    },
    refusals: [],
  };
}
