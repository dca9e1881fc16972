/**
 * Accrual: how many people a side of a comparison will have for an outcome at a later date,
 * at the current rate. The people already in the extract count from the date each becomes
 * usable (classed for a window once its follow-up and court lag have run; a pre and post
 * score once the programme ends); people who have not yet started follow-up arrive at the
 * side's recent rate (its follow-up starts per month over the last 12 months of the
 * extract), each usable `lagMonths` after their start. A plain deterministic projection:
 * no package implements it, so its tests check hand-counted cases.
 *
 * @example
 * const side = accrualOf(['2024-01-15', '2024-06-01'], (s) => addMonths(s, 18), '2024-06-30', 18);
 * projectedCount(side, '2025-12-31'); // 2: both classed for 12 months (+6 months' court lag)
 */
import { addDays, addMonths, daysBetween } from '../../derive/calendar.ts';

export interface Accrual {
  /** When each person now in the extract becomes usable (ISO dates, sorted). */
  ready: string[];
  /** New follow-up starts per month over the last 12 months up to `lastStart`. */
  ratePerMonth: number;
  /** The latest follow-up start in the extract (all sides): new people arrive after it. */
  lastStart: string;
  /** Months from a follow-up start to being usable. */
  lagMonths: number;
}

const monthsBetween = (from: string, to: string) => daysBetween(from, to) / (365.25 / 12);

export function accrualOf(starts: readonly string[], readyDate: (start: string) => string, lastStart: string, lagMonths: number): Accrual {
  const yearBefore = addMonths(lastStart, -12);
  const recent = starts.filter((s) => s > yearBefore && s <= lastStart).length;
  return { ready: starts.map(readyDate).sort(), ratePerMonth: recent / 12, lastStart, lagMonths };
}

/** People usable by `date`: those in the extract whose date has come, and new arrivals at the current rate. */
export function projectedCount(a: Accrual, date: string): number {
  // How many of the sorted dates are on or before `date` (a binary search).
  let now = 0;
  let hi = a.ready.length;
  while (now < hi) {
    const mid = (now + hi) >> 1;
    if (a.ready[mid]! <= date) now = mid + 1;
    else hi = mid;
  }
  const arrivalsUntil = addMonths(date, -a.lagMonths);
  return now + (arrivalsUntil > a.lastStart ? a.ratePerMonth * monthsBetween(a.lastStart, arrivalsUntil) : 0);
}

/** The last day of the month `months` after `date`'s month. */
export function monthEnd(date: string, months = 0): string {
  return addDays(addMonths(`${date.slice(0, 7)}-01`, months + 1), -1);
}

/**
 * The first month end from `from`'s month on (at most `horizonMonths` later) at which
 * `ready(date)` holds; null if none.
 */
export function firstMonthEnd(from: string, horizonMonths: number, ready: (date: string) => boolean): string | null {
  for (let k = 0; k <= horizonMonths; k++) {
    const date = monthEnd(from, k); // never before `from`: the end of its month or later
    if (ready(date)) return date;
  }
  return null;
}
