/**
 * Equality to R's reference values: |actual - expected| <= rel * max(|expected|, floor).
 * The floor (default 1e-12) keeps values that are 0 in R from demanding exact zeros.
 */
import { expect } from 'vitest';

export const R_TOLERANCE = 1e-6;

export function expectCloseToR(actual: number | null | undefined, expected: number | null | undefined, label = '', rel = R_TOLERANCE, floor = 1e-12): void {
  if (expected === null || expected === undefined || (typeof expected === 'number' && !Number.isFinite(expected))) {
    expect(actual, label).toEqual(expected);
    return;
  }
  expect(typeof actual, `${label}: expected a number`).toBe('number');
  const scale = Math.max(Math.abs(expected), floor);
  const err = Math.abs((actual as number) - expected) / scale;
  expect(err, `${label}: ${actual} vs R ${expected} (relative error ${err.toExponential(2)})`).toBeLessThanOrEqual(rel);
}
