/**
 * kaplanMeier against R's survfit(Surv(time, event) ~ 1) on test/reference/reconviction_survival.json
 * (heavy ties: events recorded by 30-day month; censoring) and on a small curve reaching 0.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DegenerateData } from '../../../../pipeline/analyse/stats/degenerateData.ts';
import { kaplanMeier } from '../../../../pipeline/analyse/stats/kaplanMeier.ts';
import { expectCloseToR } from '../../../support/closeTo.ts';

const ref = JSON.parse(readFileSync(new URL('../../../reference/reconviction_survival.json', import.meta.url), 'utf8'));

interface RCurve { time: number[]; n_risk: number[]; n_event: number[]; n_censor: number[]; surv: number[]; std_err: (number | null)[]; lower: (number | null)[]; upper: (number | null)[] }

function compare(time: number[], event: number[], r: RCurve, label: string) {
  const km = kaplanMeier(time, event);
  expect(km.rows.map((row) => row.time)).toEqual(r.time);
  km.rows.forEach((row, i) => {
    expect(row.nRisk, `${label} n.risk[${i}]`).toBe(r.n_risk[i]);
    expect(row.nEvent, `${label} n.event[${i}]`).toBe(r.n_event[i]);
    expect(row.nCensor, `${label} n.censor[${i}]`).toBe(r.n_censor[i]);
    expectCloseToR(row.survival, r.surv[i], `${label} surv[${i}]`);
    expectCloseToR(row.stdErr, r.std_err[i], `${label} std.err[${i}]`);
    expectCloseToR(row.lower, r.lower[i], `${label} lower[${i}]`);
    expectCloseToR(row.upper, r.upper[i], `${label} upper[${i}]`);
  });
  return km;
}

describe('kaplanMeier', () => {
  it('matches survfit on tied, censored reconviction data', () => {
    const km = compare(ref.data.time, ref.data.event, ref.km, 'km');
    expect(km.events).toBe(ref.events);
    expect(Math.max(...km.rows.map((r) => r.nEvent))).toBe(ref.max_ties);
  });

  it('matches survfit where the curve reaches 0 (std.err Inf, limits NA in R → null here)', () => {
    const km = compare(ref.km_small_input.time, ref.km_small_input.event, ref.km_small, 'small');
    const last = km.rows.at(-1)!;
    expect(last).toMatchObject({ survival: 0, stdErr: null, lower: null, upper: null });
  });

  it('throws DegenerateData for zero events and for no one', () => {
    expect(() => kaplanMeier([1, 2, 3], [0, 0, 0])).toThrow(DegenerateData);
    expect(() => kaplanMeier([], [])).toThrow(DegenerateData);
    expect(() => kaplanMeier([1, Number.NaN], [1, 0])).toThrow(DegenerateData);
  });

  it('handles all-tied times (one row)', () => {
    const km = kaplanMeier([5, 5, 5, 5], [1, 0, 1, 0]);
    expect(km.rows).toHaveLength(1);
    expect(km.rows[0]!.survival).toBe(0.5);
  });
});
