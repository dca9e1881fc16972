/**
 * Aliased covariates (issue 12): a covariate that is a sum of others, or constant, is left
 * out as R gives it NA, and the rest is fitted exactly as R fits it (lm, glm binomial,
 * coxph; test/reference/aliased_covariates.R).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { estimableCovariates } from '../../../pipeline/analyse/modelCovariates.ts';
import { coxProportionalHazards } from '../../../pipeline/analyse/stats/coxProportionalHazards.ts';
import { logisticRegression } from '../../../pipeline/analyse/stats/logisticRegression.ts';
import { ordinaryLeastSquares } from '../../../pipeline/analyse/stats/ordinaryLeastSquares.ts';
import { modelColumns } from '../../../pipeline/analyse/reconviction/cohortColumns.ts';
import { planSchema } from '../../../schemas/plan.ts';

type Fit = { names: string[]; coef: number[]; se: number[] };
const r = JSON.parse(readFileSync(join(import.meta.dirname, '../../reference/aliased_covariates.json'), 'utf8')) as {
  treat: number[]; x1: number[]; x2: number[]; x3: number[]; x4: number[]; y: number[]; b: number[]; time: number[]; status: number[]; aliased: string[]; lm: Fit; glm: Fit; coxph: Fit;
};
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-12, Math.abs(b));

describe('estimableCovariates', () => {
  const { kept, dropped } = estimableCovariates([r.treat.map(() => 1), r.treat], { x1: r.x1, x2: r.x2, x3: r.x3, x4: r.x4 });
  it('drops the covariates R gives NA: a sum of others, and a constant', () => {
    expect(dropped).toEqual(r.aliased);
    expect(Object.keys(kept)).toEqual(['x1', 'x2']);
  });
  it('then fits what lm, glm and coxph fit, to 1e-6', () => {
    const ols = ordinaryLeastSquares(r.y.map((_, i) => [1, r.treat[i]!, r.x1[i]!, r.x2[i]!]), r.y);
    ols.coefficients.forEach((c, j) => expect(rel(c, r.lm.coef[j]!)).toBeLessThan(1e-6));
    const logit = logisticRegression({ y: r.b, covariates: { treat: r.treat, ...kept } });
    logit.terms.forEach((t, j) => {
      expect(rel(t.coefficient, r.glm.coef[j]!)).toBeLessThan(1e-6);
      expect(rel(t.se, r.glm.se[j]!)).toBeLessThan(1e-6);
    });
    const cox = coxProportionalHazards({ time: r.time, event: r.status, covariates: { treat: r.treat, ...kept } });
    cox.terms.forEach((t, j) => {
      expect(rel(t.coefficient, r.coxph.coef[j]!)).toBeLessThan(1e-6);
      expect(rel(t.se, r.coxph.se[j]!)).toBeLessThan(1e-6);
    });
  });
});


describe('modelColumns with a covariate constant in the sample', () => {
  it('leaves it out of the columns and names it in droppedTerms, instead of failing the model', () => {
    const comparison = planSchema.parse({ comparisons: [{ id: 'p', by: 'programme_family', treatment: 'building_choices', reference: 'legacy_specialist' }] }).comparisons[0]!;
    const members = Array.from({ length: 12 }, (_, i) => ({
      levels: { programme_family: i % 2 ? 'building_choices' : 'legacy_specialist' },
      covariates: { age_at_index: 30 + i, prior_convictions: 2, ogrs: 0.1 * (i % 5) },
      cluster: `g${i % 4}`,
    })) as never[];
    const cols = modelColumns(members, comparison, ['age_at_index', 'prior_convictions', 'ogrs']);
    expect(cols.droppedTerms).toEqual(['prior_convictions']);
    expect(Object.keys(cols.covariates)).toEqual(['treatment', 'age_at_index', 'ogrs']);
  });
});
