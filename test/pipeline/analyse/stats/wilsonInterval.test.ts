/** wilsonInterval against R's prop.test(x, n, correct = FALSE)$conf.int (test/reference/reconviction_proportions.json). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DegenerateData } from '../../../../pipeline/analyse/stats/degenerateData.ts';
import { wilsonInterval } from '../../../../pipeline/analyse/stats/wilsonInterval.ts';
import { expectCloseToR } from '../../../support/closeTo.ts';

const ref = JSON.parse(readFileSync(new URL('../../../reference/reconviction_proportions.json', import.meta.url), 'utf8'));

describe('wilsonInterval', () => {
  it('matches prop.test(correct = FALSE), including x = 0 and x = n', () => {
    for (const c of ref.wilson as { x: number; n: number; estimate: number; lower: number; upper: number }[]) {
      const w = wilsonInterval(c.x, c.n);
      expectCloseToR(w.proportion, c.estimate, `${c.x}/${c.n} estimate`);
      expectCloseToR(w.lower, c.lower, `${c.x}/${c.n} lower`);
      expectCloseToR(w.upper, c.upper, `${c.x}/${c.n} upper`);
    }
  });
  it('throws DegenerateData for n = 0 or an impossible count', () => {
    expect(() => wilsonInterval(0, 0)).toThrow(DegenerateData);
    expect(() => wilsonInterval(5, 4)).toThrow(DegenerateData);
  });
});
