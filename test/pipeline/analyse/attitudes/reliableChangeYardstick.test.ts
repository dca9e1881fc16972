import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pooledPreSd } from '../../../../pipeline/analyse/attitudes/reliableChangeYardstick.ts';
import { clinicallySignificantChange } from '../../../../pipeline/analyse/stats/clinicallySignificantChange.ts';
import { reliableChange } from '../../../../pipeline/analyse/stats/reliableChange.ts';

type Level = { pre: number[]; post: number[]; improved: number; unchanged: number; deteriorated: number; recovered: number; csc_improved: number };
const reference = JSON.parse(readFileSync(join(import.meta.dirname, '../../../reference/reliable_change_pooled.json'), 'utf8')) as {
  cases: { reliability: number; direction: 'higher_better' | 'lower_better'; norm_mean: number; norm_sd: number; pooled_sd: number; grand_mean: number; se_diff: number; cutoff: number; treatment: Level; reference: Level }[];
};
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-12, Math.abs(b));

describe('one reliable change yardstick for both levels (written out in R)', () => {
  it('pools the pre-score SD within levels and classifies both levels by it, as R does', () => {
    expect(reference.cases).toHaveLength(3);
    for (const c of reference.cases) {
      const sd = pooledPreSd([c.treatment.pre, c.reference.pre])!;
      expect(rel(sd, c.pooled_sd)).toBeLessThan(1e-12);
      for (const level of [c.treatment, c.reference]) {
        const r = reliableChange(level.pre, level.post, c.reliability, c.direction, sd);
        expect(rel(r.se_diff, c.se_diff)).toBeLessThan(1e-12);
        expect([r.improved, r.unchanged, r.deteriorated]).toEqual([level.improved, level.unchanged, level.deteriorated]);
        const csc = clinicallySignificantChange(level.pre, level.post, { reliability: c.reliability, direction: c.direction, norm_mean: c.norm_mean, norm_sd: c.norm_sd, sd_pre: sd, mean_pre: c.grand_mean });
        expect(rel(csc.cut_off, c.cutoff)).toBeLessThan(1e-12);
        expect([csc.recovered, csc.improved]).toEqual([level.recovered, level.csc_improved]);
      }
    }
  });
  it('ignores groups of fewer than two, and gives null without any degrees of freedom', () => {
    expect(pooledPreSd([[1, 3], [5]])).toBeCloseTo(Math.SQRT2, 12);
    expect(pooledPreSd([[1], []])).toBeNull();
  });
});
