/** designEffect (Kish 1965) against 1 + (m − 1) ICC written out in R with the ICCs of test/reference/intraclass.R. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { designEffect } from '../../../../pipeline/analyse/stats/designEffect.ts';
import { intraclassCorrelation } from '../../../../pipeline/analyse/stats/intraclassCorrelation.ts';
import { expectCloseToR } from '../../../support/closeTo.ts';

const ref = JSON.parse(readFileSync(new URL('../../../reference/intraclass.json', import.meta.url), 'utf8'));

describe('designEffect', () => {
  it('matches R for the reference ICCs (one-way and nested in arms)', () => {
    const oneway = intraclassCorrelation({ y: ref.data.y, cluster: ref.data.cluster });
    const nested = intraclassCorrelation({ y: ref.data.y, cluster: ref.data.cluster, stratum: ref.data.stratum });
    for (const [fit, r] of [[oneway, ref.design_effect.oneway], [nested, ref.design_effect.nested]] as const) {
      expectCloseToR(fit.n / fit.clusters, r.mean_cluster_size, 'mean cluster size');
      expectCloseToR(designEffect(fit.n / fit.clusters, fit.icc), r.deff, 'deff');
    }
  });
  it('matches R on a grid, including clusters of one and a negative ICC', () => {
    const g = ref.design_effect.grid as { mean_cluster_size: number[]; icc: number[]; deff: number[] };
    g.deff.forEach((d, i) => expectCloseToR(designEffect(g.mean_cluster_size[i]!, g.icc[i]!), d, `deff ${i}`));
  });
  it('invalid input throws RangeError', () => {
    expect(() => designEffect(0.5, 0.1)).toThrow(RangeError);
    expect(() => designEffect(Infinity, 0.1)).toThrow(RangeError);
    expect(() => designEffect(5, 1.5)).toThrow(RangeError);
    expect(() => designEffect(5, Number.NaN)).toThrow(RangeError);
  });
});
