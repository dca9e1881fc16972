/**
 * OLS by QR against R's lm() on the ANCOVA fixtures of test/reference/attitudes.R:
 * coefficients, residuals and (XᵀX)⁻¹ (summary.lm()$cov.unscaled).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hatMatrixBlock, ordinaryLeastSquares } from '../../../../pipeline/analyse/stats/ordinaryLeastSquares.ts';
import { DegenerateData } from '../../../../pipeline/analyse/stats/degenerateData.ts';
import { expectCloseToR } from '../../../support/closeTo.ts';

interface Fixture {
  pre: number[];
  post: number[];
  indicator: number[];
  group: (number | null)[];
  covariates: Record<string, (number | null)[]> | [];
  expected: { n: number; coefficients: number[]; residuals: number[]; xtx_inverse: number[][] };
}
const reference = JSON.parse(readFileSync(new URL('../../../reference/attitudes.json', import.meta.url), 'utf8')) as { ancova: Record<string, Fixture> };

/** The rows lm() fits: complete cases of post ~ pre + indicator + covariates, in R's column order. */
function designOf(f: Fixture): { X: number[][]; y: number[] } {
  const covariates = Array.isArray(f.covariates) ? [] : Object.values(f.covariates);
  const X: number[][] = [];
  const y: number[] = [];
  f.pre.forEach((pre, i) => {
    const row = covariates.map((c) => c[i]);
    if (row.some((v) => v === null)) return;
    X.push([1, pre, f.indicator[i] as number, ...(row as number[])]);
    y.push(f.post[i] as number);
  });
  return { X, y };
}

describe('ordinaryLeastSquares matches R lm()', () => {
  for (const [name, f] of Object.entries(reference.ancova)) {
    it(name, () => {
      const { X, y } = designOf(f);
      const fit = ordinaryLeastSquares(X, y);
      expect(fit.n).toBe(f.expected.n);
      fit.coefficients.forEach((b, k) => expectCloseToR(b, f.expected.coefficients[k], `coefficient ${k}`));
      Array.from(fit.residuals).forEach((e, i) => expectCloseToR(e, f.expected.residuals[i], `residual ${i}`, 1e-6, 1e-8));
      f.expected.xtx_inverse.forEach((row, a) => row.forEach((value, b) => expectCloseToR(fit.xtxInverse.get(a, b), value, `(XᵀX)⁻¹[${a},${b}]`)));
    });
  }

  it('hat-matrix blocks agree with the leverages', () => {
    const { X, y } = designOf(reference.ancova.pre_only as Fixture);
    const fit = ordinaryLeastSquares(X, y);
    const block = hatMatrixBlock(fit, [0, 5, 9]);
    expectCloseToR(block.get(1, 1), fit.leverage[5], 'H[5,5]', 1e-12);
    expectCloseToR(block.get(0, 2), block.get(2, 0), 'symmetric', 1e-12);
    const trace = Array.from(fit.leverage).reduce((s, h) => s + h, 0);
    expectCloseToR(trace, fit.p, 'trace of H = p', 1e-10);
  });
});

describe('ordinaryLeastSquares degenerate data', () => {
  it('collinear regressors', () => {
    expect(() => ordinaryLeastSquares([[1, 1, 2], [1, 2, 4], [1, 3, 6], [1, 4, 8]], [1, 2, 3, 5])).toThrow(/collinear/);
  });
  it('no residual degrees of freedom', () => {
    expect(() => ordinaryLeastSquares([[1, 0], [1, 1]], [1, 2])).toThrow(DegenerateData);
  });
});
