/**
 * Calendar arithmetic on ISO dates (`YYYY-MM-DD`), as data contract v1 defines it: adding
 * months is calendar arithmetic that clamps to the month's last day, so 31 January plus one
 * month is 28 February (29 in a leap year). Dates are plain strings; nothing here depends on
 * the machine's time zone.
 *
 * @example
 * addMonths('2024-01-31', 1); // '2024-02-29'
 * addMonths('2023-01-31', 1); // '2023-02-28'
 * addDays('2024-02-28', 2);   // '2024-03-01'
 * daysBetween('2024-01-01', '2025-01-01'); // 366
 */

const MS_PER_DAY = 86_400_000;

function parts(date: string): [number, number, number] {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  if (date.length !== 10 || !Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) {
    throw new RangeError('expected a date written YYYY-MM-DD');
  }
  return [y, m, d];
}

function format(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in `month` (1–12) of `year`, by the Gregorian leap-year rule. */
export function daysInMonth(year: number, month: number): number {
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return MONTH_DAYS[month - 1]! + (leap ? 1 : 0);
}

/**
 * A cohort asks the same few thousand dates the same questions (each person's follow-up
 * windows start on a programme's end date), so answers are remembered, keyed by the date
 * string itself (whose hash the engine keeps) rather than by a new string each time; the
 * memory is emptied when it holds `MEMORY_BOUND` dates.
 */
const MEMORY_BOUND = 100_000;
const monthsLater = new Map<string, Map<number, string>>();
const dayNumbers = new Map<string, number>();
const dates = new Map<number, string>();

/** `date` plus `months` calendar months (may be negative), clamped to the month's last day. */
export function addMonths(date: string, months: number): string {
  let byMonths = monthsLater.get(date);
  if (byMonths === undefined) {
    if (monthsLater.size >= MEMORY_BOUND) monthsLater.clear();
    monthsLater.set(date, (byMonths = new Map()));
  }
  let later = byMonths.get(months);
  if (later === undefined) {
    const [y, m, d] = parts(date);
    const index = y * 12 + (m - 1) + months;
    const year = Math.floor(index / 12);
    const month = (index % 12 + 12) % 12 + 1;
    byMonths.set(months, (later = format(year, month, Math.min(d, daysInMonth(year, month)))));
  }
  return later;
}

/** Days since 1970-01-01 (UTC), for arithmetic. */
export function toDayNumber(date: string): number {
  let day = dayNumbers.get(date);
  if (day === undefined) {
    const [y, m, d] = parts(date);
    if (dayNumbers.size >= MEMORY_BOUND) dayNumbers.clear();
    dayNumbers.set(date, (day = Date.UTC(y, m - 1, d) / MS_PER_DAY));
  }
  return day;
}

export function fromDayNumber(day: number): string {
  let date = dates.get(day);
  if (date === undefined) {
    const t = new Date(day * MS_PER_DAY);
    if (dates.size >= MEMORY_BOUND) dates.clear();
    dates.set(day, (date = format(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate())));
  }
  return date;
}

export function addDays(date: string, days: number): string {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return toDayNumber(to) - toDayNumber(from);
}
