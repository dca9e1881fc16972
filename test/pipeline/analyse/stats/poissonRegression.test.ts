/**
 * poissonRegression against R's glm(family = poisson), with and without
 * offset(log(exposure)), and sandwich::vcovCL(fit, cluster = ~cluster, type = "HC0") from
 * test/reference/poisson_rate_ratio.json (412 people, 41 clusters, counts 0–5; and a
 * 12-person case in 4 clusters). z, p and CIs are normal Wald (R: lmtest::coeftest / coefci).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DegenerateData } from '../../../../pipeline/analyse/stats/degenerateData.ts';
import { poissonRegression } from '../../../../pipeline/analyse/stats/poissonRegression.ts';
import { expectCloseToR } from '../../../support/closeTo.ts';
import { expectWaldTermsCloseToR } from '../../../support/waldTermsCloseToR.ts';

const ref = JSON.parse(readFileSync(new URL('../../../reference/poisson_rate_ratio.json', import.meta.url), 'utf8'));

interface RGlm { terms: string[]; coef: number[]; se: number[]; robust_se: number[] | null; z: number[]; p: number[]; rate_ratio: number[]; lower: number[]; upper: number[]; deviance: number; vcov: number[][]; linear_predictor: number[] }

function compare(data: Record<string, number[]>, names: string[], opts: { cluster?: boolean; offset?: boolean }, r: RGlm, label: string) {
  const fit = poissonRegression({
    y: data.y!,
    covariates: Object.fromEntries(names.map((n) => [n, data[n]!])),
    ...(opts.offset ? { offset: data.exposure!.map(Math.log) } : {}),
    ...(opts.cluster ? { cluster: data.cluster! } : {}),
  });
  expect(fit.terms.map((t) => t.term)).toEqual(r.terms);
  expectCloseToR(fit.deviance, r.deviance, `${label} deviance`);
  expectWaldTermsCloseToR(fit.terms.map(({ rateRatio, ...t }) => ({ ...t, ratio: rateRatio })), r, r.rate_ratio, label, 'RR');
  const V = opts.cluster ? fit.robustVariance! : fit.modelVariance;
  V.forEach((row, j) => row.forEach((v, l) => expectCloseToR(v, r.vcov[j]![l], `${label} vcov[${j},${l}]`, 1e-6, 1e-10)));
  fit.linearPredictor.forEach((e, i) => expectCloseToR(e, r.linear_predictor[i], `${label} eta[${i}]`));
  if (opts.cluster) expect(fit.clusters).toBe(new Set(data.cluster).size);
}

const ADJ = ['treat', 'x1', 'x2'];

describe('poissonRegression', () => {
  it('matches glm, unadjusted', () => compare(ref.data, ['treat'], {}, ref.unadjusted, 'unadj'));
  it('matches glm + vcovCL HC0, unadjusted', () => compare(ref.data, ['treat'], { cluster: true }, ref.unadjusted_cluster, 'unadj cl'));
  it('matches glm, adjusted', () => compare(ref.data, ADJ, {}, ref.adjusted, 'adj'));
  it('matches glm + vcovCL HC0, adjusted', () => compare(ref.data, ADJ, { cluster: true }, ref.adjusted_cluster, 'adj cl'));
  it('matches glm with offset(log(exposure))', () => compare(ref.data, ADJ, { offset: true }, ref.offset, 'offset'));
  it('matches glm with offset + vcovCL HC0', () => compare(ref.data, ADJ, { offset: true, cluster: true }, ref.offset_cluster, 'offset cl'));
  it('matches glm on a 12-person case with offset', () => compare(ref.small_data, ['treat', 'x1'], { offset: true }, ref.small, 'small'));
  it('matches glm + vcovCL HC0 on a 12-person case in 4 clusters', () => compare(ref.small_data, ['treat', 'x1'], { offset: true, cluster: true }, ref.small_cluster, 'small cl'));

  describe('degenerate data throws DegenerateData', () => {
    it('no events', () => {
      expect(() => poissonRegression({ y: [0, 0, 0, 0], covariates: { x: [1, 2, 3, 4] } })).toThrow(/no one has an event/);
    });
    it('a group with no events (rate ratio 0, coefficient diverging)', () => {
      expect(() => poissonRegression({ y: [0, 0, 0, 0, 2, 1, 3, 1], covariates: { x: [0, 0, 0, 0, 1, 1, 1, 1] } })).toThrow(DegenerateData);
    });
    it('a level with no one (constant covariate)', () => {
      expect(() => poissonRegression({ y: [0, 1, 2, 1], covariates: { x: [1, 1, 1, 1] } })).toThrow(/single value/);
    });
    it('collinear covariates', () => {
      expect(() => poissonRegression({ y: [0, 1, 2, 1, 3], covariates: { a: [1, 2, 3, 4, 5], b: [2, 4, 6, 8, 10] } })).toThrow(DegenerateData);
    });
    it('a single cluster', () => {
      expect(() => poissonRegression({ y: [0, 1, 2, 1, 3, 0], covariates: { x: [1, 2, 3, 1, 2, 3.5] }, cluster: [1, 1, 1, 1, 1, 1] })).toThrow(/single cluster/);
    });
    it('an infinite offset (no exposure) or a missing covariate', () => {
      expect(() => poissonRegression({ y: [0, 1, 2, 1], covariates: { x: [1, 2, 3, 4] }, offset: [0, -Infinity, 0, 0] })).toThrow(DegenerateData);
      expect(() => poissonRegression({ y: [0, 1, 2, 1], covariates: { x: [1, Number.NaN, 3, 4] } })).toThrow(DegenerateData);
    });
  });
  describe('invalid input throws RangeError', () => {
    it('negative or non-integer counts', () => {
      expect(() => poissonRegression({ y: [0, -1, 2, 1], covariates: { x: [1, 2, 3, 4] } })).toThrow(RangeError);
      expect(() => poissonRegression({ y: [0, 1.5, 2, 1], covariates: { x: [1, 2, 3, 4] } })).toThrow(RangeError);
    });
    it('wrong lengths', () => {
      expect(() => poissonRegression({ y: [0, 1, 2, 1], covariates: { x: [1, 2, 3] } })).toThrow(RangeError);
      expect(() => poissonRegression({ y: [0, 1, 2, 1], covariates: { x: [1, 2, 3, 4] }, offset: [0, 0] })).toThrow(RangeError);
      expect(() => poissonRegression({ y: [0, 1, 2, 1], covariates: { x: [1, 2, 3, 4] }, cluster: [1, 2] })).toThrow(RangeError);
    });
  });
});
