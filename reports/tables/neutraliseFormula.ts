/**
 * CSV injection ("formula injection"): a spreadsheet opening tables/*.csv runs a cell that
 * starts with `=`, `+`, `-` or `@` as a formula, and a leading tab or carriage return can
 * hide one. Text from the data (a region named `=HYPERLINK(…)`) is therefore neutralised as
 * OWASP's "CSV Injection" guidance recommends: prefixed with a single quote, which a
 * spreadsheet shows as text. Numbers are written as numbers and never touched.
 *
 * @example
 * neutraliseFormula('=HYPERLINK("http://x")'); // "'=HYPERLINK(\"http://x\")"
 * neutraliseFormula('North West');             // 'North West'
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** The text, safe to write as a CSV cell. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
