import { describe, expect, it } from 'vitest';
import { inBatches, STREAM_BATCH_ROWS } from '../../../pipeline/db/dialect.ts';

const collect = async <R>(batches: AsyncIterable<R[]>) => {
  const out: R[][] = [];
  for await (const b of batches) out.push(b);
  return out;
};

async function* asyncRows(n: number) {
  for (let i = 0; i < n; i++) yield i;
}

describe('inBatches (how streamRows hands rows over)', () => {
  it('keeps the order, fills every batch but the last, and yields no empty batch', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => i);
    expect(await collect(inBatches(rows, 4))).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
    expect(await collect(inBatches(rows.slice(0, 8), 4))).toEqual([[0, 1, 2, 3], [4, 5, 6, 7]]);
    expect(await collect(inBatches([], 4))).toEqual([]);
  });

  it('takes an async source (the PostgreSQL cursor) the same way as a synchronous one (better-sqlite3)', async () => {
    expect(await collect(inBatches(asyncRows(10), 4))).toEqual(await collect(inBatches(Array.from({ length: 10 }, (_, i) => i), 4)));
    const big = await collect(inBatches(asyncRows(STREAM_BATCH_ROWS + 1)));
    expect(big.map((b) => b.length)).toEqual([STREAM_BATCH_ROWS, 1]);
  });

  it('closes a synchronous source when the reader stops early', async () => {
    let closed = false;
    const source = {
      *[Symbol.iterator]() {
        try {
          for (let i = 0; ; i++) yield i;
        } finally {
          closed = true;
        }
      },
    };
    for await (const batch of inBatches(source, 3)) {
      expect(batch).toEqual([0, 1, 2]);
      break;
    }
    expect(closed).toBe(true);
  });
});
