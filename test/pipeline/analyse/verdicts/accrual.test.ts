import { describe, expect, it } from 'vitest';
import { addMonths } from '../../../../pipeline/derive/calendar.ts';
import { accrualOf, firstMonthEnd, monthEnd, projectedCount } from '../../../../pipeline/analyse/verdicts/accrual.ts';

// Hand-counted cases: who is usable by a date, and arrivals at the recent rate.
describe('accrual', () => {
  const starts = ['2023-03-01', '2024-01-15', '2024-03-01', '2024-06-01'];
  const side = accrualOf(starts, (s) => addMonths(s, 18), '2024-06-30', 18);

  it('counts the recent rate over the 12 months up to the last start', () => {
    // 2024-01-15, 2024-03-01 and 2024-06-01 fall after 2023-06-30: 3 in 12 months.
    expect(side.ratePerMonth).toBeCloseTo(3 / 12, 12);
    expect(side.ready).toEqual(['2024-09-01', '2025-07-15', '2025-09-01', '2025-12-01']);
  });

  it('counts people from the day they become usable, and new people after the lag', () => {
    expect(projectedCount(side, '2024-08-31')).toBe(0);
    expect(projectedCount(side, '2024-09-01')).toBe(1);
    expect(projectedCount(side, '2025-12-01')).toBe(4);
    // 2026-12-30 less 18 months is 2025-06-30: 12 months after the last start, 3 new people.
    expect(projectedCount(side, '2026-12-30')).toBeCloseTo(4 + (3 / 12) * (365 / (365.25 / 12)), 6);
  });

  it('finds the first month end at which a condition holds, from the month of `from`', () => {
    expect(monthEnd('2026-10-31')).toBe('2026-10-31');
    expect(monthEnd('2026-10-15', 4)).toBe('2027-02-28');
    expect(firstMonthEnd('2024-06-30', 120, (d) => projectedCount(side, d) >= 3)).toBe('2025-09-30');
    expect(firstMonthEnd('2024-06-30', 12, (d) => projectedCount(side, d) >= 100)).toBeNull();
  });
});
