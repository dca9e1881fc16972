import { describe, expect, it } from 'vitest';
import { addDays, addMonths, daysBetween, daysInMonth } from '../../../pipeline/derive/calendar.ts';

describe('addMonths clamps to the end of the month (data contract v1)', () => {
  it.each([
    ['2024-01-31', 1, '2024-02-29'], // leap year
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-01-30', 1, '2024-02-29'],
    ['2024-01-29', 1, '2024-02-29'],
    ['2023-01-29', 1, '2023-02-28'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-02-29', 48, '2028-02-29'],
    ['2024-03-31', 1, '2024-04-30'],
    ['2024-05-31', -1, '2024-04-30'],
    ['2024-08-31', 6, '2025-02-28'],
    ['2023-08-31', 6, '2024-02-29'],
    ['2024-12-15', 1, '2025-01-15'],
    ['2025-01-15', -1, '2024-12-15'],
    ['2024-10-31', 18, '2026-04-30'],
    ['2024-06-30', 24, '2026-06-30'],
    ['2024-01-01', 0, '2024-01-01'],
  ] as const)('%s plus %i months is %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it('is not associative across a clamp, as calendar arithmetic is not', () => {
    expect(addMonths(addMonths('2024-01-31', 1), 1)).toBe('2024-03-29');
    expect(addMonths('2024-01-31', 2)).toBe('2024-03-31');
  });
});

describe('days', () => {
  it('counts leap days', () => {
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2023-01-01', '2024-01-01')).toBe(365);
    expect(daysBetween('2024-03-01', '2024-02-28')).toBe(-2);
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2000-02-28', 1)).toBe('2000-02-29'); // divisible by 400
    expect(addDays('1900-02-28', 1)).toBe('1900-03-01'); // divisible by 100 only
  });

  it('knows month lengths', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2024, m))).toEqual([31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
    expect(daysInMonth(2100, 2)).toBe(28);
  });

  it('refuses a date that is not YYYY-MM-DD', () => {
    expect(() => addMonths('1/2/2024', 1)).toThrow(RangeError);
  });
});

describe('daysInMonth', () => {
  it('agrees with the platform calendar for every month from 1900 to 2200', () => {
    for (let year = 1900; year <= 2200; year++) {
      for (let month = 1; month <= 12; month++) {
        expect(daysInMonth(year, month), `${year}-${month}`).toBe(new Date(Date.UTC(year, month, 0)).getUTCDate());
      }
    }
  });

  it('gives the same answer asked again (answers are remembered), and still refuses a malformed date', () => {
    for (let k = 0; k < 3; k++) expect(addMonths('2023-08-31', 6)).toBe('2024-02-29');
    expect(() => addMonths('2023-8-31', 6)).toThrow(/YYYY-MM-DD/);
    expect(() => addMonths('2023-08-3x', 6)).toThrow(/YYYY-MM-DD/);
    expect(daysBetween('2023-08-31', '2023-08-31')).toBe(0);
  });
});
