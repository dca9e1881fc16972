/**
 * Comparisons that hold factors fixed (`adjust_for`, issue 10), against R on
 * test/reference/adjusted_models.json (test/reference/adjusted_models.R):
 * - factorDummies builds R's treatment-contrast columns and names (model.matrix with
 *   C-locale sorted levels, the first as reference);
 * - ANCOVA with the dummies: lm + clubSandwich coef_test / conf_int (CR2, Satterthwaite,
 *   clustered on group), with missing scores and covariates;
 * - Cox with the dummies: coxph(ties = "efron", cluster = group), every term, naive and robust SE;
 * - nearest-neighbour matching exact on the factors: MatchIt::matchit(exact = ~ programme_family
 *   + start_period, caliper = 0.2, …); the reference uses the logit × 1e6 as MatchIt's distance
 *   because MatchIt 4.5.1 truncates distance differences to integers (issue #163; the R script
 *   asserts that run equals the documented rule).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CohortMember } from '../../../pipeline/derive/cohort.ts';
import type { ComparisonFactor } from '../../../pipeline/derive/comparisonFactors.ts';
import { factorDummies, stratumOf } from '../../../pipeline/analyse/factorDummies.ts';
import { ancova } from '../../../pipeline/analyse/stats/ancova.ts';
import { coxProportionalHazards } from '../../../pipeline/analyse/stats/coxProportionalHazards.ts';
import { nearestNeighbourMatching } from '../../../pipeline/analyse/stats/nearestNeighbourMatching.ts';
import type { AdjustFactor } from '../../../schemas/plan.ts';
import { expectCloseToR } from '../../support/closeTo.ts';
import { expectWaldTermsCloseToR } from '../../support/waldTermsCloseToR.ts';

type Num = number | null;

interface RAncova {
  covariates: string[];
  n: number;
  clusters: number;
  dropped_missing_score: number;
  dropped_missing_covariate: number;
  column_names: string[];
  estimate: number;
  se: number;
  df: number;
  t: number;
  p: number;
  ci_low: number;
  ci_high: number;
  pooled_sd_pre: number;
  std_estimate: number;
}

interface Reference {
  dummies: { region: string[]; levels: string[]; locale_sort: string[]; column_names: string[]; columns: number[][] };
  cohort: {
    group: number[];
    treatment: number[];
    programme_family: string[];
    start_period: string[];
    pre: Num[];
    post: Num[];
    age: Num[];
    ogrs: Num[];
    time: number[];
    event: number[];
  };
  ancova: Record<'covariates_and_factors' | 'factors_only', RAncova>;
  cox: {
    n: number;
    nevent: number;
    dropped_missing_covariate: number;
    clusters: number;
    max_ties: number;
    terms: string[];
    coef: number[];
    se: number[];
    robust_se: number[];
    z: number[];
    p: number[];
    hr: number[];
    lower: number[];
    upper: number[];
    loglik: number[];
  };
  matching: {
    data: { treat: number[]; x1: number[]; x2: number[]; programme_family: string[]; start_period: string[] };
    caliper: number;
    caliper_width: number;
    distance: number[];
    match_matrix_treated: number[];
    match_matrix_control: Num[];
    pairs_treated: number[];
    pairs_control: number[];
    unmatched_treated: number[];
    weights: number[];
    strata: string[];
    strata_control: number[];
    strata_treated: number[];
    n_matched_treated: number;
    n_unmatched_treated: number;
  };
}

const ref = JSON.parse(readFileSync(new URL('../../reference/adjusted_models.json', import.meta.url), 'utf8')) as Reference;
const FACTORS: AdjustFactor[] = ['programme_family', 'start_period'];

/** Cohort members with only the levels these functions read. */
function members(levels: Partial<Record<ComparisonFactor, readonly string[]>>): Pick<CohortMember, 'levels'>[] {
  const n = Object.values(levels)[0]!.length;
  return Array.from({ length: n }, (_, i) => ({
    levels: Object.fromEntries(Object.entries(levels).map(([f, v]) => [f, v[i]!])) as Record<ComparisonFactor, string>,
  }));
}

