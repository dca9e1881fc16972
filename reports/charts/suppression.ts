/**
 * Saying what the report leaves out, and why. A null in the results is either withheld by
 * disclosure control (the field is named in the record's `suppressed` list, with its reason in
 * `suppressed_reason`) or could not be computed (the record's `note` says why). Charts drop
 * both and never draw them as zero; tables and charts print a withheld value as its mark:
 * - `[low]` (primary): the figure concerns fewer than min_cell people, or a model rests on too
 *   few people, reoffences or non-reoffences;
 * - `[c]` (secondary): withheld although not small, to protect another figure (within this
 *   run or against an earlier release).
 * Never `<10` (false for a secondary cell) and never a bare "suppressed".
 */
import type { Results } from '../../schemas/results.ts';
import { listWords } from './levels.ts';

/** Why disclosure control withheld a value. */
export type WithheldReason = 'low' | 'c';

/** A record as disclosure control leaves it: the fields it withheld, and why. */
export interface MaybeSuppressed {
  suppressed?: string[] | undefined;
  suppressed_reason?: Readonly<Record<string, WithheldReason>> | undefined;
}

/**
 * Why disclosure control withheld `path` of this record (`rate`, `rci.improved`,
 * `classed.12.n`), or null when it did not. A withheld parent withholds its fields (`csc`
 * covers `csc.recovered`). A path listed without a reason reads as `low`.
 */
export function withheldReason(record: MaybeSuppressed, path: string): WithheldReason | null {
  const listed = record.suppressed;
  if (!listed?.length) return null;
  const segments = path.split('.');
  for (let end = segments.length; end > 0; end--) {
    const candidate = segments.slice(0, end).join('.');
    if (listed.includes(candidate)) return record.suppressed_reason?.[candidate] ?? 'low';
  }
  return null;
}

/** True when disclosure control withheld `field` (or a parent of it) of this record. */
export function isSuppressed(record: MaybeSuppressed, field: string): boolean {
  return withheldReason(record, field) !== null;
}

/** How a withheld value is printed: `[low]` or `[c]`. */
export function withheldMark(reason: WithheldReason): string {
  return `[${reason}]`;
}

/** The mark of `path` of this record, or '' when it was not withheld. */
export function markOf(record: MaybeSuppressed, path: string): string {
  const reason = withheldReason(record, path);
  return reason === null ? '' : withheldMark(reason);
}

/** What the marks mean, in one line (under tables and in chart subtitles). */
export function withheldKey(minCell: number): string {
  return `[low] fewer than ${minCell} people (or too few for a model) · [c] withheld to protect another figure`;
}

/** Values left out of a chart: withheld as [low] or [c], or not computable. */
export interface Omitted {
  low: number;
  c: number;
  notComputable: number;
}

/**
 * Subtitle lines for what a chart had to leave out, by reason: `[low]`, `[c]`, and values that
 * could not be estimated. `noun` is the thing counted, singular and plural. No lines when
 * nothing was left out.
 */
export function omissionLines(results: Results, omitted: Omitted, noun: readonly [string, string] = ['value', 'values']): string[] {
  const some = (n: number) => (n === 1 ? `One ${noun[0]} is` : `${n} ${noun[1]} are`);
  const minCell = results.disclosure.min_cell;
  const lines: string[] = [];
  if (omitted.low > 0) lines.push(`${some(omitted.low)} not shown, marked [low]: withheld because ${omitted.low === 1 ? 'it rests' : 'they rest'} on fewer than ${minCell} people (or too few for a model).`);
  if (omitted.c > 0) lines.push(`${some(omitted.c)} not shown, marked [c]: withheld although not small, to protect another figure.`);
  if (omitted.notComputable > 0) lines.push(`${some(omitted.notComputable)} not shown: could not be estimated from these data.`);
  return lines;
}

/**
 * Count the records a chart drops because `fields` are null, by why: withheld as [low] or
 * [c] (a [low] field wins over a [c] one), or not computable.
 */
export function countOmitted<T extends MaybeSuppressed>(records: readonly T[], fields: readonly (keyof T & string)[]): Omitted {
  const omitted: Omitted = { low: 0, c: 0, notComputable: 0 };
  for (const r of records) {
    const missing = fields.filter((f) => r[f] === null || r[f] === undefined);
    if (!missing.length) continue;
    const reasons = missing.map((f) => withheldReason(r, f));
    if (reasons.includes('low')) omitted.low += 1;
    else if (reasons.includes('c')) omitted.c += 1;
    else omitted.notComputable += 1;
  }
  return omitted;
}

/** What a chart prints in place of a missing value: its mark, or `notKnown` when not withheld. */
export function missingLabel(record: MaybeSuppressed, path: string, notKnown = 'not estimable'): string {
  return markOf(record, path) || notKnown;
}

/**
 * The one line a chart prints in place of itself when none of its values can be shown: how
 * many are withheld, by mark, and how many could not be estimated. `noun` is the thing
 * counted, singular and plural.
 *
 * @example
 * nothingToDraw(results, { low: 3, c: 6, notComputable: 3 }, ['rate', 'rates']);
 * // 'No rate can be shown yet: 3 rest on fewer than 10 people ([low]), 6 are withheld to protect another figure ([c]) and 3 cannot be estimated from these data; the table marks each.'
 */
export function nothingToDraw(results: Results, omitted: Omitted, noun: readonly [string, string]): string {
  const minCell = results.disclosure.min_cell;
  const parts = [
    ...(omitted.low ? [`${omitted.low} ${omitted.low === 1 ? 'rests' : 'rest'} on fewer than ${minCell} people ([low])`] : []),
    ...(omitted.c ? [`${omitted.c} ${omitted.c === 1 ? 'is' : 'are'} withheld to protect another figure ([c])`] : []),
    ...(omitted.notComputable ? [`${omitted.notComputable} cannot be estimated from these data`] : []),
  ];
  const list = listWords(parts);
  return `No ${noun[0]} can be shown yet${list ? `: ${list}` : ''}; the table marks each.`;
}
