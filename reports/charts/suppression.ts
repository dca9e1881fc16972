/**
 * Saying in a chart what it leaves out. A null in the results is either suppressed by
 * disclosure control (the field is named in the record's `suppressed` list: it would reveal
 * fewer than `min_cell` people) or could not be computed (the record's `note` says why).
 * Charts drop both and never draw them as zero; these helpers word the subtitle line.
 */
import type { Results } from '../../schemas/results.ts';

/** A record as disclosure control leaves it: the fields it suppressed, if any. */
export interface MaybeSuppressed {
  suppressed?: string[] | undefined;
}

/** True when disclosure control suppressed `field` of this record. */
export function isSuppressed(record: MaybeSuppressed, field: string): boolean {
  return record.suppressed?.includes(field) ?? false;
}

/** The note printed where a suppressed value would be. */
export const SUPPRESSED_NOTE = 'suppressed';

/** "<10": how the report writes a suppressed small number. */
export function suppressedMark(results: Results): string {
  return `<${results.disclosure.min_cell}`;
}

/**
 * Subtitle lines for what a chart had to leave out: `suppressed` values hidden because they
 * concern fewer than min_cell people, and `notComputable` values that could not be
 * estimated. `noun` is the thing counted, singular and plural. No lines when nothing was
 * left out.
 */
export function omissionLines(results: Results, omitted: { suppressed: number; notComputable: number }, noun: readonly [string, string] = ['value', 'values']): string[] {
  const some = (n: number) => (n === 1 ? `One ${noun[0]} is` : `${n} ${noun[1]} are`);
  const lines: string[] = [];
  if (omitted.suppressed > 0) {
    lines.push(`${some(omitted.suppressed)} not shown: suppressed to protect identities, because they concern fewer than ${results.disclosure.min_cell} people (${suppressedMark(results)}) or would reveal such a number.`);
  }
  if (omitted.notComputable > 0) lines.push(`${some(omitted.notComputable)} not shown: could not be estimated from these data.`);
  return lines;
}

/**
 * Count the records a chart drops because `fields` are null, split by whether disclosure
 * control suppressed them.
 */
export function countOmitted<T extends MaybeSuppressed>(records: readonly T[], fields: readonly (keyof T & string)[]): { suppressed: number; notComputable: number } {
  let suppressed = 0;
  let notComputable = 0;
  for (const r of records) {
    const missing = fields.filter((f) => r[f] === null || r[f] === undefined);
    if (!missing.length) continue;
    if (missing.some((f) => isSuppressed(r, f))) suppressed += 1;
    else notComputable += 1;
  }
  return { suppressed, notComputable };
}
