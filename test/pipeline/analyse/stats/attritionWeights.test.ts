/**
 * attritionWeights against R (test/reference/weighted_ancova_cr2.R): from glm's fitted
 * probabilities of having a post score, share_observed / p̂ for the observed, truncated at
 * quantile(w, c(0.01, 0.99)) (type 7). The chain from logisticRegression's own p̂ is in
 * weightedAncovaCr2.test.ts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { attritionWeights } from '../../../../pipeline/analyse/stats/attritionWeights.ts';
import { DegenerateData } from '../../../../pipeline/analyse/stats/degenerateData.ts';
import { expectCloseToR } from '../../../support/closeTo.ts';

interface Case {
  input: { post: (number | null)[] };
  response_model: { rows: number[]; fitted: number[] };
  weights: { share_observed: number; raw: number[]; cap_low: number; cap_high: number; truncated: number[]; truncated_low: number; truncated_high: number };
}
const ref = JSON.parse(readFileSync(new URL('../../../reference/weighted_ancova_cr2.json', import.meta.url), 'utf8')) as { cases: Record<string, Case> };

describe('attritionWeights matches R (glm fitted → share / p̂ → quantile type 7 caps)', () => {
  for (const [name, c] of Object.entries(ref.cases)) {
    it(name, () => {
      const observed = c.response_model.rows.map((r) => c.input.post[r] !== null);
      const r = attritionWeights(c.response_model.fitted, observed);
      const e = c.weights;
      expectCloseToR(r.share_observed, e.share_observed, `${name} share_observed`);
      expectCloseToR(r.cap_low, e.cap_low, `${name} cap_low`);
      expectCloseToR(r.cap_high, e.cap_high, `${name} cap_high`);
      expect(r.truncated_low, `${name} truncated_low`).toBe(e.truncated_low);
      expect(r.truncated_high, `${name} truncated_high`).toBe(e.truncated_high);
      expect(r.weights.filter((w) => w === null).length).toBe(observed.filter((o) => !o).length);
      const kept = r.weights.filter((w): w is number => w !== null);
      expect(kept.length).toBe(e.truncated.length);
      kept.forEach((w, k) => expectCloseToR(w, e.truncated[k], `${name} weight ${k}`));
      // the untruncated ones are R's raw share / p̂
      kept.forEach((w, k) => {
        if (w !== r.cap_low && w !== r.cap_high) expectCloseToR(w, e.raw[k], `${name} raw weight ${k}`);
      });
    });
  }

  it('the fixtures truncate at both ends', () => {
    for (const c of Object.values(ref.cases)) {
      expect(c.weights.truncated_low).toBeGreaterThan(0);
      expect(c.weights.truncated_high).toBeGreaterThan(0);
    }
  });

  it('the doc example (R 4.2.2: w <- (4/6) / c(.9, .8, .6, .7); quantile(w, c(.01, .99)))', () => {
    const r = attritionWeights([0.9, 0.8, 0.5, 0.6, 0.7, 0.4], [1, 1, 0, 1, 1, 0]);
    expect(r.share_observed).toBe(4 / 6);
    // R prints 0.7435185185 and 1.1063492063
    expectCloseToR(r.cap_low, 0.7435185185, 'cap_low', 1e-9);
    expectCloseToR(r.cap_high, 1.1063492063, 'cap_high', 1e-9);
    expect(r.weights[0]).toBe(r.cap_low);
    expect(r.weights[1]).toBe(4 / 6 / 0.8);
    expect(r.weights[2]).toBeNull();
    expect(r.weights[3]).toBe(r.cap_high);
    expect(r.weights[4]).toBe(4 / 6 / 0.7);
    expect(r.weights[5]).toBeNull();
    expect([r.truncated_low, r.truncated_high]).toEqual([1, 1]);
    // booleans as 0/1
    expect(attritionWeights([0.9, 0.8, 0.5, 0.6, 0.7, 0.4], [true, true, false, true, true, false])).toEqual(r);
  });

  it('one observed person or equal weights: nothing to truncate', () => {
    const one = attritionWeights([0.5, 0.3], [false, true]);
    expect(one.weights).toEqual([null, 0.5 / 0.3]);
    expect([one.truncated_low, one.truncated_high]).toEqual([0, 0]);
    const equal = attritionWeights([0.5, 0.5, 0.5, 0.2], [1, 1, 1, 0]);
    expect(equal.weights).toEqual([1.5, 1.5, 1.5, null]);
    expect([equal.truncated_low, equal.truncated_high]).toEqual([0, 0]);
  });

  it('refuses bad input', () => {
    expect(() => attritionWeights([0.5, 0.5], [0, 0])).toThrow(DegenerateData);
    expect(() => attritionWeights([0.5, 0], [1, 1])).toThrow(RangeError);
    expect(() => attritionWeights([0.5, Number.NaN], [1, 1])).toThrow(RangeError);
    expect(() => attritionWeights([0.5, 1.2], [1, 1])).toThrow(RangeError);
    expect(() => attritionWeights([0.5, 0.5], [1, 2])).toThrow(RangeError);
    expect(() => attritionWeights([0.5, 0.5], [1])).toThrow(RangeError);
    // an unobserved person's probability is not used
    expect(attritionWeights([0.5, Number.NaN], [1, 0]).weights).toEqual([1, null]);
  });
});
