import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { coxRobustScoreTest } from '../../../../pipeline/analyse/stats/robustScoreTest.ts';
import { DegenerateData } from '../../../../pipeline/analyse/stats/degenerateData.ts';

const reference = JSON.parse(readFileSync(join(import.meta.dirname, '../../../reference/robust_logrank.json'), 'utf8')) as {
  cases: { time: number[]; event: number[]; treat: number[]; z?: number[]; cluster: string[]; chisq: number; df: number; p: number }[];
};
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-300, Math.abs(b));

describe('coxRobustScoreTest (summary(coxph(..., cluster =))$robscore)', () => {
  it('equals R on every reference case to 1e-6 relative', () => {
    expect(reference.cases).toHaveLength(4);
    for (const c of reference.cases) {
      const r = coxRobustScoreTest({ time: c.time, event: c.event, covariates: Array.isArray(c.z) ? { treat: c.treat, z: c.z } : { treat: c.treat }, cluster: c.cluster });
      expect(rel(r.chisq, c.chisq)).toBeLessThan(1e-6);
      expect(r.df).toBe(c.df);
      expect(rel(r.p, c.p)).toBeLessThan(1e-6);
    }
  });
  it('refuses a single cluster', () => {
    expect(() => coxRobustScoreTest({ time: [1, 2, 3, 4], event: [1, 1, 0, 1], covariates: { t: [0, 1, 0, 1] }, cluster: ['a', 'a', 'a', 'a'] })).toThrow(DegenerateData);
  });
});
