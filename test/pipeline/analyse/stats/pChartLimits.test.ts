/** p-chart limits against the formula written out in R (test/reference/monitoring.json). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DegenerateData } from '../../../../pipeline/analyse/stats/degenerateData.ts';
import { pChartLimits } from '../../../../pipeline/analyse/stats/pChartLimits.ts';
import { expectCloseToR } from '../../../support/closeTo.ts';

const reference = JSON.parse(readFileSync(join(import.meta.dirname, '../../../reference/monitoring.json'), 'utf8')) as {
  pchart: { centre: number; n: number; lcl: number; ucl: number }[];
};

describe('pChartLimits', () => {
  it.each(reference.pchart)('equals R for p = $centre, n = $n', (r) => {
    const ours = pChartLimits(r.centre, r.n);
    expectCloseToR(ours.lcl, r.lcl, 'lcl');
    expectCloseToR(ours.ucl, r.ucl, 'ucl');
  });

  it('refuses an empty quarter', () => {
    expect(() => pChartLimits(0.2, 0)).toThrow(DegenerateData);
  });
});
