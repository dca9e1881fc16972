/**
 * d_z, d_av (with its delta-method CI) and g_av against the same formulas computed
 * independently in R (test/reference/attitudes.R, with R's own sd, cor and qnorm).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { standardisedChange } from '../../../../pipeline/analyse/stats/standardisedChange.ts';
import { pairedTTest } from '../../../../pipeline/analyse/stats/pairedTTest.ts';
import { DegenerateData } from '../../../../pipeline/analyse/stats/degenerateData.ts';
import { expectCloseToR } from '../../../support/closeTo.ts';

interface Fixture {
  pre: (number | null)[];
  post: (number | null)[];
  expected: Record<string, number>;
}
const reference = JSON.parse(readFileSync(new URL('../../../reference/attitudes.json', import.meta.url), 'utf8')) as { standardised_change: Record<string, Fixture> };

const FIELDS = ['sd_pre', 'sd_post', 'r', 'd_z', 'd_av', 'se_d_av', 'd_av_ci_low', 'd_av_ci_high', 'hedges_correction', 'g_av', 'g_av_ci_low', 'g_av_ci_high'] as const;

describe('standardisedChange matches the R reference', () => {
  for (const [name, fixture] of Object.entries(reference.standardised_change)) {
    it(name, () => {
      const result = standardisedChange(fixture.pre, fixture.post);
      expect(result.n).toBe(fixture.expected.n);
      for (const field of FIELDS) expectCloseToR(result[field], fixture.expected[field], `${name} ${field}`);
    });
  }

  it('d_z is the paired t statistic over √n', () => {
    const fixture = reference.standardised_change.negative_change_n25 as Fixture;
    const t = pairedTTest(fixture.pre, fixture.post);
    expectCloseToR(standardisedChange(fixture.pre, fixture.post).d_z, t.t / Math.sqrt(t.n), 'd_z vs t/√n', 1e-12);
  });
});

describe('standardisedChange degenerate data', () => {
  it('fewer than 2 people with both scores', () => {
    expect(() => standardisedChange([1, 2], [null, 3])).toThrow(/fewer than 2 people/);
  });
  it('zero variance of change', () => {
    expect(() => standardisedChange([1, 2, 3], [2, 3, 4])).toThrow(DegenerateData);
  });
});
