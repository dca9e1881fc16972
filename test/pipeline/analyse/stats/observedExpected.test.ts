/** observedExpected against R's poisson.test(O, T = E) (test/reference/reconviction_proportions.json). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DegenerateData } from '../../../../pipeline/analyse/stats/degenerateData.ts';
import { observedExpected } from '../../../../pipeline/analyse/stats/observedExpected.ts';
import { expectCloseToR } from '../../../support/closeTo.ts';

const ref = JSON.parse(readFileSync(new URL('../../../reference/reconviction_proportions.json', import.meta.url), 'utf8'));

describe('observedExpected', () => {
  it('matches poisson.test: ratio, Garwood limits, exact two-sided p', () => {
    for (const c of ref.oe as { observed: number; expected: number; ratio: number; lower: number; upper: number; p: number }[]) {
      const oe = observedExpected(c.observed, c.expected);
      const label = `O=${c.observed} E=${c.expected}`;
      expectCloseToR(oe.ratio, c.ratio, `${label} ratio`);
      expectCloseToR(oe.lower, c.lower, `${label} lower`);
      expectCloseToR(oe.upper, c.upper, `${label} upper`);
      expectCloseToR(oe.p, c.p, `${label} p`);
    }
  });
  it('sums 0/1 outcomes and predicted probabilities', () => {
    const oe = observedExpected(ref.oe_input.outcome, ref.oe_input.probs);
    expect(oe.observed).toBe(ref.oe[0].observed);
    expectCloseToR(oe.expected, ref.oe[0].expected, 'E');
    expectCloseToR(oe.upper, ref.oe[0].upper, 'upper');
  });
  it('throws DegenerateData when nothing is expected', () => {
    expect(() => observedExpected(3, 0)).toThrow(DegenerateData);
    expect(() => observedExpected([], [])).toThrow(DegenerateData);
  });
});
