/**
 * Jacobson & Truax (1991) reliable change counts against the formulas written out in R
 * (test/reference/attitudes.R), for a higher_better and a lower_better measure.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyReliableChange, reliableChange, type Direction } from '../../../../pipeline/analyse/stats/reliableChange.ts';
import { DegenerateData } from '../../../../pipeline/analyse/stats/degenerateData.ts';
import { expectCloseToR } from '../../../support/closeTo.ts';

interface Fixture {
  pre: (number | null)[];
  post: (number | null)[];
  reliability: number;
  direction: Direction;
  expected: { n: number; sd_pre: number; se_diff: number; rci: number[]; improved: number; unchanged: number; deteriorated: number; pct_improved: number; pct_unchanged: number; pct_deteriorated: number };
}
const reference = JSON.parse(readFileSync(new URL('../../../reference/attitudes.json', import.meta.url), 'utf8')) as { reliable_change: Record<string, Fixture> };

describe('reliableChange matches the R reference', () => {
  for (const [name, fixture] of Object.entries(reference.reliable_change)) {
    it(`${name} (${fixture.direction})`, () => {
      const result = reliableChange(fixture.pre, fixture.post, fixture.reliability, fixture.direction);
      const e = fixture.expected;
      expect(result.n).toBe(e.n);
      expectCloseToR(result.sd_pre, e.sd_pre, 'sd_pre');
      expectCloseToR(result.se_diff, e.se_diff, 'se_diff');
      expect(result.rci).toHaveLength(e.rci.length);
      result.rci.forEach((value, i) => expectCloseToR(value, e.rci[i], `rci[${i}]`));
      expect([result.improved, result.unchanged, result.deteriorated]).toEqual([e.improved, e.unchanged, e.deteriorated]);
      expectCloseToR(result.pct_improved, e.pct_improved, 'pct_improved');
      expectCloseToR(result.pct_unchanged, e.pct_unchanged, 'pct_unchanged');
      expectCloseToR(result.pct_deteriorated, e.pct_deteriorated, 'pct_deteriorated');
    });
  }

  it('both directions are covered with every class present', () => {
    const directions = Object.values(reference.reliable_change).map((f) => f.direction).sort();
    expect(directions).toEqual(['higher_better', 'lower_better']);
    for (const f of Object.values(reference.reliable_change)) {
      expect(f.expected.improved).toBeGreaterThan(0);
      expect(f.expected.deteriorated).toBeGreaterThan(0);
    }
  });

  it('classifies in the measure direction', () => {
    expect(classifyReliableChange(2.5, 'higher_better')).toBe('improved');
    expect(classifyReliableChange(2.5, 'lower_better')).toBe('deteriorated');
    expect(classifyReliableChange(-1.96, 'lower_better')).toBe('unchanged');
  });
});

describe('reliableChange degenerate data', () => {
  it('fewer than 2 people with both scores', () => {
    expect(() => reliableChange([1], [2], 0.8, 'higher_better')).toThrow(/fewer than 2 people/);
  });
  it('pre scores with zero SD', () => {
    expect(() => reliableChange([5, 5, 5], [4, 6, 7], 0.8, 'higher_better')).toThrow(DegenerateData);
  });
  it('reliability of 1 or outside [0, 1)', () => {
    expect(() => reliableChange([1, 2, 3], [2, 2, 5], 1, 'higher_better')).toThrow(DegenerateData);
    expect(() => reliableChange([1, 2, 3], [2, 2, 5], -0.1, 'higher_better')).toThrow(DegenerateData);
  });
});
