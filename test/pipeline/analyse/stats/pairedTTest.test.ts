/**
 * Paired t-test against R's t.test(post, pre, paired = TRUE) on the fixtures written by
 * test/reference/attitudes.R, and the degenerate cases.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { completePairs, pairedTTest } from '../../../../pipeline/analyse/stats/pairedTTest.ts';
import { DegenerateData } from '../../../../pipeline/analyse/stats/degenerateData.ts';
import { expectCloseToR } from '../../../support/closeTo.ts';

interface Fixture {
  pre: (number | null)[];
  post: (number | null)[];
  expected: Record<string, number>;
}
const reference = JSON.parse(readFileSync(new URL('../../../reference/attitudes.json', import.meta.url), 'utf8')) as { paired_t: Record<string, Fixture> };

describe('pairedTTest matches R t.test(post, pre, paired = TRUE)', () => {
  for (const [name, fixture] of Object.entries(reference.paired_t)) {
    it(name, () => {
      const result = pairedTTest(fixture.pre, fixture.post);
      expect(result.n).toBe(fixture.expected.n);
      for (const field of ['mean_pre', 'mean_post', 'mean_change', 'sd_change', 't', 'df', 'p', 'ci_low', 'ci_high'] as const) {
        expectCloseToR(result[field], fixture.expected[field], `${name} ${field}`);
      }
    });
  }

  it('covers negative changes and missing scores', () => {
    expect(reference.paired_t.negative_change_n25?.expected.mean_change).toBeLessThan(0);
    const missing = reference.paired_t.missing_scores_n140 as Fixture;
    expect(missing.pre.filter((x) => x === null).length).not.toBe(missing.post.filter((x) => x === null).length);
  });

  it('accepts typed arrays, with NaN as missing', () => {
    const fixture = reference.paired_t.missing_scores_n140 as Fixture;
    const pre = Float64Array.from(fixture.pre, (x) => (x === null ? NaN : x));
    const post = Float64Array.from(fixture.post, (x) => (x === null ? NaN : x));
    expectCloseToR(pairedTTest(pre, post).p, fixture.expected.p, 'typed-array p');
  });
});

describe('pairedTTest degenerate data', () => {
  it('fewer than 2 people with both scores', () => {
    expect(() => pairedTTest([1, null, 3], [2, 4, null])).toThrow(DegenerateData);
    expect(() => pairedTTest([1, null, 3], [2, 4, null])).toThrow(/fewer than 2 people with both pre and post scores/);
    expect(() => pairedTTest([], [])).toThrow(DegenerateData);
  });

  it('zero variance of change', () => {
    expect(() => pairedTTest([1, 2, 3, 4], [3, 4, 5, 6])).toThrow(/zero variance/);
    expect(() => pairedTTest([1, 2, 3], [1, 2, 3])).toThrow(DegenerateData);
  });

  it('refuses pre and post of different lengths', () => {
    expect(() => completePairs([1, 2], [1])).toThrow(RangeError);
  });
});
