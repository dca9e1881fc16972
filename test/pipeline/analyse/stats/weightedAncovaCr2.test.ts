/**
 * Weighted least squares, weighted CR2 / Satterthwaite and weighted ANCOVA against R
 * (test/reference/weighted_ancova_cr2.R): lm(weights = w) and clubSandwich 0.5.8
 * coef_test(vcov = "CR2", test = "Satterthwaite") / conf_int, which for a weighted lm take the
 * inverse_var = FALSE branch. The whole attrition chain is proven: logisticRegression's p̂
 * against glm's fitted values, attritionWeights from that p̂ against R's truncated weights,
 * and ancova with those weights against the weighted lm + CR2 — adjusted and unadjusted.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ancova } from '../../../../pipeline/analyse/stats/ancova.ts';
import { attritionWeights } from '../../../../pipeline/analyse/stats/attritionWeights.ts';
import { clusterRobustCr2 } from '../../../../pipeline/analyse/stats/clusterRobustCr2.ts';
import { logisticRegression } from '../../../../pipeline/analyse/stats/logisticRegression.ts';
import { hatMatrixBlock, leverages, ordinaryLeastSquares } from '../../../../pipeline/analyse/stats/ordinaryLeastSquares.ts';
import { expectCloseToR } from '../../../support/closeTo.ts';

interface Fit {
  estimate: number; se: number; df: number; t: number; p: number; ci_low: number; ci_high: number;
  clusters: number; n: number; pooled_sd_pre: number; std_estimate: number;
  coefficients: number[]; coefficient_names: string[]; residuals: number[]; leverage: number[];
  sigma2: number; cov_unscaled: number[][]; cr2_vcov: number[][]; cr2_se_all: number[]; cr2_df_all: number[]; cr2_p_all: number[];
}
interface Case {
  input: { pre: (number | null)[]; post: (number | null)[]; indicator: number[]; group: (number | null)[]; covariates: Record<string, (number | null)[]> };
  response_model: { rows: number[]; coefficients: number[]; coefficient_names: string[]; fitted: number[] };
  weights: { truncated: number[] };
  adjusted: Fit;
  unadjusted: Fit;
}
const ref = JSON.parse(readFileSync(new URL('../../../reference/weighted_ancova_cr2.json', import.meta.url), 'utf8')) as {
  cases: Record<string, Case>;
  equal_weights: { weight: number; case: string; weighted: Fit; unweighted: Fit };
};

const FIELDS = ['estimate', 'se', 'df', 't', 'p', 'ci_low', 'ci_high', 'pooled_sd_pre', 'std_estimate'] as const;

/** The rows of lm(post ~ pre + indicator (+ covariates), weights = w): observed people of the response model. */
function observedRows(c: Case): number[] {
  return c.response_model.rows.filter((r) => c.input.post[r] !== null);
}

/** R's weights spread over everyone in the input (null for people not in the weighted lm). */
function weightsByPerson(c: Case, weights: readonly (number | null)[], rows = c.response_model.rows): (number | null)[] {
  const out: (number | null)[] = c.input.pre.map(() => null);
  rows.forEach((r, k) => (out[r] = weights[k] ?? null));
  return out;
}

describe('weighted OLS and weighted CR2 match lm(weights =) + clubSandwich', () => {
  for (const [name, c] of Object.entries(ref.cases)) {
    for (const model of ['adjusted', 'unadjusted'] as const) {
      it(`${name}, ${model}`, () => {
        const e = c[model];
        const covariates = model === 'adjusted' ? Object.values(c.input.covariates) : [];
        const rows = observedRows(c);
        const X = rows.map((r) => [1, c.input.pre[r] as number, c.input.indicator[r] as number, ...covariates.map((v) => v[r] as number)]);
        const y = rows.map((r) => c.input.post[r] as number);
        const fit = ordinaryLeastSquares(X, y, c.weights.truncated);
        expect(fit.p).toBe(e.coefficient_names.length);
        fit.coefficients.forEach((b, k) => expectCloseToR(b, e.coefficients[k], `${name} ${model} coefficient ${k}`));
        fit.residuals.forEach((r, i) => expectCloseToR(r, e.residuals[i], `${name} ${model} residual ${i}`, 1e-6, 1e-8));
        leverages(fit).forEach((h, i) => expectCloseToR(h, e.leverage[i], `${name} ${model} hatvalue ${i}`));
        expectCloseToR(fit.sigma2, e.sigma2, `${name} ${model} sigma2`);
        e.cov_unscaled.forEach((row, a) => row.forEach((v, b) => expectCloseToR(fit.xtxInverse.get(a, b), v, `${name} ${model} cov.unscaled[${a},${b}]`)));
        const block = hatMatrixBlock(fit, [0, 1, 2]);
        [0, 1, 2].forEach((i) => expectCloseToR(block.get(i, i), e.leverage[i], `${name} ${model} H[${i},${i}]`));

        const cluster = rows.map((r) => c.input.group[r]);
        for (let k = 0; k < fit.p; k++) {
          const r = clusterRobustCr2(fit, cluster, k);
          expect(r.clusters).toBe(e.clusters);
          expectCloseToR(r.se, e.cr2_se_all[k], `${name} ${model} se[${k}]`);
          expectCloseToR(r.df, e.cr2_df_all[k], `${name} ${model} df[${k}]`);
          expectCloseToR(r.p, e.cr2_p_all[k], `${name} ${model} p[${k}]`);
          if (k === 2) e.cr2_vcov.forEach((row, a) => row.forEach((v, b) => expectCloseToR(r.vcov[a]?.[b], v, `${name} ${model} vcov[${a},${b}]`)));
        }
      });
    }
  }
});