const cohort = ref.cohort;
const rows = (keep: (i: number) => boolean) => cohort.group.map((_, i) => i).filter(keep);
const pick = <T>(values: readonly T[], idx: readonly number[]): T[] => idx.map((i) => values[i]!);
const cohortMembers = (idx: readonly number[]) => members({ programme_family: pick(cohort.programme_family, idx), start_period: pick(cohort.start_period, idx) });

describe('factorDummies reproduces R model.matrix (treatment contrasts, C-locale levels)', () => {
  const { region, levels, locale_sort, column_names, columns } = ref.dummies;

  it('columns and names for mixed-case, underscore, digit and non-ASCII levels', () => {
    const d = factorDummies(members({ region }), ['region']);
    expect(Object.keys(d)).toEqual(column_names);
    column_names.forEach((name, j) => expect(d[name], name).toEqual(columns[j]));
    // the reference level is R's first (byte-order) level, not the first seen or the locale's first
    expect(column_names).not.toContain(`region${levels[0]}`);
    expect(levels[0]).not.toBe(region[0]);
    expect(levels).not.toEqual(locale_sort);
  });

  it('the cohort dummies are the factor columns of R model matrices', () => {
    const all = rows(() => true);
    const names = Object.keys(factorDummies(cohortMembers(all), FACTORS));
    expect(names).toEqual(ref.ancova.factors_only.column_names.slice(3));
    expect(names).toEqual(ref.cox.terms.slice(3));
    expect(cohort.programme_family[0]).not.toBe('building_choices');
    expect(cohort.start_period[0]).not.toBe('2024_h1');
  });
});

describe('ANCOVA with factor dummies matches lm + clubSandwich CR2 / Satterthwaite', () => {
  for (const [name, r] of Object.entries(ref.ancova)) {
    it(name, () => {
      // as analyseAttitudes: people with both scores, dummies over them; ancova drops missing covariates
      const inScope = rows((i) => cohort.pre[i] !== null && cohort.post[i] !== null);
      const dummies = factorDummies(cohortMembers(inScope), FACTORS);
      const covariates = {
        ...Object.fromEntries(r.covariates.map((c) => [c, pick(cohort[c as 'age' | 'ogrs'], inScope)])),
        ...dummies,
      };
      expect(['(Intercept)', 'pre', 'treatment', ...Object.keys(covariates)]).toEqual(r.column_names);
      const fit = ancova({
        pre: pick(cohort.pre, inScope),
        post: pick(cohort.post, inScope),
        indicator: pick(cohort.treatment, inScope),
        cluster: pick(cohort.group, inScope),
        covariates,
      });
      expect(fit.n).toBe(r.n);
      expect(fit.clusters).toBe(r.clusters);
      expect(fit.dropped_missing_covariate).toBe(r.dropped_missing_covariate);
      expect(inScope.length).toBe(cohort.group.length - r.dropped_missing_score);
      for (const field of ['estimate', 'se', 'df', 't', 'p', 'ci_low', 'ci_high', 'pooled_sd_pre', 'std_estimate'] as const) {
        expectCloseToR(fit[field], r[field], `${name} ${field}`);
      }
    });
  }

  it('gives the same result when people missing a score are passed and dropped by ancova', () => {
    const r = ref.ancova.covariates_and_factors;
    const all = rows(() => true);
    const fit = ancova({
      pre: cohort.pre,
      post: cohort.post,
      indicator: cohort.treatment,
      cluster: cohort.group,
      covariates: { age: cohort.age, ogrs: cohort.ogrs, ...factorDummies(cohortMembers(all), FACTORS) },
    });
    expect(fit.dropped_missing_score).toBe(r.dropped_missing_score);
    expect(fit.dropped_missing_covariate).toBe(r.dropped_missing_covariate);
    for (const field of ['estimate', 'se', 'df', 'p', 'ci_low', 'ci_high'] as const) expectCloseToR(fit[field], r[field], `all rows ${field}`);
  });
});

