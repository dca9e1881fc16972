/**
 * OLS by QR against R's lm() on the ANCOVA fixtures of test/reference/attitudes.R:
 * coefficients, residuals and (XᵀX)⁻¹ (summary.lm()$cov.unscaled).
 */
import { describe, expect, it } from 'vitest';
import { hatMatrixBlock, leverages, ordinaryLeastSquares } from '../../../../pipeline/analyse/stats/ordinaryLeastSquares.ts';
import { DegenerateData } from '../../../../pipeline/analyse/stats/degenerateData.ts';
import { ANCOVA_DATASETS, ancovaDesign } from '../../../support/ancovaReference.ts';
import { expectCloseToR } from '../../../support/closeTo.ts';



describe('ordinaryLeastSquares matches R lm()', () => {
  for (const [name, f] of Object.entries(ANCOVA_DATASETS)) {
    it(name, () => {
      const { X, y } = ancovaDesign(f);
      const fit = ordinaryLeastSquares(X, y);
      expect(fit.n).toBe(f.expected.n);
      fit.coefficients.forEach((b, k) => expectCloseToR(b, f.expected.coefficients[k], `coefficient ${k}`));
      Array.from(fit.residuals).forEach((e, i) => expectCloseToR(e, f.expected.residuals[i], `residual ${i}`, 1e-6, 1e-8));
      f.expected.xtx_inverse.forEach((row, a) => row.forEach((value, b) => expectCloseToR(fit.xtxInverse.get(a, b), value, `(XᵀX)⁻¹[${a},${b}]`)));
    });
  }

  it('hat-matrix blocks agree with the leverages', () => {
    const { X, y } = ancovaDesign(ANCOVA_DATASETS.pre_only!);
    const fit = ordinaryLeastSquares(X, y);
    const block = hatMatrixBlock(fit, [0, 5, 9]);
    expectCloseToR(block.get(1, 1), leverages(fit)[5], 'H[5,5]', 1e-12);
    expectCloseToR(block.get(0, 2), block.get(2, 0), 'symmetric', 1e-12);
    const trace = Array.from(leverages(fit)).reduce((s, h) => s + h, 0);
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
