/** chiSquareUpperTail against R's pchisq(x, df, lower.tail = FALSE), down to 1e-32 (test/reference/reconviction_proportions.json). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chiSquareUpperTail, regularizedGammaP, regularizedGammaQ } from '../../../../pipeline/analyse/stats/regularizedGamma.ts';
import { expectCloseToR } from '../../../support/closeTo.ts';

const ref = JSON.parse(readFileSync(new URL('../../../reference/reconviction_proportions.json', import.meta.url), 'utf8'));

describe('regularizedGamma', () => {
  it('matches pchisq(lower.tail = FALSE) with relative precision in the far tail', () => {
    const { x, df, p } = ref.chisq_upper as { x: number[]; df: number[]; p: number[] };
    x.forEach((xi, i) => expectCloseToR(chiSquareUpperTail(xi, df[i]!), p[i], `x=${xi} df=${df[i]}`));
  });
  it('P + Q = 1', () => {
    for (const [a, z] of [[0.5, 0.3], [3, 2], [10, 14], [2.5, 40]] as const) expect(regularizedGammaP(a, z) + regularizedGammaQ(a, z)).toBeCloseTo(1, 14);
  });
});
