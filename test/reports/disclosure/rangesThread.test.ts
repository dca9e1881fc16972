import { afterAll, describe, expect, it } from 'vitest';
import { addCell, addSum, emptyCellTable, type CellTable } from '../../../reports/disclosure/cellTable.ts';
import { protectCells, TWO_THREADS_FROM } from '../../../reports/disclosure/protectCells.ts';
import { startRangesThread } from '../../../reports/disclosure/rangesThread.ts';

/**
 * A two-way table of seeded counts, rows × columns, with its row, column and grand totals: a
 * third of the inner counts are 1 to 9 (withheld as [low] at min_cell 10), all linked by the
 * totals into one component, as a national table's largest is.
 */
function twoWayTable(rows: number, columns: number, seed: number): CellTable {
  let state = seed;
  const next = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const t = emptyCellTable();
  let index = 0;
  const place = () => ({ section: 'monitoring.quarterly' as const, index: index++, path: 'n' });
  const inner = Array.from({ length: rows }, () => Array.from({ length: columns }, () => (next() < 0.35 ? 1 + Math.floor(next() * 9) : next() < 0.1 ? 0 : 10 + Math.floor(next() * 60))));
  const cell = (r: number, c: number) => `c${r}_${c}`;
  inner.forEach((row, r) => row.forEach((v, c) => addCell(t, { id: cell(r, c), value: v, place: place(), base: 1000 })));
  const rowTotals = inner.map((row, r) => addCell(t, { id: `r${r}`, value: row.reduce((a, b) => a + b, 0), place: place(), base: 1000, total: true }));
  const columnTotals = inner[0]!.map((_, c) => addCell(t, { id: `k${c}`, value: inner.reduce((a, row) => a + row[c]!, 0), place: place(), base: 1000, total: true }));
  const grand = addCell(t, { id: 'n', value: inner.flat().reduce((a, b) => a + b, 0), place: place(), base: 1000, total: true });
  inner.forEach((row, r) => addSum(t, rowTotals[r]!, row.map((_, c) => cell(r, c)), 'row total', 'defining'));
  inner[0]!.forEach((_, c) => addSum(t, columnTotals[c]!, inner.map((_, r) => cell(r, c)), 'column total', 'defining'));
  addSum(t, grand, rowTotals, 'grand total', 'defining');
  return t;
}

describe("disclosure control's second thread", () => {
  const thread = startRangesThread();
  afterAll(() => thread.stop());

  it('withholds the same cells, for the same reasons, with the same ranges, as one thread', async () => {
    const table = twoWayTable(28, 28, 5);
    const one = await protectCells(table, 10);
    // The component is large enough to be split between the threads.
    expect(one.intervals.size).toBeGreaterThanOrEqual(TWO_THREADS_FROM);
    expect(one.primary.size).toBeGreaterThan(150);
    const two = await protectCells(table, 10, { thread });
    expect(two).toEqual(one);
    expect([...two.intervals]).toEqual([...one.intervals]);
  }, 60_000);

  it('solves here what a stopped thread cannot, with the same result', async () => {
    const table = twoWayTable(20, 20, 9);
    const one = await protectCells(table, 10);
    const stopped = startRangesThread();
    await stopped.stop();
    await expect(stopped.feasibleRanges({ lower: [0], upper: [1], rows: [] }, [0])).rejects.toThrow(/stopped/);
    expect(await protectCells(table, 10, { thread: stopped })).toEqual(one);
  }, 60_000);
});
