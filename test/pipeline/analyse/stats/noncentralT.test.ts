/**
 * noncentralTCdf against R's pt(q, df, ncp) and pt(..., lower.tail = FALSE) (AS 243, pnt.c)
 * over a grid of q (both signs), df 2–500 (one fractional) and ncp −1.5–10, plus the normal
 * approximation branches (df > 4e5, |ncp| > 37.62) and the early 0 for q < 0, ncp > 40,
 * from test/reference/power.json.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { noncentralTCdf } from '../../../../pipeline/analyse/stats/noncentralT.ts';
import { expectCloseToR } from '../../../support/closeTo.ts';

const ref = JSON.parse(readFileSync(new URL('../../../reference/power.json', import.meta.url), 'utf8'));
const grid = ref.noncentral_t as { q: number[]; df: number[]; ncp: number[]; lower: number[]; upper: number[] };

/**
 * R sums the series in long double and returns one tail as 1 − tnc, so a tail probability
 * below 1e-8 carries R's rounding of ~1e-16 absolute (pnt's own accuracy is 1e-12): those are
 * compared to 1e-14 absolute (floor 1e-8 × 1e-6); everything larger to 1e-6 relative.
 */
const FLOOR = 1e-8;

describe('noncentralTCdf matches R pt(q, df, ncp)', () => {
  it(`lower and upper tails over the grid (${grid.q.length} points)`, () => {
    expect(grid.q.length).toBeGreaterThan(500);
    for (let i = 0; i < grid.q.length; i++) {
      const label = `pt(${grid.q[i]}, ${grid.df[i]}, ncp = ${grid.ncp[i]})`;
      expectCloseToR(noncentralTCdf(grid.q[i]!, grid.df[i]!, grid.ncp[i]!), grid.lower[i], label, 1e-6, FLOOR);
      expectCloseToR(noncentralTCdf(grid.q[i]!, grid.df[i]!, grid.ncp[i]!, false), grid.upper[i], `${label} upper`, 1e-6, FLOOR);
    }
  });

  it('infinite quantiles', () => {
    expect(noncentralTCdf(Infinity, 5, 1)).toBe(1);
    expect(noncentralTCdf(-Infinity, 5, 1)).toBe(0);
    expect(noncentralTCdf(Infinity, 5, 1, false)).toBe(0);
  });

  it('refuses invalid parameters', () => {
    expect(() => noncentralTCdf(1, 0, 1)).toThrow(RangeError);
    expect(() => noncentralTCdf(1, -2, 1)).toThrow(RangeError);
    expect(() => noncentralTCdf(Number.NaN, 5, 1)).toThrow(RangeError);
    expect(() => noncentralTCdf(1, 5, Infinity)).toThrow(RangeError);
  });
});
