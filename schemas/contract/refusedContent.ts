/**
 * Refused content (data contract v1, "Refused content"). The extract is anonymised: a
 * column whose name says it carries a direct identifier refuses its whole file, and a cell
 * whose value is shaped like a Police National Computer number, a National Insurance
 * number or a probation case reference number (CRN) refuses its row.
 *
 * Nothing here returns or formats the matched value: callers report the file, line,
 * column and the *kind* of identifier only.
 */

/** Column names listed in the contract, after normalising (lower case, `_` separators). */
const IDENTIFIER_COLUMN_NAMES = new Set([
  'name', 'forename', 'surname', 'date_of_birth', 'dob', 'address', 'postcode', 'pnc', 'pnc_number',
  'crn', 'nomis', 'prison_number', 'ni_number', 'nino', 'email', 'phone',
]);

/**
 * Words that make any column name identifying wherever they stand in it, so variants such
 * as `first_name`, `home_address`, `phone_number` or `nomis_id` are caught too.
 */
const IDENTIFIER_NAME_WORDS = new Set([
  'name', 'forename', 'forenames', 'surname', 'dob', 'birth', 'address', 'postcode', 'pnc', 'crn',
  'nomis', 'nino', 'email', 'phone', 'mobile', 'nhs',
]);

export function normaliseColumnName(header: string): string {
  return header
    .trim()
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

/** Is this header a direct-identifier column? */
export function isIdentifierColumn(header: string): boolean {
  const name = normaliseColumnName(header);
  if (IDENTIFIER_COLUMN_NAMES.has(name)) return true;
  return name.split('_').some((word) => IDENTIFIER_NAME_WORDS.has(word));
}

export type IdentifierKind = 'pnc' | 'ni_number' | 'crn';

export const IDENTIFIER_KIND_LABEL: Record<IdentifierKind, string> = {
  pnc: 'a Police National Computer (PNC) number',
  ni_number: 'a National Insurance number',
  crn: 'a probation case reference number (CRN)',
};

// Boundaries are "not a letter or digit", so `_X123456` and `id:X123456` are caught too.
const B = '(?<![A-Za-z0-9])';
const E = '(?![A-Za-z0-9])';
const SHAPES: [IdentifierKind, RegExp][] = [
  ['pnc', new RegExp(`${B}(\\d{2}|\\d{4})/\\d{1,7}[A-Za-z]${E}`)],
  ['ni_number', new RegExp(`${B}[A-Za-z]{2} ?\\d{2} ?\\d{2} ?\\d{2} ?[A-Da-d]${E}`)],
  ['crn', new RegExp(`${B}[A-Za-z]\\d{6}${E}`)],
];

/** The kind of identifier a cell is shaped like, or null. Never returns the value. */
export function identifierShape(value: string): IdentifierKind | null {
  // Fast path: every shape holds at least six digits.
  let digits = 0;
  for (let i = 0; i < value.length && digits < 6; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
  }
  if (digits < 6 && !value.includes('/')) return null;
  for (const [kind, shape] of SHAPES) if (shape.test(value)) return kind;
  return null;
}