describe('Cox with factor dummies matches coxph(ties = "efron", cluster = group)', () => {
  it('every term: coefficient, HR, naive and robust SE, z, robust Wald p and CI', () => {
    const r = ref.cox;
    // as modelColumns: members missing a covariate dropped, dummies over the rest
    const complete = rows((i) => cohort.ogrs[i] !== null && cohort.age[i] !== null);
    expect(cohort.group.length - complete.length).toBe(r.dropped_missing_covariate);
    const fit = coxProportionalHazards({
      time: pick(cohort.time, complete),
      event: pick(cohort.event, complete),
      covariates: {
        treatment: pick(cohort.treatment, complete),
        ogrs: pick(cohort.ogrs, complete) as number[],
        age: pick(cohort.age, complete) as number[],
        ...factorDummies(cohortMembers(complete), FACTORS),
      },
      cluster: pick(cohort.group, complete),
    });
    expect(fit.terms.map((t) => t.term)).toEqual(r.terms);
    expect(fit.n).toBe(r.n);
    expect(fit.events).toBe(r.nevent);
    expect(fit.clusters).toBe(r.clusters);
    expect(r.max_ties).toBeGreaterThan(1);
    expectCloseToR(fit.loglik[0], r.loglik[0], 'loglik0');
    expectCloseToR(fit.loglik[1], r.loglik[1], 'loglik');
    expectWaldTermsCloseToR(fit.terms.map(({ hazardRatio, ...t }) => ({ ...t, ratio: hazardRatio })), r, r.hr, 'cox', 'HR');
    const t = fit.terms[0]!;
    expect(t.term).toBe('treatment');
    expect(t.robustSe).not.toBe(t.se);
  });
});

describe('nearest-neighbour matching exact on the factors matches MatchIt exact =', () => {
  const r = ref.matching;
  const d = r.data;
  const ms = members({ programme_family: d.programme_family, start_period: d.start_period });
  const exact = ms.map((m) => stratumOf(m, FACTORS));
  const m = nearestNeighbourMatching({ treated: d.treat, covariates: { x1: d.x1, x2: d.x2, ...factorDummies(ms, FACTORS) }, exact }, { caliper: r.caliper });

  it('the strata are those of the R script, including one with no controls and one with fewer controls than treated', () => {
    expect([...new Set(exact)].sort()).toEqual([...r.strata].sort());
    expect(r.strata.some((_, k) => r.strata_control[k] === 0 && r.strata_treated[k]! > 0)).toBe(true);
    expect(r.strata.some((_, k) => r.strata_control[k]! > 0 && r.strata_control[k]! < r.strata_treated[k]!)).toBe(true);
  });

  it('distance (logit of the whole-sample propensity model) and caliper width (0.2 × SD over all units)', () => {
    m.distance.forEach((x, i) => expectCloseToR(x, r.distance[i], `distance[${i}]`));
    expectCloseToR(m.caliperWidth, r.caliper_width, 'caliper width');
  });

  it('the same pairs in the same order, the same unmatched treated and weights', () => {
    expect(m.pairs.map((p) => p.treated), 'treated, in matching order').toEqual(r.pairs_treated);
    expect(m.pairs.map((p) => p.control), 'controls').toEqual(r.pairs_control);
    const controlOf = new Map(m.pairs.map((p) => [p.treated, p.control]));
    expect(r.match_matrix_treated.map((t) => controlOf.get(t) ?? null), 'match.matrix').toEqual(r.match_matrix_control);
    expect(m.unmatchedTreated).toEqual(r.unmatched_treated);
    expect(m.pairs).toHaveLength(r.n_matched_treated);
    expect(m.unmatchedTreated).toHaveLength(r.n_unmatched_treated);
    expect(m.weights).toEqual(r.weights);
    for (const p of m.pairs) {
      expect(exact[p.control]).toBe(exact[p.treated]);
      expect(Math.abs(p.difference)).toBeLessThanOrEqual(m.caliperWidth);
      expectCloseToR(p.difference, r.distance[p.treated]! - r.distance[p.control]!, `difference ${p.treated}-${p.control}`, 1e-6, 1e-3);
    }
  });
});
