import { describe, expect, it } from 'vitest';
import { scaleScore } from '../../../pipeline/derive/scaleScore.ts';

// 10 items scored 0-4 (scale 0-40), items 3 and 7 reverse-keyed, as the generator's measure.
const measure = { min: 0, max: 40, items: 10, reverseItems: [3, 7] };
const all = (r: number) => new Map(Array.from({ length: 10 }, (_, i) => [i + 1, r] as const));

describe('scaleScore', () => {
  it('sums items, reflecting reverse-keyed ones', () => {
    // Eight items at 1 plus two reflected items (4 − 1 = 3): 8 + 6.
    expect(scaleScore(all(1), measure)).toEqual({ score: 14, answered: 10, prorated: false });
  });

  it('prorates when at most 20% of items are missing', () => {
    const two = all(2);
    two.delete(1);
    two.delete(2);
    // Eight answered items at 2 (reflected items stay 2): 16 × 10/8.
    expect(scaleScore(two, measure)).toEqual({ score: 20, answered: 8, prorated: true });
  });

  it('gives no score when more than 20% are missing', () => {
    const three = all(2);
    [1, 2, 4].forEach((i) => three.delete(i));
    expect(scaleScore(three, measure)).toEqual({ score: null, answered: 7, prorated: false });
    expect(scaleScore(new Map(), measure).score).toBeNull();
  });
});
