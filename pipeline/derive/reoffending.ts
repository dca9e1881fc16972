/**
 * Proven reoffending, exactly as data contract v1 defines it (the Ministry of Justice's
 * proven reoffending measure, with a six-month lag for cases to reach court).
 *
 * For follow-up start S, observation end E and a window of W months:
 * - an offence counts if S <= offence_date < S + W months and conviction_date < S + (W + 6) months;
 * - the person is *classed* for the window only if E >= S + (W + 6) months − 1 day; otherwise
 *   they are left out of that window's rates (and counted);
 * - frequency is the number of offences that count, for classed people.
 * An offence counts for its own category and for `any`.
 *
 * "S + (W + 6) months" is one calendar step of W + 6 months, clamped to the month's end
 * (see calendar.ts).
 *
 * @example
 * provenReoffending({ followUpStart: '2024-01-31', observationEnd: '2026-10-31' },
 *   [{ offenceDate: '2024-06-01', convictionDate: '2024-09-01', category: 'violent' }], 12, 'any');
 * // { classed: true, reoffended: true, offences: 1 }
 */
import { addDays, addMonths, daysBetween } from './calendar.ts';

export type OffenceCategory = 'sexual' | 'violent' | 'other';
export type OutcomeCategory = 'any' | 'sexual' | 'violent';
export const OUTCOME_CATEGORIES: readonly OutcomeCategory[] = ['any', 'sexual', 'violent'];

export interface FollowUp {
  followUpStart: string;
  observationEnd: string;
}

export interface Offence {
  offenceDate: string;
  convictionDate: string;
  category: OffenceCategory;
}

export interface WindowOutcome {
  classed: boolean;
  /** Meaningful only when classed. */
  reoffended: boolean;
  offences: number;
}

const counts = (o: Offence, category: OutcomeCategory) => category === 'any' || o.category === category;

/**
 * An outcome is one of few values (not classed; classed with k offences), so each is one
 * frozen object shared by everyone with that outcome, worked out afresh at each call: at
 * national scale a copy per person, window and category (or a memory of them per person) held
 * more than the answers' arithmetic costs (derive/calendar.ts remembers the dates).
 */
const NOT_CLASSED: WindowOutcome = Object.freeze({ classed: false, reoffended: false, offences: 0 });
const CLASSED: WindowOutcome[] = [];
const classedWith = (offences: number): WindowOutcome => (CLASSED[offences] ??= Object.freeze({ classed: true, reoffended: offences > 0, offences }));

export function provenReoffending(f: FollowUp, offences: readonly Offence[], windowMonths: number, category: OutcomeCategory): WindowOutcome {
  const S = f.followUpStart;
  const windowEnd = addMonths(S, windowMonths);
  const courtEnd = addMonths(S, windowMonths + 6);
  const classed = f.observationEnd >= addDays(courtEnd, -1);
  if (!classed) return NOT_CLASSED;
  let n = 0;
  for (const o of offences) {
    if (counts(o, category) && o.offenceDate >= S && o.offenceDate < windowEnd && o.convictionDate < courtEnd) n++;
  }
  return classedWith(n);
}

/**
 * Days from follow-up start to the first offence that counts as proven reoffending within the
 * window (as `provenReoffending` counts them: offence in the window, convicted within the
 * window plus six months), for a classed person; null when they are not classed or did not
 * reoffend.
 */
export function daysToFirstProvenReoffence(f: FollowUp, offences: readonly Offence[], windowMonths: number, category: OutcomeCategory): number | null {
  const S = f.followUpStart;
  const windowEnd = addMonths(S, windowMonths);
  const courtEnd = addMonths(S, windowMonths + 6);
  if (f.observationEnd < addDays(courtEnd, -1)) return null;
  let first: string | null = null;
  for (const o of offences) {
    if (counts(o, category) && o.offenceDate >= S && o.offenceDate < windowEnd && o.convictionDate < courtEnd && (first === null || o.offenceDate < first)) first = o.offenceDate;
  }
  return first === null ? null : daysBetween(S, first);
}

export interface TimeToReoffence {
  /** False when the censoring day falls before follow-up starts (left out, and counted). */
  included: boolean;
  timeDays: number;
  event: boolean;
}

/**
 * Time to first proven reoffence: censoring day C = min(E − 6 months, S + Wmax months).
 * The event is the first offence with S <= offence_date <= C, at offence_date − S days;
 * otherwise the person is censored at C − S days. People with C < S are left out.
 */
export function timeToFirstReoffence(f: FollowUp, offences: readonly Offence[], maxWindowMonths: number, category: OutcomeCategory): TimeToReoffence {
  const S = f.followUpStart;
  const lagged = addMonths(f.observationEnd, -6);
  const horizon = addMonths(S, maxWindowMonths);
  const C = lagged < horizon ? lagged : horizon;
  if (C < S) return { included: false, timeDays: 0, event: false };
  let first: string | null = null;
  for (const o of offences) {
    if (counts(o, category) && o.offenceDate >= S && o.offenceDate <= C && (first === null || o.offenceDate < first)) first = o.offenceDate;
  }
  return first === null ? { included: true, timeDays: daysBetween(S, C), event: false } : { included: true, timeDays: daysBetween(S, first), event: true };
}
