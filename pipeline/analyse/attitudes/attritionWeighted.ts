/**
 * The attrition-weighted ANCOVA: a sensitivity analysis beside the complete-case one. Only
 * about half of the people who start a programme have both a pre and a post score, and a
 * complete-case ANCOVA assumes that who lacks a post score is unrelated to their outcome. If
 * instead it depends on things the data hold (the pre score, the level, the plan's
 * covariates) — missing at random — weighting the people with both scores by the inverse of
 * their probability of having a post score makes them stand for everyone who had a pre score
 * (Seaman & White 2013, "Review of inverse probability weighting for dealing with missing
 * data", Stat. Methods Med. Res. 22:278).
 *
 * Per comparison and measure:
 * 1. The response model: the people at the comparison's two levels with a pre score on the
 *    measure and every plan covariate; a logistic regression of having a post score on the
 *    pre score, the level and the plan's covariates (those not aliased here, as R would drop
 *    them): `glm(has_post ~ pre + level + covariates, family = binomial)`.
 * 2. Weights for the people with a post score: the stabilised inverse of the fitted
 *    probability, truncated at the 1st and 99th percentiles of those weights
 *    (stats/attritionWeights.ts; Robins, Hernán & Brumback 2000; Cole & Hernán 2008).
 * 3. The weighted ANCOVA, unadjusted and adjusted as the complete-case ones, over the people
 *    the response model weighted, with clubSandwich's CR2 for weighted fits and Satterthwaite
 *    df (`coef_test(lm(post ~ pre + level + ..., weights = w), vcov = "CR2", cluster = group)`).
 *
 * The whole chain is checked against R in test/reference/weighted_ancova_cr2.R. When nobody
 * lacks a post score every weight is 1 and the weighted fit is the complete-case one.
 */
import { max, min } from 'simple-statistics';
import type { Comparison, PlanCovariate } from '../../../schemas/plan.ts';
import type { AncovaRecord } from '../../../schemas/results.ts';
import type { CohortMember, MeasureInfo } from '../../derive/cohort.ts';
import { guarded } from '../guarded.ts';
import { memberColumns, pick, rowsWhere } from '../memberColumns.ts';
import { estimableCovariates } from '../modelCovariates.ts';
import { attritionWeights } from '../stats/attritionWeights.ts';
import { logisticRegression } from '../stats/logisticRegression.ts';
import { ancovaRecord, type AncovaWeighting } from './ancovaRecord.ts';

export type AttritionWeighting = { weighting: AncovaWeighting; note: null } | { weighting: null; note: string };

/** Steps 1 and 2: the response model and the weights of the people with a post score. */
export function attritionWeighting(comparison: Comparison, members: readonly CohortMember[], measure: MeasureInfo, covariates: readonly PlanCovariate[]): AttritionWeighting {
  const cols = memberColumns(members);
  const scores = cols.scores(measure.measure);
  const covariateCols = covariates.map((c) => cols.covariate(c));
  const rows = rowsWhere(scores.pre, (pre, i) => pre != null && covariateCols.every((col) => col[i] !== null));
  const population = pick(members, rows);
  const observed = pick(scores.post, rows).map((x) => (x != null ? 1 : 0));
  const pre = pick(scores.pre, rows) as number[];
  const level = pick(cols.treated(comparison), rows);
  const { kept } = estimableCovariates([population.map(() => 1), pre, level], Object.fromEntries(covariates.map((c, j) => [c, pick(covariateCols[j]!, rows) as number[]])));
  const model = ['pre', 'level', ...Object.keys(kept)];
  const withPost = observed.reduce((s: number, o) => s + o, 0);
  if (withPost === 0) return { weighting: null, note: 'nobody with a pre score has a post score: there is no one to weight' };
  if (withPost === population.length) {
    return { weighting: { weightOf: new Map(population.map((m) => [m, 1])), model, range: [1, 1] }, note: null };
  }
  const fit = guarded(() => logisticRegression({ y: observed, covariates: { pre, level, ...kept } }));
  if (!fit.value) return { weighting: null, note: `the model of having a post score could not be fitted: ${fit.note}` };
  const weights = attritionWeights(fit.value.fitted, observed);
  const weightOf = new Map<CohortMember, number>();
  population.forEach((m, i) => {
    const w = weights.weights[i];
    if (w !== null && w !== undefined) weightOf.set(m, w);
  });
  const all = [...weightOf.values()];
  // simple-statistics' min and max loop: spreading a weight per person as arguments overflows the call stack at national scale.
  return { weighting: { weightOf, model, range: [min(all), max(all)] }, note: null };
}

/** Step 3: the weighted ANCOVA record for one covariate set (or why there is none). */
export function attritionWeightedRecord(comparison: Comparison, members: readonly CohortMember[], measure: MeasureInfo, covariates: readonly PlanCovariate[], w: AttritionWeighting): Omit<AncovaRecord, 'p_holm'> {
  if (w.weighting) return ancovaRecord(comparison, members, measure, covariates, w.weighting);
  const empty = ancovaRecord(comparison, members, measure, covariates, { weightOf: new Map(), model: [], range: [1, 1] });
  return {
    ...empty,
    attrition_model: null,
    weight_range: null,
    estimate: null, se: null, df: null, p: null, ci_low: null, ci_high: null, std_estimate: null, pooled_sd_pre: null,
    n: null, clusters: null, dropped_missing_covariates: null,
    note: w.note,
  };
}
