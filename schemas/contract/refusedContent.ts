/**
 * Refused content (data contract v1, "Refused content"). The extract is anonymised: a
 * column whose name says it carries a direct identifier refuses its whole file, and a cell
 * whose value is shaped like a Police National Computer number, a National Insurance
 * number or a probation case reference number (CRN) refuses its row.
 *
 * Values are matched after normalising the text (NFKC; spaces, hyphens and dots removed;
 * case ignored), and email addresses and UK telephone numbers count too (contract v1,
 * "Refused content", as widened for successive extracts).
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

/**
 * Control characters: C0 (NUL, tab, line feed, carriage return, escape, …), DEL and C1, and
 * the Unicode line and paragraph separators. No contract value holds one; in a value they
 * hide or rearrange text (an escape sequence can rewrite a terminal), and a line break
 * inside quoted text makes one row look like two. So a cell holding one refuses its row, and
 * a header cell holding one refuses its file; line breaks inside quoted text included.
 */
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Does this text hold a control character or a line break? Never returns the text. */
export function hasControlCharacter(text: string): boolean {
  return CONTROL_CHARACTER.test(text);
}

export type IdentifierKind = 'pnc' | 'ni_number' | 'crn' | 'email' | 'phone';

export const IDENTIFIER_KIND_LABEL: Record<IdentifierKind, string> = {
  pnc: 'a Police National Computer (PNC) number',
  ni_number: 'a National Insurance number',
  crn: 'a probation case reference number (CRN)',
  email: 'an email address',
  phone: 'a UK telephone number',
};

// Boundaries are "not a letter or digit", so `_X123456` and `id:X123456` are caught too.
const B = '(?<![A-Z0-9])';
const E = '(?![A-Z0-9])';
/** Shapes matched on the normalised text (upper case; no spaces, hyphens or dots). */
const SHAPES: [IdentifierKind, RegExp][] = [
  ['pnc', new RegExp(`${B}(\\d{2}|\\d{4})/\\d{1,7}[A-Z]${E}`)],
  // The suffix letter is optional: `QQ123456` is as identifying as `QQ123456C`.
  ['ni_number', new RegExp(`${B}[A-Z]{2}\\d{6}[A-D]?${E}`)],
  ['crn', new RegExp(`${B}[A-Z]\\d{6}${E}`)],
  // 01…, 02…, 03…, 07…, 08… national numbers (10 or 11 digits), or +44 / 0044 international.
  ['phone', /(?<![0-9])(?:\+44|0044|0)[1-37-8]\d{8,9}(?![0-9])/],
];
const EMAIL = /[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[A-Za-z]{2,}/;
/** Runs of spaces of every kind, non-breaking included: where words part. */
const WHITESPACE = /[\s\u00a0\u2000-\u200b\u202f\u205f\u3000]+/;
/** Spaces of every kind (non-breaking included), hyphens and dashes, and dots, removed before matching. */
const SEPARATORS = /[\s\u00a0\u2000-\u200b\u202f\u205f\u3000.\-\u2010-\u2015\u2212\u30fc()]/g;

/** The text an identifier check reads (after Unicode NFKC): separators removed, upper case. */
const flatten = (text: string) => text.replace(SEPARATORS, '').toUpperCase();

/**
 * The kind of identifier a cell is shaped like, or null. Never returns the value. Shapes are
 * matched after normalising (data contract v1, "Refused content"): `qq 12-34-56 c` with
 * non-breaking spaces, `QQ-12-34-56-C`, full-width digits and `X-123456` are all refused.
 */
export function identifierShape(value: string): IdentifierKind | null {
  // Fast path for plain ASCII: every shape needs six digits, or a `/`, or an `@`.
  let digits = 0;
  let ascii = true;
  for (let i = 0; i < value.length && digits < 6; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c > 126) ascii = false;
  }
  if (ascii && digits < 6 && !value.includes('/') && !value.includes('@')) return null;
  // NFKC leaves plain ASCII as it is: normalise only what needs it (this runs on every cell).
  const text = ascii ? value : value.normalize('NFKC');
  if (EMAIL.test(text)) return 'email';
  // With every separator removed (`QQ 12 34 56 C`), word by word (`see X123456 notes`), and
  // every run of up to six words joined (`ref qq 12 34 56 c ok`, where joining all the words
  // would glue `REF` to the front and hide the shape).
  const flat = flatten(text);
  for (const [kind, shape] of SHAPES) if (shape.test(flat)) return kind;
  if (!WHITESPACE.test(text)) return null;
  const words = text.split(WHITESPACE).map(flatten).filter(Boolean);
  for (let from = 0; from < words.length; from++) {
    let run = '';
    for (let to = from; to < Math.min(words.length, from + 6); to++) {
      run += words[to];
      for (const [kind, shape] of SHAPES) if (shape.test(run)) return kind;
    }
  }
  return null;
}
