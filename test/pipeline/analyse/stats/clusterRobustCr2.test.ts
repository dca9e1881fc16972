/**
 * CR2 variance and Satterthwaite df against clubSandwich 0.5.8 (vcovCR(type = "CR2") and
 * coef_test(test = "Satterthwaite")) on the unbalanced-cluster fixtures of
 * test/reference/attitudes.R, for every coefficient; people without a group are singletons.
 */
import { describe, expect, it } from 'vitest';
import { clusterRows, clusterRobustCr2 } from '../../../../pipeline/analyse/stats/clusterRobustCr2.ts';
import { ordinaryLeastSquares } from '../../../../pipeline/analyse/stats/ordinaryLeastSquares.ts';
import { DegenerateData } from '../../../../pipeline/analyse/stats/degenerateData.ts';
import { ANCOVA_DATASETS, ancovaDesign, type AncovaDataset } from '../../../support/ancovaReference.ts';
import { expectCloseToR } from '../../../support/closeTo.ts';


function modelOf(f: AncovaDataset) {
  const { X, y, cluster } = ancovaDesign(f);
  return { fit: ordinaryLeastSquares(X, y), cluster };
}

describe('clusterRobustCr2 matches clubSandwich', () => {
  for (const [name, f] of Object.entries(ANCOVA_DATASETS)) {
    it(`${name}: ${f.expected.clusters} clusters, ${f.expected.singletons} singletons`, () => {
      const { fit, cluster } = modelOf(f);
      expect(f.expected.singletons).toBeGreaterThan(0);
      for (let k = 0; k < fit.p; k++) {
        const r = clusterRobustCr2(fit, cluster, k);
        expect(r.clusters).toBe(f.expected.clusters);
        expectCloseToR(r.se, f.expected.cr2_se_all[k], `${name} se[${k}]`);
        expectCloseToR(r.df, f.expected.cr2_df_all[k], `${name} df[${k}]`);
        expectCloseToR(r.p, f.expected.cr2_p_all[k], `${name} p[${k}]`);
        if (k === 0) {
          f.expected.cr2_vcov.forEach((row, a) => row.forEach((v, b) => expectCloseToR(r.vcov[a]?.[b], v, `${name} vcov[${a},${b}]`)));
        }
      }
    });
  }
});

describe('clusterRobustCr2 clusters and degenerate data', () => {
  it('treats null clusters as singletons', () => {
    expect(clusterRows(['a', null, 'a', null, 2, '2'])).toEqual([[0, 2], [1], [3], [4], [5]]);
  });

  it('a single cluster', () => {
    const fit = ordinaryLeastSquares([[1, 0], [1, 1], [1, 0], [1, 1], [1, 1]], [1, 3, 2, 5, 4]);
    expect(() => clusterRobustCr2(fit, ['g', 'g', 'g', 'g', 'g'], 1)).toThrow(DegenerateData);
    expect(() => clusterRobustCr2(fit, ['g', 'g', 'g', 'g', 'g'], 1)).toThrow(/only one cluster/);
  });

  it('a perfect fit leaves no standard error', () => {
    const fit = ordinaryLeastSquares([[1, 0], [1, 1], [1, 2], [1, 3]], [1, 3, 5, 7]);
    expect(() => clusterRobustCr2(fit, ['a', 'b', 'c', 'd'], 1)).toThrow(DegenerateData);
  });
});
