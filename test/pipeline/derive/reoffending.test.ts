/**
 * The contract's definitions at their edges. Each expectation is read off data contract v1
 * ("Derived outcomes"); the comment beside it says which clause.
 */
import { describe, expect, it } from 'vitest';
import { provenReoffending, timeToFirstReoffence, type Offence } from '../../../pipeline/derive/reoffending.ts';

const offence = (offenceDate: string, convictionDate: string, category: Offence['category'] = 'other'): Offence => ({ offenceDate, convictionDate, category });
const S = '2024-01-31';
const observed = { followUpStart: S, observationEnd: '2026-10-31' };

describe('proven reoffending within W months', () => {
  it('counts offences from S (inclusive) to S + W months (exclusive), with month ends clamped', () => {
    // S + 12 months = 2025-01-31; S + 18 months = 2025-07-31.
    expect(provenReoffending(observed, [offence(S, '2024-03-01')], 12, 'any')).toEqual({ classed: true, reoffended: true, offences: 1 });
    expect(provenReoffending(observed, [offence('2025-01-30', '2025-03-01')], 12, 'any').reoffended).toBe(true);
    expect(provenReoffending(observed, [offence('2025-01-31', '2025-03-01')], 12, 'any').reoffended).toBe(false);
    expect(provenReoffending(observed, [offence('2024-01-30', '2024-03-01')], 12, 'any').reoffended).toBe(false); // before S
  });

  it('needs the conviction before S + W + 6 months (the court lag)', () => {
    expect(provenReoffending(observed, [offence('2024-12-01', '2025-07-30')], 12, 'any').reoffended).toBe(true);
    expect(provenReoffending(observed, [offence('2024-12-01', '2025-07-31')], 12, 'any').reoffended).toBe(false);
  });

  it('classes a person only if observed until S + W + 6 months − 1 day', () => {
    // S + 18 months = 2025-07-31, so E must be >= 2025-07-30.
    expect(provenReoffending({ followUpStart: S, observationEnd: '2025-07-30' }, [], 12, 'any').classed).toBe(true);
    expect(provenReoffending({ followUpStart: S, observationEnd: '2025-07-29' }, [], 12, 'any').classed).toBe(false);
    // Leap year: S = 2023-08-31, S + 6 months clamps to 2024-02-29; with W = 0 E >= 2024-02-28.
    expect(provenReoffending({ followUpStart: '2023-08-31', observationEnd: '2024-02-28' }, [], 0, 'any').classed).toBe(true);
    expect(provenReoffending({ followUpStart: '2023-08-31', observationEnd: '2024-02-27' }, [], 0, 'any').classed).toBe(false);
  });

  it('counts frequency, and an offence for its own category and for any', () => {
    const offences = [offence('2024-03-01', '2024-05-01', 'sexual'), offence('2024-04-01', '2024-06-01', 'violent'), offence('2024-04-01', '2024-06-01', 'violent')];
    expect(provenReoffending(observed, offences, 24, 'any').offences).toBe(3);
    expect(provenReoffending(observed, offences, 24, 'violent').offences).toBe(2);
    expect(provenReoffending(observed, offences, 24, 'sexual').offences).toBe(1);
    expect(provenReoffending(observed, [offence('2024-03-01', '2024-05-01', 'other')], 24, 'sexual')).toEqual({ classed: true, reoffended: false, offences: 0 });
  });

  it('gives everyone with the same outcome the same frozen answer, not a copy each', () => {
    const a = provenReoffending(observed, [offence('2024-06-01', '2024-09-01'), offence('2024-07-01', '2024-09-01')], 12, 'any');
    const b = provenReoffending({ followUpStart: '2023-03-31', observationEnd: '2026-10-31' }, [offence('2023-05-01', '2023-06-01'), offence('2023-06-01', '2023-07-01')], 12, 'any');
    expect(a).toEqual({ classed: true, reoffended: true, offences: 2 });
    expect(b).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    const notClassed = provenReoffending({ followUpStart: S, observationEnd: '2024-02-01' }, [], 12, 'any');
    expect(notClassed).toEqual({ classed: false, reoffended: false, offences: 0 });
    expect(provenReoffending({ followUpStart: S, observationEnd: '2024-03-01' }, [], 24, 'sexual')).toBe(notClassed);
  });
});

describe('time to first proven reoffence', () => {
  it('censors at min(E − 6 months, S + Wmax months)', () => {
    // E − 6 months = 2026-04-30 is later than S + 24 months = 2026-01-31: censored at 731 days.
    expect(timeToFirstReoffence(observed, [], 24, 'any')).toEqual({ included: true, timeDays: 731, event: false });
    // E = 2025-03-31: E − 6 months = 2024-09-30, 243 days after S.
    expect(timeToFirstReoffence({ followUpStart: S, observationEnd: '2025-03-31' }, [], 24, 'any')).toEqual({ included: true, timeDays: 243, event: false });
  });

  it('takes the first offence on or before the censoring day, at offence_date − S', () => {
    const offences = [offence('2024-06-01', '2024-08-01'), offence('2024-03-01', '2024-05-01')];
    expect(timeToFirstReoffence(observed, offences, 24, 'any')).toEqual({ included: true, timeDays: 30, event: true });
    expect(timeToFirstReoffence(observed, [offence('2026-01-31', '2026-02-01')], 24, 'any')).toEqual({ included: true, timeDays: 731, event: true });
    expect(timeToFirstReoffence(observed, [offence('2026-02-01', '2026-03-01')], 24, 'any')).toEqual({ included: true, timeDays: 731, event: false });
  });

  it('leaves out people whose censoring day falls before follow-up starts', () => {
    expect(timeToFirstReoffence({ followUpStart: '2026-06-01', observationEnd: '2026-10-31' }, [], 24, 'any').included).toBe(false);
  });
});
