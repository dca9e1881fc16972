/**
 * eValue against EValue 4.1.2's evalues.RR / evalues.HR / evalues.OR / evalues.MD written out
 * in R from the package's source (test/reference/evalue.R; EValue itself is CRAN-only and not
 * installed), including the paper's worked example (RR 3.9, 1.8 to 8.7: E-values 7.26 and 3.0),
 * intervals crossing the null, one-sided intervals, non-null true values and common outcomes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DegenerateData } from '../../../../pipeline/analyse/stats/degenerateData.ts';
import { eValue, eValueOfRiskRatio, type EValueMeasure } from '../../../../pipeline/analyse/stats/eValue.ts';
import { expectCloseToR } from '../../../support/closeTo.ts';

interface RCase {
  measure: EValueMeasure;
  estimate: number;
  lower?: number | null;
  upper?: number | null;
  se?: number | null;
  rare?: boolean | null;
  true: number;
  rr: (number | null)[];
  true_rr: number;
  point: number;
  ci: number | null;
}
const ref = JSON.parse(readFileSync(new URL('../../../reference/evalue.json', import.meta.url), 'utf8')) as { cases: RCase[] };
const orUndefined = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);

describe('eValue matches EValue (written out in R)', () => {
  for (const c of ref.cases) {
    const label = `${c.measure} ${c.estimate} (${c.lower ?? ''}, ${c.upper ?? ''})${c.se != null ? ` se ${c.se}` : ''}${c.rare != null ? ` rare=${c.rare}` : ''} true ${c.true}`;
    it(label, () => {
      const e = eValue({
        estimate: c.estimate,
        measure: c.measure,
        lower: orUndefined(c.lower),
        upper: orUndefined(c.upper),
        se: orUndefined(c.se),
        rare: orUndefined(c.rare),
        trueValue: c.true,
      });
      expectCloseToR(e.point, c.point, `${label} point`);
      expectCloseToR(e.ci, c.ci, `${label} ci`);
      expectCloseToR(e.rr.estimate, c.rr[0], `${label} RR`);
      expectCloseToR(e.rr.lower, c.rr[1], `${label} RR lower`);
      expectCloseToR(e.rr.upper, c.rr[2], `${label} RR upper`);
      expectCloseToR(e.rr.trueValue, c.true_rr, `${label} true RR`);
    });
  }

  it('the default true value is the null (1, or 0 for MD)', () => {
    expect(eValue({ estimate: 0.8, lower: 0.71, upper: 0.91, measure: 'RR' })).toEqual(eValue({ estimate: 0.8, lower: 0.71, upper: 0.91, measure: 'RR', trueValue: 1 }));
    expect(eValue({ estimate: 0.5, se: 0.25, measure: 'MD' })).toEqual(eValue({ estimate: 0.5, se: 0.25, measure: 'MD', trueValue: 0 }));
    expect(eValueOfRiskRatio(1)).toBe(1);
  });

  describe('invalid input', () => {
    it('HR and OR need to know whether the outcome is rare', () => {
      expect(() => eValue({ estimate: 0.56, lower: 0.46, upper: 0.69, measure: 'HR' })).toThrow(RangeError);
      expect(() => eValue({ estimate: 0.86, measure: 'OR' })).toThrow(RangeError);
    });
    it('a ratio outside its interval, a reversed interval, a negative ratio or SE', () => {
      expect(() => eValue({ estimate: 0.5, lower: 0.6, upper: 0.9, measure: 'RR' })).toThrow(RangeError);
      expect(() => eValue({ estimate: 0.7, lower: 0.9, upper: 0.6, measure: 'RR' })).toThrow(RangeError);
      expect(() => eValue({ estimate: -1, measure: 'RR' })).toThrow(RangeError);
      expect(() => eValue({ estimate: 0.5, se: -0.1, measure: 'MD' })).toThrow(RangeError);
      expect(() => eValue({ estimate: 0.5, lower: 0.1, upper: 0.9, measure: 'MD' })).toThrow(RangeError);
      expect(() => eValue({ estimate: 1.5, se: 0.1, measure: 'RR' })).toThrow(RangeError);
      expect(() => eValue({ estimate: 1.5, measure: 'RR', trueValue: 0 })).toThrow(RangeError);
      expect(() => eValue({ estimate: 1.5, measure: 'XX' as EValueMeasure })).toThrow(RangeError);
    });
    it('a ratio of 0 has no finite E-value: DegenerateData', () => {
      expect(() => eValue({ estimate: 0, lower: 0, upper: 0.3, measure: 'RR' })).toThrow(DegenerateData);
    });
  });
});
