/**
 * logisticRegression against R's glm(family = binomial) and
 * sandwich::vcovCL(fit, cluster = ~cluster, type = "HC0") from
 * test/reference/reconviction_logistic.json (520 people, 37 clusters).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DegenerateData } from '../../../../pipeline/analyse/stats/degenerateData.ts';
import { logisticRegression } from '../../../../pipeline/analyse/stats/logisticRegression.ts';
import { expectCloseToR } from '../../../support/closeTo.ts';
import { expectWaldTermsCloseToR } from '../../../support/waldTermsCloseToR.ts';

const ref = JSON.parse(readFileSync(new URL('../../../reference/reconviction_logistic.json', import.meta.url), 'utf8'));

interface RGlm { terms: string[]; coef: number[]; se: number[]; robust_se: number[] | null; z: number[]; p: number[]; or: number[]; lower: number[]; upper: number[]; deviance: number; vcov: number[][]; linear_predictor: number[] }

function compare(names: string[], cluster: boolean, r: RGlm, label: string) {
  const fit = logisticRegression({
    y: ref.data.y,
    covariates: Object.fromEntries(names.map((n) => [n, ref.data[n]])),
    ...(cluster ? { cluster: ref.data.cluster } : {}),
  });
  expect(fit.terms.map((t) => t.term)).toEqual(r.terms);
  expectCloseToR(fit.deviance, r.deviance, `${label} deviance`);
  expectWaldTermsCloseToR(fit.terms.map(({ oddsRatio, ...t }) => ({ ...t, ratio: oddsRatio })), r, r.or, label, 'OR');
  const V = cluster ? fit.robustVariance! : fit.modelVariance;
  V.forEach((row, j) => row.forEach((v, l) => expectCloseToR(v, r.vcov[j]![l], `${label} vcov[${j},${l}]`, 1e-6, 1e-10)));
  fit.linearPredictor.forEach((e, i) => expectCloseToR(e, r.linear_predictor[i], `${label} eta[${i}]`));
}

const ADJ = ['bc', 'ogrs', 'age', 'band4'];

describe('logisticRegression', () => {
  it('matches glm, unadjusted', () => compare(['bc'], false, ref.unadjusted, 'unadj'));
  it('matches glm + vcovCL HC0, unadjusted', () => compare(['bc'], true, ref.unadjusted_cluster, 'unadj cl'));
  it('matches glm, adjusted', () => compare(ADJ, false, ref.adjusted, 'adj'));
  it('matches glm + vcovCL HC0, adjusted', () => compare(ADJ, true, ref.adjusted_cluster, 'adj cl'));

  describe('degenerate data throws DegenerateData', () => {
    it('perfect separation', () => {
      expect(() => logisticRegression({ y: [0, 0, 0, 1, 1, 1], covariates: { x: [1, 2, 3, 4, 5, 6] } })).toThrow(DegenerateData);
    });
    it('quasi-complete separation (a level in which everyone has the outcome)', () => {
      expect(() => logisticRegression({ y: [0, 1, 0, 1, 1, 1, 1], covariates: { x: [0, 0, 0, 0, 1, 1, 1] } })).toThrow(DegenerateData);
    });
    it('no outcomes / all outcomes', () => {
      expect(() => logisticRegression({ y: [0, 0, 0], covariates: { x: [1, 2, 3] } })).toThrow(DegenerateData);
      expect(() => logisticRegression({ y: [1, 1, 1], covariates: { x: [1, 2, 3] } })).toThrow(DegenerateData);
    });
    it('a level with no one (constant covariate)', () => {
      expect(() => logisticRegression({ y: [0, 1, 0, 1], covariates: { x: [1, 1, 1, 1] } })).toThrow(/single value/);
    });
    it('a single cluster', () => {
      expect(() => logisticRegression({ y: [0, 1, 0, 1, 1, 0], covariates: { x: [1, 2, 3, 1, 2, 3.5] }, cluster: [1, 1, 1, 1, 1, 1] })).toThrow(/single cluster/);
    });
  });
});
