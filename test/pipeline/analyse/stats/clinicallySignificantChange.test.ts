/**
 * Jacobson & Truax (1991) cut-offs c, a and b and recovered / improved / unchanged /
 * deteriorated counts, both directions, against the formulas written out in R
 * (test/reference/attitudes.R).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clinicallySignificantChange, type CutOffCriterion } from '../../../../pipeline/analyse/stats/clinicallySignificantChange.ts';
import type { Direction } from '../../../../pipeline/analyse/stats/reliableChange.ts';
import { DegenerateData } from '../../../../pipeline/analyse/stats/degenerateData.ts';
import { expectCloseToR } from '../../../support/closeTo.ts';

interface Fixture {
  pre: (number | null)[];
  post: (number | null)[];
  reliability: number;
  direction: Direction;
  norm_mean: number;
  norm_sd: number;
  criterion: CutOffCriterion;
  expected: Record<string, number | string>;
}
const reference = JSON.parse(readFileSync(new URL('../../../reference/attitudes.json', import.meta.url), 'utf8')) as { clinically_significant_change: Record<string, Fixture> };

describe('clinicallySignificantChange matches the R reference', () => {
  for (const [name, f] of Object.entries(reference.clinically_significant_change)) {
    it(`${name} (${f.direction}, cut-off ${f.criterion})`, () => {
      const result = clinicallySignificantChange(f.pre, f.post, {
        reliability: f.reliability,
        direction: f.direction,
        norm_mean: f.norm_mean,
        norm_sd: f.norm_sd,
        criterion: f.criterion,
      });
      const e = f.expected;
      expect(result.criterion).toBe(e.criterion);
      expect(result.n).toBe(e.n);
      expectCloseToR(result.cut_off, e.cut_off as number, 'cut_off');
      expectCloseToR(result.dysfunctional_mean, e.dysfunctional_mean as number, 'dysfunctional_mean');
      expectCloseToR(result.dysfunctional_sd, e.dysfunctional_sd as number, 'dysfunctional_sd');
      expect([result.recovered, result.improved, result.unchanged, result.deteriorated]).toEqual([e.recovered, e.improved, e.unchanged, e.deteriorated]);
      for (const field of ['pct_recovered', 'pct_improved', 'pct_unchanged', 'pct_deteriorated'] as const) {
        expectCloseToR(result[field], e[field] as number, field);
      }
    });
  }

  it('chooses c when both norms are known and a when the norm is not', () => {
    const f = reference.clinically_significant_change.lower_better_c as Fixture;
    const auto = clinicallySignificantChange(f.pre, f.post, { reliability: f.reliability, direction: f.direction, norm_mean: f.norm_mean, norm_sd: f.norm_sd });
    expect(auto.criterion).toBe('c');
    expectCloseToR(auto.cut_off, f.expected.cut_off as number, 'auto c');
    const withoutNorm = clinicallySignificantChange(f.pre, f.post, { reliability: f.reliability, direction: f.direction, norm_mean: null, norm_sd: null });
    expect(withoutNorm.criterion).toBe('a');
    const a = reference.clinically_significant_change.lower_better_a as Fixture;
    expectCloseToR(withoutNorm.cut_off, a.expected.cut_off as number, 'auto a');
  });
});

describe('clinicallySignificantChange degenerate data', () => {
  it('cut-off b or c without a norm', () => {
    expect(() => clinicallySignificantChange([1, 2, 3], [3, 5, 9], { reliability: 0.8, direction: 'higher_better', criterion: 'b' })).toThrow(DegenerateData);
  });
  it('fewer than 2 people with both scores', () => {
    expect(() => clinicallySignificantChange([1, null], [3, 5], { reliability: 0.8, direction: 'higher_better' })).toThrow(/fewer than 2 people/);
  });
});
