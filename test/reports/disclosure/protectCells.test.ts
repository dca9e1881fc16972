import { describe, expect, it } from 'vitest';
import { addCell, addSum, emptyCellTable } from '../../../reports/disclosure/cellTable.ts';
import { isDisclosiveCount, isSmallBase } from '../../../reports/disclosure/countRule.ts';
import { determinedCells } from '../../../reports/disclosure/determinedCells.ts';
import { protectCells } from '../../../reports/disclosure/protectCells.ts';

describe('isDisclosiveCount', () => {
  it('withholds 1..minCell−1, and 0 only in a small or unknown base', async () => {
    expect([0, 1, 9, 10, 11].map((c) => isDisclosiveCount(c, 50, 10))).toEqual([false, true, true, false, false]);
    expect(isDisclosiveCount(0, 9, 10)).toBe(true);
    expect(isDisclosiveCount(0, null, 10)).toBe(true);
    expect(isSmallBase(9, 10)).toBe(true);
    expect(isSmallBase(10, 10)).toBe(false);
    expect(isSmallBase(null, 10)).toBe(true);
  });
});

describe('determinedCells', () => {
  it('finds an unknown pinned down by a chain of sums, and not one with a free partner', async () => {
    // m = a + x; m = b + y with a, b known: y − x is known, neither alone.
    const rows = [new Map([['m', 1], ['a', -1], ['x', -1]]), new Map([['m', 1], ['b', -1], ['y', -1]])];
    expect(determinedCells(['m', 'x', 'y'], rows)).toEqual(new Set());
    expect(determinedCells(['x', 'y'], rows)).toEqual(new Set(['x', 'y']));
    expect(determinedCells(['m', 'x'], [...rows, new Map([['m', 1], ['c', -1]])])).toEqual(new Set(['m', 'x']));
  });
});

describe('protectCells', () => {
  const table = (values: Record<string, number>) => {
    const t = emptyCellTable();
    const place = (i: number) => ({ section: 'attitudes.change' as const, index: i, path: 'x' });
    Object.entries(values).forEach(([id, value], i) => addCell(t, { id, value, place: place(i), base: values.n ?? null, total: id === 'n' }));
    return t;
  };

  it('withholds a second part when one part of a sum is small, preferring parts to the total', async () => {
    const t = table({ n: 60, improved: 25, unchanged: 30, deteriorated: 5 });
    addSum(t, 'n', ['improved', 'unchanged', 'deteriorated'], 'n = parts', 'defining');
    const p = await protectCells(t, 10);
    expect(p.primary).toEqual(new Set(['deteriorated']));
    expect(p.secondary).toEqual(new Set(['improved']));
  });

  it('keeps withholding until the withheld parts hold at least minCell people', async () => {
    const t = table({ n: 50, a: 2, b: 3, c: 20, d: 25 });
    addSum(t, 'n', ['a', 'b', 'c', 'd'], 'n = parts', 'defining');
    const p = await protectCells(t, 10);
    expect(p.suppressed).toEqual(new Set(['a', 'b', 'c']));
  });

  it('protects an implied small cell (n − reoffended) by withholding a printed one', async () => {
    const t = emptyCellTable();
    const at = (path: string) => ({ section: 'reconviction.rates' as const, index: 0, path });
    addCell(t, { id: 'n', value: 50, place: at('n'), base: 50, total: true });
    addCell(t, { id: 'reoffended', value: 46, place: at('reoffended'), base: 50 });
    addCell(t, { id: 'not', value: 4, base: 50 });
    addSum(t, 'n', ['reoffended', 'not'], 'complement', 'defining');
    expect((await protectCells(t, 10)).suppressed).toEqual(new Set(['reoffended']));
  });

  it('does not assume a checked relation the values do not obey', async () => {
    const t = table({ n: 60, a: 25, b: 30 });
    expect(addSum(t, 'n', ['a', 'b'], 'n = a + b', 'checked')).toBe(false);
    expect(t.relations).toEqual([]);
  });
});
