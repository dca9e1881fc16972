/**
 * Holm adjustment against R's p.adjust(p, "holm") on the vectors in
 * test/reference/attitudes.json (ties, a missing value, a single p, values capped at 1).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { holmAdjust } from '../../../../pipeline/analyse/stats/holmAdjust.ts';
import { expectCloseToR } from '../../../support/closeTo.ts';

type Vector = number | null | (number | null)[];
const reference = JSON.parse(readFileSync(new URL('../../../reference/attitudes.json', import.meta.url), 'utf8')) as { holm: Record<string, { p: Vector; expected: Vector }> };
/** jsonlite's auto_unbox writes a length-1 vector as a scalar. */
const asArray = (x: Vector): (number | null)[] => (Array.isArray(x) ? x : [x]);

describe('holmAdjust matches R p.adjust(p, "holm")', () => {
  for (const [name, fixture] of Object.entries(reference.holm)) {
    it(name, () => {
      const expected = asArray(fixture.expected);
      const result = holmAdjust(asArray(fixture.p));
      expect(result).toHaveLength(expected.length);
      result.forEach((value, i) => expectCloseToR(value, expected[i], `${name}[${i}]`));
    });
  }

  it('empty input gives empty output', () => {
    expect(holmAdjust([])).toEqual([]);
  });

  it('refuses values that are not p-values', () => {
    expect(() => holmAdjust([0.2, 1.5])).toThrow(RangeError);
  });
});
