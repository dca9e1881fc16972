import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { riskDifferenceCr2 } from '../../../../pipeline/analyse/stats/riskDifferenceCr2.ts';
import { DegenerateData } from '../../../../pipeline/analyse/stats/degenerateData.ts';

const reference = JSON.parse(readFileSync(join(import.meta.dirname, '../../../reference/risk_difference_cr2.json'), 'utf8')) as {
  cases: { y: number[]; treat: number[]; cluster: string[]; estimate: number; se: number; df: number; ci_low: number; ci_high: number; clusters: number }[];
};
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-12, Math.abs(b));

describe('riskDifferenceCr2 (lm(y ~ treat) with clubSandwich CR2 + Satterthwaite)', () => {
  it('equals R on every reference case to 1e-6 relative', () => {
    expect(reference.cases.length).toBe(4);
    for (const c of reference.cases) {
      const r = riskDifferenceCr2(c.y, c.treat, c.cluster);
      for (const k of ['estimate', 'se', 'df', 'ci_low', 'ci_high'] as const) expect(rel(r[k], c[k]), k).toBeLessThan(1e-6);
      expect(r.clusters).toBe(c.clusters);
    }
  });
  it('refuses a comparison with one level only, and non-binary values', () => {
    expect(() => riskDifferenceCr2([0, 1, 1], [1, 1, 1], ['a', 'b', 'c'])).toThrow(DegenerateData);
    expect(() => riskDifferenceCr2([0, 2, 1], [1, 0, 1], ['a', 'b', 'c'])).toThrow(RangeError);
  });
});
