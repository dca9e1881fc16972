/**
 * Checks a file's header row against its contract file. Problems here refuse the whole
 * file: an identifier column, a required column missing, an unknown column (unless the user
 * allows extra columns), or a column named twice.
 */
import type { ContractFile } from '../../schemas/contract/index.ts';
import { columnsOf, isIdentifierColumn } from '../../schemas/contract/index.ts';
import type { FileRefusal } from './refusal.ts';

export interface HeaderPlan {
  /** The header as written in the file, trimmed. */
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
  rawHeader: string[],
  allowExtraColumns: boolean,
): { plan: HeaderPlan; refusals: [] } | { plan: null; refusals: FileRefusal[] } {
  const header = rawHeader.map((h) => h.trim());
  const contract = columnsOf(file);
  const known = new Set(contract.map((c) => c.name));
  const refusals: FileRefusal[] = [];
  const refuse = (column: string, reasonCode: FileRefusal['reasonCode'], reason: string) =>
    refusals.push({ file: file.file, line: 1, column, reasonCode, reason });

  const seen = new Set<string>();
  header.forEach((name, i) => {
    const column = name || `column ${i + 1}`;
    if (isIdentifierColumn(name)) {
      refuse(column, 'identifier_column', `column ${i + 1} is named as a direct identifier; an extract must be anonymised, so the whole file is refused`);
    } else if (seen.has(name)) {
      refuse(column, 'duplicate_column', `column ${i + 1} repeats a column name already in the header`);
    } else if (!known.has(name) && !allowExtraColumns) {
      refuse(column, 'unknown_column', `column ${i + 1} is not in data contract v1 for ${file.file} (use --allow-extra-columns to load the file without it)`);
    }
    seen.add(name);
  });
  for (const c of contract) {
    if (c.required && !seen.has(c.name)) refuse(c.name, 'missing_column', `required column ${c.name} is missing from the header`);
  }
  if (refusals.length) return { plan: null, refusals };

  return {
    plan: {
      header,
      columns: contract.map((c) => c.name),
      positions: contract.map((c) => header.indexOf(c.name)),
      ignored: header.filter((h) => !known.has(h)),
    },
    refusals: [],
  };
}
