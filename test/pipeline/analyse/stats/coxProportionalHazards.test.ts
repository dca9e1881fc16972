/**
 * coxProportionalHazards against R's coxph(ties = "efron"), naive and with cluster =, on
 * test/reference/reconviction_survival.json (480 people, 30-day ties, censoring, 48 clusters).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { coxProportionalHazards, type CoxData } from '../../../../pipeline/analyse/stats/coxProportionalHazards.ts';
import { DegenerateData } from '../../../../pipeline/analyse/stats/degenerateData.ts';
import { expectCloseToR } from '../../../support/closeTo.ts';
import { expectWaldTermsCloseToR } from '../../../support/waldTermsCloseToR.ts';

const ref = JSON.parse(readFileSync(new URL('../../../reference/reconviction_survival.json', import.meta.url), 'utf8'));

interface RCox { terms: string[]; coef: number[]; se: number[]; robust_se: number[] | null; z: number[]; p: number[]; hr: number[]; lower: number[]; upper: number[]; loglik: number[]; n: number; nevent: number }

function data(names: string[], cluster: boolean): CoxData {
  return {
    time: ref.data.time,
    event: ref.data.event,
    covariates: Object.fromEntries(names.map((n) => [n, ref.data[n]])),
    ...(cluster ? { cluster: ref.data.cluster } : {}),
  };
}

function compare(names: string[], cluster: boolean, r: RCox, label: string) {
  const fit = coxProportionalHazards(data(names, cluster));
  expect(fit.terms.map((t) => t.term)).toEqual(r.terms);
  expect(fit.n).toBe(r.n);
  expect(fit.events).toBe(r.nevent);
  expectCloseToR(fit.loglik[0], r.loglik[0], `${label} loglik0`);
  expectCloseToR(fit.loglik[1], r.loglik[1], `${label} loglik`);
  expectWaldTermsCloseToR(fit.terms.map(({ hazardRatio, ...t }) => ({ ...t, ratio: hazardRatio })), r, r.hr, label, 'HR');
  return fit;
}

const ADJ = ['bc', 'ogrs', 'age', 'band4'];

describe('coxProportionalHazards (Efron ties)', () => {
  it('matches coxph unadjusted, naive', () => compare(['bc'], false, ref.cox_unadjusted, 'unadj'));
  it('matches coxph unadjusted with cluster = programme group', () => {
    const fit = compare(['bc'], true, ref.cox_unadjusted_cluster, 'unadj cl');
    expect(fit.clusters).toBe(new Set(ref.data.cluster).size);
  });
  it('matches coxph adjusted (indicator + 3 covariates), naive', () => compare(ADJ, false, ref.cox_adjusted, 'adj'));
  it('matches coxph adjusted with cluster =', () => compare(ADJ, true, ref.cox_adjusted_cluster, 'adj cl'));

  describe('degenerate data throws DegenerateData', () => {
    const time = [5, 8, 8, 12, 15, 20, 22, 30, 31, 40];
    const event = [1, 1, 1, 0, 1, 1, 0, 1, 0, 1];
    const x = [1, 0, 1, 0, 1, 0, 0, 1, 1, 0];
    it('zero events', () => {
      expect(() => coxProportionalHazards({ time, event: event.map(() => 0), covariates: { x } })).toThrow(DegenerateData);
    });
    it('a level with no one (constant covariate)', () => {
      expect(() => coxProportionalHazards({ time, event, covariates: { x: x.map(() => 1) } })).toThrow(/single value/);
    });
    it('perfect separation (no events in one group: coefficient diverges)', () => {
      const ev = x.map((v, i) => (v === 1 ? event[i]! : 0));
      expect(() => coxProportionalHazards({ time, event: ev, covariates: { x } })).toThrow(DegenerateData);
    });
    it('a single cluster', () => {
      expect(() => coxProportionalHazards({ time, event, covariates: { x }, cluster: time.map(() => 'g1') })).toThrow(/single cluster/);
    });
    it('no one', () => {
      expect(() => coxProportionalHazards({ time: [], event: [], covariates: { x: [] } })).toThrow(DegenerateData);
    });
  });
});
