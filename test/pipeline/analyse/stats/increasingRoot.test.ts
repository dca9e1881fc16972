/** increasingRoot: bisection to adjacent doubles, with the upper end extended as uniroot's extendInt = "upX". */
import { describe, expect, it } from 'vitest';
import { increasingRoot } from '../../../../pipeline/analyse/stats/increasingRoot.ts';

describe('increasingRoot', () => {
  it('finds a root to full precision, extending the upper end', () => {
    // x² − 2 changes sign between two adjacent doubles, one of which is returned
    expect(Math.abs(increasingRoot((x) => x * x - 2, 0, 1) - Math.SQRT2)).toBeLessThanOrEqual(2.3e-16);
    expect(increasingRoot((x) => Math.exp(x) - 1e6, 0, 1)).toBeCloseTo(Math.log(1e6), 14);
  });
  it('returns an end that is a root', () => {
    expect(increasingRoot((x) => x - 3, 3, 10)).toBe(3);
    expect(increasingRoot((x) => x - 10, 3, 10)).toBe(10);
  });
  it('throws RangeError when the target is not bracketed', () => {
    expect(() => increasingRoot((x) => x + 1, 0, 1)).toThrow(RangeError);
    expect(() => increasingRoot(() => -1, 0, 1, 1e3)).toThrow(RangeError);
    expect(() => increasingRoot((x) => (x > 0.5 ? Number.NaN : -1), 0, 1)).toThrow(RangeError);
  });
});
