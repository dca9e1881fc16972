/**
 * The rank test of secondary suppression (reports/disclosure/determinedCells.ts), kept up to
 * date as cells are withheld one at a time, against a reference written here: a dense rank
 * computation from scratch. An unknown t is determined exactly when e_t lies in the row space
 * of the coefficient matrix A over the unknowns, that is, when rank(A) − rank(A without
 * column t) = 1.
 */
import { describe, expect, it } from 'vitest';
import { DeterminedCells, determinedCells } from '../../../reports/disclosure/determinedCells.ts';
import { seededUniform } from './support/randomResults.ts';

/** Rank by Gaussian elimination with partial pivoting on a dense copy (small integer entries). */
function rank(matrix: number[][]): number {
  const a = matrix.map((r) => [...r]);
  const rows = a.length;
  const cols = rows ? a[0]!.length : 0;
  let r = 0;
  for (let c = 0; c < cols && r < rows; c++) {
    let best = r;
    for (let i = r + 1; i < rows; i++) if (Math.abs(a[i]![c]!) > Math.abs(a[best]![c]!)) best = i;
    if (Math.abs(a[best]![c]!) < 1e-9) continue;
    [a[r], a[best]] = [a[best]!, a[r]!];
    for (let i = 0; i < rows; i++) {
      if (i === r) continue;
      const f = a[i]![c]! / a[r]![c]!;
      if (f !== 0) for (let j = c; j < cols; j++) a[i]![j]! -= f * a[r]![j]!;
    }
    r++;
  }
  return r;
}

/** The reference: which of `unknowns` the relations determine. */
function referenceDetermined(unknowns: readonly string[], relations: readonly ReadonlyMap<string, number>[]): Set<string> {
  const matrix = relations.map((row) => unknowns.map((u) => row.get(u) ?? 0));
  const full = rank(matrix);
  return new Set(unknowns.filter((_, j) => full - rank(matrix.map((row) => row.filter((__, k) => k !== j))) === 1));
}

/** Random sparse relations over cells c00…: sums (coefficients ±1) and a few scaled ones (rates). */
function randomRelations(seed: number): { cells: string[]; relations: Map<string, number>[] } {
  const u = seededUniform(seed);
  const n = 6 + Math.floor(u() * 25);
  const cells = Array.from({ length: n }, (_, i) => `c${String(i).padStart(2, '0')}`);
  const relations: Map<string, number>[] = [];
  for (let r = 0; r < 2 + Math.floor(u() * n * 0.8); r++) {
    const row = new Map<string, number>();
    const size = 2 + Math.floor(u() * 4);
    for (let k = 0; k < size; k++) {
      const cell = cells[Math.floor(u() * n)]!;
      row.set(cell, (row.get(cell) ?? 0) + (k === 0 ? 1 : u() < 0.15 ? -(1 + Math.floor(u() * 3)) / 4 : -1));
    }
    relations.push(row);
  }
  return { cells, relations };
}

const SEEDS = Array.from({ length: 60 }, (_, i) => i + 1);

describe('DeterminedCells', () => {
  it('keeps the determined set right as unknowns are added one at a time (60 random systems)', () => {
    let changes = 0;
    let checks = 0;
    for (const seed of SEEDS) {
      const u = seededUniform(1000 + seed);
      const { cells, relations } = randomRelations(seed);
      const order = [...cells].sort(() => u() - 0.5);
      const start = order.slice(0, Math.floor(order.length / 3));
      const unknowns = [...start].sort();
      const echelon = new DeterminedCells(unknowns, relations);
      expect(echelon.determined(), `seed ${seed}, from scratch`).toEqual(referenceDetermined(unknowns, relations));
      let before = echelon.determined();
      for (const cell of order.slice(start.length)) {
        // Before adding it: would each determined cell stay determined?
        const now = [...unknowns];
        const withCell = referenceDetermined([...now, cell], relations);
        for (const target of before) {
          expect(echelon.staysDeterminedWith(target, cell), `seed ${seed}: ${target} with ${cell}`).toBe(withCell.has(target));
          // The batch form the search uses (row r of T filters, the exact test decides) agrees.
          expect(echelon.breaks(target)(cell), `seed ${seed}: breaks(${target})(${cell})`).toBe(!withCell.has(target));
          checks++;
        }
        echelon.addUnknown(cell);
        unknowns.push(cell);
        const after = echelon.determined();
        expect(after, `seed ${seed}, after adding ${cell}`).toEqual(withCell);
        if (after.size !== before.size || [...after].some((c) => !before.has(c))) changes++;
        before = after;
      }
    }
    // The systems exercise both kinds of update: cells newly determined and cells freed.
    expect(changes).toBeGreaterThan(100);
    expect(checks).toBeGreaterThan(500);
  });

  it('finds cells newly determined and cells no longer determined', () => {
    // m = a + x; m = b + y. With x, y unknown, both are determined; with m unknown too, neither is.
    const rows = [new Map([['m', 1], ['a', -1], ['x', -1]]), new Map([['m', 1], ['b', -1], ['y', -1]])];
    const echelon = new DeterminedCells(['x', 'y'], rows);
    expect(echelon.determined()).toEqual(new Set(['x', 'y']));
    expect(echelon.staysDeterminedWith('x', 'm')).toBe(false);
    expect(echelon.staysDeterminedWith('x', 'a')).toBe(false);
    expect(echelon.staysDeterminedWith('x', 'b')).toBe(true);
    expect(['m', 'a', 'b'].filter(echelon.breaks('x'))).toEqual(['m', 'a']);
    echelon.addUnknown('m');
    expect(echelon.determined()).toEqual(new Set());
    // A third relation m = c (c known) pins m, and with it x and y.
    const three = new DeterminedCells(['m', 'x', 'y'], [...rows, new Map([['m', 1], ['c', -1]])]);
    expect(three.determined()).toEqual(new Set(['m', 'x', 'y']));
    expect(determinedCells(['m', 'x', 'y'], rows)).toEqual(new Set());
  });
});