describe('the attrition chain: logisticRegression → attritionWeights → weighted ancova, as R', () => {
  for (const [name, c] of Object.entries(ref.cases)) {
    it(name, () => {
      const rows = c.response_model.rows;
      const names = ['pre', 'indicator', ...Object.keys(c.input.covariates)];
      const columns: Record<string, (number | null)[]> = { pre: c.input.pre, indicator: c.input.indicator, ...c.input.covariates };
      const response = logisticRegression({
        y: rows.map((r) => (c.input.post[r] === null ? 0 : 1)),
        covariates: Object.fromEntries(names.map((k) => [k, rows.map((r) => columns[k]![r] as number)])),
      });
      expect(response.terms.map((t) => t.term)).toEqual(c.response_model.coefficient_names);
      response.terms.forEach((t, k) => expectCloseToR(t.coefficient, c.response_model.coefficients[k], `${name} glm coefficient ${k}`));
      response.fitted.forEach((p, i) => expectCloseToR(p, c.response_model.fitted[i], `${name} p̂[${i}]`));

      const aw = attritionWeights(response.fitted, rows.map((r) => c.input.post[r] !== null));
      const kept = aw.weights.filter((w): w is number => w !== null);
      kept.forEach((w, k) => expectCloseToR(w, c.weights.truncated[k], `${name} weight ${k}`));

      const weights = weightsByPerson(c, aw.weights);
      // R fits both models to the people in the response model: the unadjusted one, which
      // needs no covariate, would otherwise keep people the weights do not cover (RangeError).
      const inModel = new Set(rows);
      const post = c.input.post.map((y, i) => (inModel.has(i) ? y : null));
      for (const model of ['adjusted', 'unadjusted'] as const) {
        const e = c[model];
        const covariates = model === 'adjusted' ? c.input.covariates : {};
        const r = ancova({ pre: c.input.pre, post, indicator: c.input.indicator, cluster: c.input.group, covariates, weights });
        expect(r.n).toBe(e.n);
        expect(r.clusters).toBe(e.clusters);
        for (const field of FIELDS) expectCloseToR(r[field], e[field], `${name} ${model} ${field}`);
      }
    });
  }

  it('the fixtures drop people the response model cannot use, and people missing post', () => {
    const c = ref.cases.one_covariate_small!;
    const r = ancova({ pre: c.input.pre, post: c.input.post, indicator: c.input.indicator, cluster: c.input.group, covariates: c.input.covariates, weights: weightsByPerson(c, c.weights.truncated, observedRows(c)) });
    expect(c.response_model.rows.length).toBeLessThan(c.input.pre.length);
    expect(r.dropped_missing_covariate).toBeGreaterThan(0);
    expect(r.dropped_missing_score).toBeGreaterThan(0);
    expect(r.n).toBe(c.adjusted.n);
    expectCloseToR(r.estimate, c.adjusted.estimate, 'estimate');
    // without covariates, the people outside the response model have a score but no weight
    expect(() => ancova({ pre: c.input.pre, post: c.input.post, indicator: c.input.indicator, cluster: c.input.group, weights: weightsByPerson(c, c.weights.truncated, observedRows(c)) })).toThrow(/weight \d+ is null/);
  });
});

describe('equal weights give the unweighted results (R takes the weighted branch and agrees)', () => {
  const q = ref.equal_weights;
  const c = ref.cases[q.case]!;
  const input = { pre: c.input.pre, post: c.input.post, indicator: c.input.indicator, cluster: c.input.group, covariates: c.input.covariates };
  it(`every weight ${q.weight}`, () => {
    const weighted = ancova({ ...input, weights: c.input.pre.map(() => q.weight) });
    const unweighted = ancova(input);
    for (const field of ['estimate', 'se', 'df', 't', 'p', 'ci_low', 'ci_high'] as const) {
      expectCloseToR(weighted[field], q.weighted[field], `weighted ${field}`);
      expectCloseToR(unweighted[field], q.unweighted[field], `unweighted ${field}`);
      expectCloseToR(weighted[field], unweighted[field], `weighted vs unweighted ${field}`, 1e-10);
    }
    expect(weighted.clusters).toBe(q.weighted.clusters);
  });
});

describe('weights are checked', () => {
  const pre = [10, 12, 14, 11, 13, 15, 9, 16];
  const post = [12, 13, 17, 15, 16, 20, 10, 21];
  const indicator = [0, 0, 0, 1, 1, 1, 0, 1];
  const cluster = ['g1', 'g1', 'g2', 'g3', 'g3', 'g4', null, null];
  it('a person analysed needs a finite weight > 0', () => {
    for (const bad of [null, 0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      const weights: (number | null)[] = pre.map(() => 1);
      weights[3] = bad;
      expect(() => ancova({ pre, post, indicator, cluster, weights })).toThrow(RangeError);
    }
    expect(() => ancova({ pre, post, indicator, cluster, weights: [1, 1, 1] })).toThrow(RangeError);
    expect(() => ordinaryLeastSquares([[1, 0], [1, 1], [1, 2]], [1, 2, 4], [1, -1, 1])).toThrow(RangeError);
  });
  it('a dropped person may have no weight, and all-ones weights change nothing', () => {
    const withMissing = [...post] as (number | null)[];
    withMissing[0] = null;
    const weights: (number | null)[] = pre.map(() => 1);
    weights[0] = null;
    const unweighted = ancova({ pre, post: withMissing, indicator, cluster });
    const weighted = ancova({ pre, post: withMissing, indicator, cluster, weights });
    // the unweighted ancova is proven against R in ancova.test.ts (attitudes.R)
    for (const field of ['estimate', 'se', 'df', 'p', 'ci_low', 'ci_high'] as const) expectCloseToR(weighted[field], unweighted[field], field, 1e-10);
  });
});
