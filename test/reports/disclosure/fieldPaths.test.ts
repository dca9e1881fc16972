import { describe, expect, it } from 'vitest';
import { valueAtPath, withSuppressedFields } from '../../../reports/disclosure/fieldPaths.ts';

describe('withSuppressedFields', () => {
  const record: { n: number; rci: { improved: number | null; unchanged: number }; classed: { window_months: number; n: number | null }[]; p: number | null; suppressed?: string[] } = {
    n: 12,
    rci: { improved: 3, unchanged: 9 },
    classed: [{ window_months: 12, n: 5 }, { window_months: 24, n: 40 }],
    p: null,
  };

  it('nulls fields by path, nested and keyed, lists them, and leaves the input alone', () => {
    const before = structuredClone(record);
    const out = withSuppressedFields(record, ['rci.improved', 'classed.12.n']);
    expect(record).toEqual(before);
    expect(out).toEqual({ ...record, rci: { improved: null, unchanged: 9 }, classed: [{ window_months: 12, n: null }, { window_months: 24, n: 40 }], suppressed: ['rci.improved', 'classed.12.n'], suppressed_reason: { 'rci.improved': 'low', 'classed.12.n': 'low' } });
    expect(valueAtPath(out, 'classed.24.n')).toBe(40);
  });

  it('neither lists nor changes a value that was already null (not computed is not suppressed)', () => {
    expect(withSuppressedFields(record, ['p'])).toBe(record);
  });
});
