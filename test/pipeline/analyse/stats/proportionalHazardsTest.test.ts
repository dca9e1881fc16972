/** proportionalHazardsTest against R's cox.zph(fit) (survival 3.5, transform = "km") on test/reference/reconviction_survival.json. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { coxProportionalHazards } from '../../../../pipeline/analyse/stats/coxProportionalHazards.ts';
import { DegenerateData } from '../../../../pipeline/analyse/stats/degenerateData.ts';
import { proportionalHazardsTest } from '../../../../pipeline/analyse/stats/proportionalHazardsTest.ts';
import { expectCloseToR } from '../../../support/closeTo.ts';

const ref = JSON.parse(readFileSync(new URL('../../../reference/reconviction_survival.json', import.meta.url), 'utf8'));

function compare(names: string[], cluster: boolean, r: { terms: string[]; chisq: number[]; df: number[]; p: number[] }, label: string) {
  const data = {
    time: ref.data.time,
    event: ref.data.event,
    covariates: Object.fromEntries(names.map((n) => [n, ref.data[n]])),
    ...(cluster ? { cluster: ref.data.cluster } : {}),
  };
  const fit = coxProportionalHazards(data);
  const ph = proportionalHazardsTest(data, fit.terms.map((t) => t.coefficient));
  const rows = [...ph.terms, ph.global];
  expect(rows.map((t) => t.term)).toEqual(r.terms);
  rows.forEach((t, i) => {
    expectCloseToR(t.chisq, r.chisq[i], `${label} ${t.term} chisq`);
    expect(t.df).toBe(r.df[i]);
    expectCloseToR(t.p, r.p[i], `${label} ${t.term} p`);
  });
}

describe('proportionalHazardsTest (cox.zph)', () => {
  it('matches cox.zph for the unadjusted model', () => compare(['bc'], false, ref.zph_unadjusted, 'unadj'));
  it('matches cox.zph for the adjusted model', () => compare(['bc', 'ogrs', 'age', 'band4'], false, ref.zph_adjusted, 'adj'));
  it('matches cox.zph for the clustered adjusted model (clustering does not change it)', () =>
    compare(['bc', 'ogrs', 'age', 'band4'], true, ref.zph_adjusted_cluster, 'adj cl'));

  it('throws DegenerateData when every reconviction is on the same day', () => {
    const data = { time: [10, 10, 10, 10, 20, 20], event: [1, 1, 1, 1, 0, 0], covariates: { x: [1, 0, 1, 0, 1, 0] } };
    expect(() => proportionalHazardsTest(data, [0.1])).toThrow(DegenerateData);
  });
  it('throws DegenerateData for zero events', () => {
    expect(() => proportionalHazardsTest({ time: [1, 2, 3], event: [0, 0, 0], covariates: { x: [1, 0, 1] } }, [0])).toThrow(DegenerateData);
  });
});
