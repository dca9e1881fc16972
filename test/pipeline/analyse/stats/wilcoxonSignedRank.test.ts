/**
 * Wilcoxon signed rank test against R's wilcox.test(post, pre, paired = TRUE) defaults on the
 * fixtures written by test/reference/attitudes.R: exact (n < 50, no ties, no zeros, both
 * tails and the cap at 1), normal approximation with ties and zeros, exactly 50 pairs (R
 * approximates, stdlib alone would not), and n ≥ 50 with a very small p.
 */
import { readFileSync } from 'node:fs';
import wilcoxon from '@stdlib/stats-wilcoxon';
import { describe, expect, it } from 'vitest';
import { wilcoxonSignedRank } from '../../../../pipeline/analyse/stats/wilcoxonSignedRank.ts';
import { completePairs } from '../../../../pipeline/analyse/stats/pairedTTest.ts';
import { DegenerateData } from '../../../../pipeline/analyse/stats/degenerateData.ts';
import { expectCloseToR } from '../../../support/closeTo.ts';

interface Fixture {
  pre: (number | null)[];
  post: (number | null)[];
  expected: { n: number; n_nonzero: number; zeros: number; ties: boolean; exact: boolean; v: number; p: number };
}
const reference = JSON.parse(readFileSync(new URL('../../../reference/attitudes.json', import.meta.url), 'utf8')) as { wilcoxon: Record<string, Fixture> };

describe('wilcoxonSignedRank matches R wilcox.test(post, pre, paired = TRUE)', () => {
  for (const [name, fixture] of Object.entries(reference.wilcoxon)) {
    it(name, () => {
      const result = wilcoxonSignedRank(fixture.pre, fixture.post);
      expect(result.n).toBe(fixture.expected.n);
      expect(result.n_nonzero).toBe(fixture.expected.n_nonzero);
      expect(result.zeros).toBe(fixture.expected.zeros);
      expect(result.ties).toBe(fixture.expected.ties);
      expect(result.method).toBe(fixture.expected.exact ? 'exact' : 'normal');
      expectCloseToR(result.v, fixture.expected.v, `${name} V`);
      expectCloseToR(result.p, fixture.expected.p, `${name} p`);
    });
  }

  it('the fixtures include the cases stdlib alone gets wrong', () => {
    // n = 50 without ties: R approximates, stdlib's own rule (n > 50) is exact.
    const n50 = reference.wilcoxon.no_ties_n50 as Fixture;
    const pairs50 = completePairs(n50.pre, n50.post);
    const stdlib50 = wilcoxon(pairs50.post, pairs50.pre, { exact: false }).pValue;
    expect(Math.abs(stdlib50 - n50.expected.p) / n50.expected.p).toBeGreaterThan(1e-6);
    // V = n(n+1)/4: stdlib's two-sided exact p exceeds 1, R's is 1.
    const centre = reference.wilcoxon.exact_centre_n7 as Fixture;
    const pairsCentre = completePairs(centre.pre, centre.post);
    expect(wilcoxon(pairsCentre.post, pairsCentre.pre).pValue).toBeGreaterThan(1);
    expect(centre.expected.p).toBe(1);
    // p ≈ 1.7e-15 by the normal approximation: stdlib's 2·(1 − Φ(|z|)) loses it to cancellation.
    const tail = reference.wilcoxon.ties_zeros_n150 as Fixture;
    const pairsTail = completePairs(tail.pre, tail.post);
    const stdlibTail = wilcoxon(pairsTail.post, pairsTail.pre).pValue;
    expect(Math.abs(stdlibTail - tail.expected.p) / tail.expected.p).toBeGreaterThan(1e-6);
  });

  it('agrees with stdlib where stdlib follows R (moderate p, normal approximation)', () => {
    const fixture = reference.wilcoxon.ties_and_zeros_n30 as Fixture;
    const pairs = completePairs(fixture.pre, fixture.post);
    expectCloseToR(wilcoxonSignedRank(fixture.pre, fixture.post).p, wilcoxon(pairs.post, pairs.pre).pValue, 'stdlib p', 1e-12);
  });
});

describe('wilcoxonSignedRank\'s V', () => {
  it('equals stdlib\'s statistic, with ties, zeros and missing scores, at every size', () => {
    let seed = 11;
    const next = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (const n of [2, 7, 30, 49, 50, 51, 200, 3000]) {
      for (const spread of [2, 5, 40]) {
        // Whole-number scores on a short scale: many tied |changes| and some zeros; a few halves and gaps.
        const pre = Array.from({ length: n }, () => (next() < 0.05 ? null : Math.floor(next() * spread) + (next() < 0.1 ? 0.5 : 0)));
        const post = Array.from({ length: n }, () => (next() < 0.05 ? null : Math.floor(next() * spread)));
        const pairs = completePairs(pre, post);
        if (pairs.pre.length < 2 || pairs.pre.every((x, i) => x === pairs.post[i])) continue;
        expect(wilcoxonSignedRank(pre, post).v, `n ${n}, spread ${spread}`).toBe(wilcoxon(pairs.post, pairs.pre, { zeroMethod: 'wilcox' }).statistic);
      }
    }
  });
});

describe('wilcoxonSignedRank degenerate data', () => {
  it('fewer than 2 people with both scores', () => {
    expect(() => wilcoxonSignedRank([1], [2])).toThrow(/fewer than 2 people with both pre and post scores/);
    expect(() => wilcoxonSignedRank([1, null], [2, 3])).toThrow(DegenerateData);
  });

  it('every change zero', () => {
    expect(() => wilcoxonSignedRank([1, 2, 3], [1, 2, 3])).toThrow(DegenerateData);
  });
});
