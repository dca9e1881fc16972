/** logRankTest against R's survdiff on test/reference/reconviction_survival.json (2 and 3 groups, heavy ties). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DegenerateData } from '../../../../pipeline/analyse/stats/degenerateData.ts';
import { logRankTest } from '../../../../pipeline/analyse/stats/logRankTest.ts';
import { expectCloseToR } from '../../../support/closeTo.ts';

const ref = JSON.parse(readFileSync(new URL('../../../reference/reconviction_survival.json', import.meta.url), 'utf8'));

function compare(group: (string | number)[], r: { chisq: number; df: number; p: number; groups: string[]; n: number[]; observed: number[]; expected: number[] }, label: string) {
  const lr = logRankTest(ref.data.time, ref.data.event, group);
  expectCloseToR(lr.chisq, r.chisq, `${label} chisq`);
  expect(lr.df).toBe(r.df);
  expectCloseToR(lr.p, r.p, `${label} p`);
  expect(lr.groups.map((g) => String(g.group))).toEqual(r.groups);
  lr.groups.forEach((g, i) => {
    expect(g.n).toBe(r.n[i]);
    expect(g.observed).toBe(r.observed[i]);
    expectCloseToR(g.expected, r.expected[i], `${label} expected ${g.group}`);
  });
}

describe('logRankTest', () => {
  it('matches survdiff for two groups', () => compare(ref.data.bc, ref.logrank_bc, 'bc'));
  it('matches survdiff for three groups', () => compare(ref.data.arm, ref.logrank_arm, 'arm'));

  it('throws DegenerateData for one group, zero events, and a group never at risk at an event', () => {
    expect(() => logRankTest([1, 2, 3], [1, 1, 0], ['a', 'a', 'a'])).toThrow(DegenerateData);
    expect(() => logRankTest([1, 2, 3, 4], [0, 0, 0, 0], ['a', 'b', 'a', 'b'])).toThrow(DegenerateData);
    expect(() => logRankTest([1, 2, 3, 0.5], [1, 1, 0, 0], ['a', 'a', 'a', 'b'])).toThrow(DegenerateData);
  });
});
