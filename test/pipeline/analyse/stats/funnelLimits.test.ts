/** Funnel limits against Spiegelhalter's formula written out with R's qpois/ppois/dpois (test/reference/monitoring.json). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DegenerateData } from '../../../../pipeline/analyse/stats/degenerateData.ts';
import { funnelCurve, funnelLimits, type FunnelPoint } from '../../../../pipeline/analyse/stats/funnelLimits.ts';
import { expectCloseToR } from '../../../support/closeTo.ts';

const reference = JSON.parse(readFileSync(join(import.meta.dirname, '../../../reference/monitoring.json'), 'utf8')) as { funnel: FunnelPoint[] };

describe('funnelLimits', () => {
  it.each(reference.funnel)('equals R at expected count $expected', (r) => {
    const ours = funnelLimits(r.expected);
    for (const k of ['lower_95', 'upper_95', 'lower_998', 'upper_998'] as const) expectCloseToR(ours[k], r[k], k);
  });

  it('narrows as the expected count grows, and nests the 95% limits inside the 99.8% ones', () => {
    const curve = funnelCurve(1, 1000, 30);
    for (let i = 1; i < curve.length; i++) expect(curve[i]!.upper_998).toBeLessThan(curve[i - 1]!.upper_998);
    for (const p of curve) {
      expect(p.lower_998).toBeLessThanOrEqual(p.lower_95);
      expect(p.upper_95).toBeLessThanOrEqual(p.upper_998);
    }
  });

  it('refuses an expected count of zero', () => {
    expect(() => funnelLimits(0)).toThrow(DegenerateData);
  });
});
