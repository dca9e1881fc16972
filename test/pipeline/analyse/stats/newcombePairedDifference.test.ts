import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newcombeDifference } from '../../../../pipeline/analyse/stats/newcombeDifference.ts';
import { newcombePairedDifference } from '../../../../pipeline/analyse/stats/newcombePairedDifference.ts';
import { DegenerateData } from '../../../../pipeline/analyse/stats/degenerateData.ts';

const reference = JSON.parse(readFileSync(join(import.meta.dirname, '../../../reference/newcombe_paired.json'), 'utf8')) as {
  paired: { both: number; treated_only: number; control_only: number; neither: number; difference: number; phi: number; lower: number; upper: number }[];
};
const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));

describe('newcombePairedDifference (Newcombe 1998, paired, method 10)', () => {
  it('equals the R reference (written out from the paper) on every case', () => {
    for (const r of reference.paired) {
      const d = newcombePairedDifference({ both: r.both, treatedOnly: r.treated_only, controlOnly: r.control_only, neither: r.neither });
      close(d.difference, r.difference);
      close(d.phi, r.phi);
      close(d.lower, r.lower);
      close(d.upper, r.upper);
    }
    expect(reference.paired.length).toBeGreaterThan(15);
  });

  it('reproduces the paper\'s example (a): 0.0569 to 0.3404', () => {
    const d = newcombePairedDifference({ both: 36, treatedOnly: 12, controlOnly: 2, neither: 0 });
    expect(d.lower).toBeCloseTo(0.0569, 4);
    expect(d.upper).toBeCloseTo(0.3404, 4);
  });

  it('is narrower than the independent interval when pairs share the outcome, and equal when φ = 0', () => {
    const table = { both: 20, treatedOnly: 6, controlOnly: 4, neither: 70 };
    const paired = newcombePairedDifference(table);
    const independent = newcombeDifference(26, 100, 24, 100);
    expect(paired.phi).toBeGreaterThan(0);
    expect(paired.upper - paired.lower).toBeLessThan(independent.upper - independent.lower);
    const zero = newcombePairedDifference({ both: 0, treatedOnly: 0, controlOnly: 0, neither: 10 });
    const zeroIndependent = newcombeDifference(0, 10, 0, 10);
    close(zero.lower, zeroIndependent.lower);
    close(zero.upper, zeroIndependent.upper);
  });

  it('refuses no pairs and non-counts', () => {
    expect(() => newcombePairedDifference({ both: 0, treatedOnly: 0, controlOnly: 0, neither: 0 })).toThrow(DegenerateData);
    expect(() => newcombePairedDifference({ both: 1.5, treatedOnly: 0, controlOnly: 0, neither: 3 })).toThrow(RangeError);
  });
});
