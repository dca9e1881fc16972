/** newcombeDifference against Newcombe (1998) method 10 written out in R (test/reference/reconviction_proportions.R). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DegenerateData } from '../../../../pipeline/analyse/stats/degenerateData.ts';
import { newcombeDifference } from '../../../../pipeline/analyse/stats/newcombeDifference.ts';
import { expectCloseToR } from '../../../support/closeTo.ts';

const ref = JSON.parse(readFileSync(new URL('../../../reference/reconviction_proportions.json', import.meta.url), 'utf8'));

describe('newcombeDifference', () => {
  it('matches the R reference, including 0% and 100% groups', () => {
    for (const c of ref.newcombe as { x1: number; n1: number; x2: number; n2: number; difference: number; lower: number; upper: number }[]) {
      const d = newcombeDifference(c.x1, c.n1, c.x2, c.n2);
      const label = `${c.x1}/${c.n1} vs ${c.x2}/${c.n2}`;
      expectCloseToR(d.difference, c.difference, `${label} difference`);
      expectCloseToR(d.lower, c.lower, `${label} lower`);
      expectCloseToR(d.upper, c.upper, `${label} upper`);
    }
  });
  it('throws DegenerateData when a group has no one', () => {
    expect(() => newcombeDifference(0, 0, 3, 10)).toThrow(DegenerateData);
    expect(() => newcombeDifference(3, 10, 0, 0)).toThrow(DegenerateData);
  });
});
