/**
 * The threshold rule for counts of rows of the extract (rows refused at load, by reason; rows
 * withdrawn by a later snapshot): each field whose schema role is `rows` (schemas/results.ts)
 * is withheld, `[low]`, when it counts fewer than `min_cell` rows. They count rows, not
 * people, and touch no count of people, so they are not cells of the linked table; they are
 * published without totals, and each batch's counts are fixed once it is loaded, so neither a
 * subtraction within a report nor one between runs finds a withheld count.
 *
 * @example
 * discloseExtractRows({ refused: [{ batch_id: 1, file: 'people.csv', reason_code: 'invalid_value', rows: 3 }] }, 10).refused;
 * // [{ batch_id: 1, file: 'people.csv', reason_code: 'invalid_value', rows: null, suppressed: ['rows'], suppressed_reason: { rows: 'low' } }]
 */
import type { AnalysisResults } from '../../schemas/results.ts';
import { fieldsWithRole } from './disclosureRoles.ts';
import { withSuppressedFields } from './fieldPaths.ts';

type Data = Pick<AnalysisResults['data'], 'refused' | 'withdrawn'>;
type RowsRecord = { suppressed?: string[]; suppressed_reason?: Record<string, 'low' | 'c'> } & Record<string, unknown>;

function withheldBelow<T extends RowsRecord>(records: readonly T[] | undefined, fields: readonly string[], minCell: number): T[] | undefined {
  return records?.map((record) => withSuppressedFields(record, fields.filter((f) => typeof record[f] === 'number' && (record[f] as number) < minCell)));
}

export function discloseExtractRows<D extends Data>(data: D, minCell: number): D {
  const refused = withheldBelow(data.refused, fieldsWithRole('data.refused', 'rows'), minCell);
  const withdrawn = withheldBelow(data.withdrawn, fieldsWithRole('data.withdrawn', 'rows'), minCell);
  return { ...data, ...(refused ? { refused } : {}), ...(withdrawn ? { withdrawn } : {}) };
}
