/**
 * ANCOVA post ~ pre + indicator (+ covariates) with CR2 / Satterthwaite on the indicator,
 * against lm() + clubSandwich coef_test / conf_int (test/reference/attitudes.R): pre only,
 * three covariates with missing values, and two covariates with few clusters.
 */
import { describe, expect, it } from 'vitest';
import { ancova } from '../../../../pipeline/analyse/stats/ancova.ts';
import { DegenerateData } from '../../../../pipeline/analyse/stats/degenerateData.ts';
import { ANCOVA_DATASETS } from '../../../support/ancovaReference.ts';
import { expectCloseToR } from '../../../support/closeTo.ts';


describe('ancova matches lm + clubSandwich CR2 / Satterthwaite', () => {
  for (const [name, f] of Object.entries(ANCOVA_DATASETS)) {
    it(name, () => {
      const covariates = Array.isArray(f.covariates) ? {} : f.covariates;
      const r = ancova({ pre: f.pre, post: f.post, indicator: f.indicator, cluster: f.group, covariates });
      const e = f.expected;
      expect(r.n).toBe(e.n);
      expect(r.clusters).toBe(e.clusters);
      expect(r.dropped_missing_covariate).toBe(e.dropped_missing_covariate);
      expect(r.dropped_missing_score).toBe(0);
      expect(r.covariates).toEqual(Object.keys(covariates));
      for (const field of ['estimate', 'se', 'df', 't', 'p', 'ci_low', 'ci_high', 'pooled_sd_pre', 'std_estimate'] as const) {
        expectCloseToR(r[field], e[field], `${name} ${field}`);
      }
    });
  }

  it('the fixtures cover pre-only and 2–3 covariates, with dropped rows', () => {
    const counts = Object.values(ANCOVA_DATASETS).map((f) => (Array.isArray(f.covariates) ? 0 : Object.keys(f.covariates).length));
    expect(counts.sort()).toEqual([0, 2, 3]);
    expect(ANCOVA_DATASETS.three_covariates?.expected.dropped_missing_covariate).toBeGreaterThan(0);
  });

  it('drops people missing a score and reports them', () => {
    const f = ANCOVA_DATASETS.pre_only!;
    const post: (number | null)[] = [...f.post];
    post[0] = null;
    post[7] = null;
    const r = ancova({ pre: f.pre, post, indicator: f.indicator, cluster: f.group });
    expect(r.dropped_missing_score).toBe(2);
    expect(r.n).toBe((f.expected.n as number) - 2);
  });
});

describe('ancova degenerate data', () => {
  it('a single cluster', () => {
    expect(() =>
      ancova({ pre: [1, 2, 3, 4, 5, 6], post: [2, 2, 4, 5, 5, 8], indicator: [0, 1, 0, 1, 0, 1], cluster: ['g', 'g', 'g', 'g', 'g', 'g'] }),
    ).toThrow(/only one cluster/);
  });
  it('everyone in the same arm', () => {
    expect(() => ancova({ pre: [1, 2, 3, 4], post: [2, 2, 4, 5], indicator: [1, 1, 1, 1], cluster: ['a', 'b', 'c', 'd'] })).toThrow(DegenerateData);
  });
  it('too few people for the model', () => {
    expect(() => ancova({ pre: [1, 2, 3], post: [2, 2, 4], indicator: [0, 1, 0], cluster: [null, null, null] })).toThrow(DegenerateData);
  });
});
