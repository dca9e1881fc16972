/**
 * intraclassCorrelation against the one-way ANOVA estimator with R's anova(lm()) mean squares
 * (test/reference/intraclass.R): 281 people in 34 unequal clusters (with singletons), one-way
 * and nested in two arms; a small example; a negative estimate; three strata, one with a
 * single cluster. n0 for the nested design is checked in R against E[MSB] computed exactly.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DegenerateData } from '../../../../pipeline/analyse/stats/degenerateData.ts';
import { intraclassCorrelation, type IntraclassCorrelation } from '../../../../pipeline/analyse/stats/intraclassCorrelation.ts';
import { expectCloseToR } from '../../../support/closeTo.ts';

interface RIcc { icc: number; msb: number; msw: number; n0: number; clusters: number; strata: number; n: number; df_between: number; df_within: number }
const ref = JSON.parse(readFileSync(new URL('../../../reference/intraclass.json', import.meta.url), 'utf8'));

function compare(fit: IntraclassCorrelation, r: RIcc, label: string): void {
  expectCloseToR(fit.icc, r.icc, `${label} icc`);
  expectCloseToR(fit.iccTruncated, Math.max(0, r.icc), `${label} icc truncated`);
  expectCloseToR(fit.msb, r.msb, `${label} msb`);
  expectCloseToR(fit.msw, r.msw, `${label} msw`);
  expectCloseToR(fit.n0, r.n0, `${label} n0`);
  expect([fit.clusters, fit.strata, fit.n, fit.dfBetween, fit.dfWithin]).toEqual([r.clusters, r.strata, r.n, r.df_between, r.df_within]);
}

describe('intraclassCorrelation matches the ANOVA estimator in R', () => {
  it('one-way, unequal clusters', () => compare(intraclassCorrelation({ y: ref.data.y, cluster: ref.data.cluster }), ref.results.oneway, 'one-way'));
  it('clusters nested in arms (MSB after stratum, nested n0)', () =>
    compare(intraclassCorrelation({ y: ref.data.y, cluster: ref.data.cluster, stratum: ref.data.stratum }), ref.results.nested, 'nested'));
  it('small example', () => compare(intraclassCorrelation(ref.small_data), ref.results.small, 'small'));
  it('negative estimate, truncated at 0', () => {
    const fit = intraclassCorrelation(ref.negative_data);
    compare(fit, ref.results.negative, 'negative');
    expect(fit.icc).toBeLessThan(0);
    expect(fit.iccTruncated).toBe(0);
  });
  it('three strata, one with a single cluster', () => compare(intraclassCorrelation(ref.three_strata_data), ref.results.three_strata, 'three strata'));

  describe('degenerate and invalid data', () => {
    it('one cluster, or one cluster per stratum: DegenerateData', () => {
      expect(() => intraclassCorrelation({ y: [1, 2, 3], cluster: [1, 1, 1] })).toThrow(DegenerateData);
      expect(() => intraclassCorrelation({ y: [1, 2, 3, 4], cluster: [1, 1, 2, 2], stratum: ['a', 'a', 'b', 'b'] })).toThrow(/each stratum has only one cluster/);
    });
    it('every cluster a singleton: DegenerateData', () => {
      expect(() => intraclassCorrelation({ y: [1, 2, 3], cluster: [1, 2, 3] })).toThrow(/one person/);
    });
    it('a constant outcome: DegenerateData', () => {
      expect(() => intraclassCorrelation({ y: [2, 2, 2, 2], cluster: [1, 1, 2, 2] })).toThrow(/does not vary/);
    });
    it('a missing outcome: DegenerateData', () => {
      expect(() => intraclassCorrelation({ y: [1, Number.NaN, 2, 3], cluster: [1, 1, 2, 2] })).toThrow(DegenerateData);
    });
    it('a cluster in two strata, or mismatched lengths: RangeError', () => {
      expect(() => intraclassCorrelation({ y: [1, 2, 3, 4, 5], cluster: [1, 1, 2, 2, 2], stratum: ['a', 'b', 'b', 'b', 'b'] })).toThrow(RangeError);
      expect(() => intraclassCorrelation({ y: [1, 2, 3], cluster: [1, 1] })).toThrow(RangeError);
      expect(() => intraclassCorrelation({ y: [1, 2, 3], cluster: [1, 1, 2], stratum: ['a'] })).toThrow(RangeError);
    });
  });
});
