/**
 * The primary suppression rule for a count of people (threshold rule).
 *
 * Follows the threshold rule of the ONS / GSS "Disclosure control guidance for tables
 * produced from administrative data" and the Ministry of Justice / Justice Data Lab practice
 * of never publishing a count of people below a minimum cell size: a count from 1 to
 * `minCell − 1` is withheld. A zero is withheld only when its base (the people it is a part
 * of) is itself below `minCell`: "none of these 4 people" reveals something about each of the
 * 4, while "none of these 300" is a safe, useful finding (ONS guidance treats zeros as
 * disclosive only where they reveal a small group's attribute). A base count is its own base,
 * so a base of 0 is withheld too.
 */

/**
 * True when a count of people must not be published: 0 < count < minCell, or count is 0 and
 * its base is below minCell (an unknown base counts as small).
 */
export function isDisclosiveCount(count: number, base: number | null, minCell: number): boolean {
  if (count >= minCell) return false;
  if (count > 0) return true;
  return base === null || base < minCell;
}

/**
 * True when a statistic (rate, mean, interval, model estimate…) computed from `base` people
 * must not be published: its base is below minCell or unknown.
 */
export function isSmallBase(base: number | null | undefined, minCell: number): boolean {
  return base === null || base === undefined || base < minCell;
}
