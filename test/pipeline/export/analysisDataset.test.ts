import { describe, expect, it } from 'vitest';
import { sequenceNumbers } from '../../../pipeline/export/analysisDataset.ts';

describe('sequenceNumbers', () => {
  it('numbers each pseudonym once, 1…n, in an order that is not the pseudonyms\' own', () => {
    const pseudonyms = Array.from({ length: 200 }, (_, i) => `per-${String(i + 1).padStart(6, '0')}`);
    const numbers = sequenceNumbers([...pseudonyms, ...pseudonyms.slice(0, 10)], 1);
    expect([...numbers.values()].sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    // In pseudonym order the numbers are shuffled: far from 1, 2, 3, …
    const inOrder = pseudonyms.map((p) => numbers.get(p)!);
    expect(inOrder.filter((n, i) => n === i + 1).length).toBeLessThan(10);
  });

  it('is the same for the same seed and differs for another', () => {
    const pseudonyms = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    expect([...sequenceNumbers(pseudonyms, 7)]).toEqual([...sequenceNumbers([...pseudonyms].reverse(), 7)]);
    expect([...sequenceNumbers(pseudonyms, 7)].map(([p, n]) => `${p}${n}`)).not.toEqual([...sequenceNumbers(pseudonyms, 8)].map(([p, n]) => `${p}${n}`));
  });
});
