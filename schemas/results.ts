/**
 * results.json: everything a run found, validated against this schema before it is
 * written. A number is null only where `note` says why (too few people, zero variance, a
 * single cluster, …): results never hold NaN.
 */
import { z } from 'zod';

const num = z.number().refine(Number.isFinite, { error: 'not a finite number' });
const maybe = num.nullable();
const note = z.string().nullable();

export const changeRecordSchema = z.object({
  comparison: z.string(),
  level: z.string(),
  measure: z.string(),
  direction: z.enum(['higher_better', 'lower_better']),
  n: z.int(),
  mean_pre: maybe,
  mean_post: maybe,
  mean_change: maybe,
  /** Mean change read in the measure's own direction: positive is improvement. */
  mean_improvement: maybe,
  sd_change: maybe,
  t: maybe,
  df: maybe,
  p: maybe,
  ci_low: maybe,
  ci_high: maybe,
  wilcoxon_p: maybe,
  d_z: maybe,
  d_av: maybe,
  d_av_ci_low: maybe,
  d_av_ci_high: maybe,
  g_av: maybe,
  rci: z.object({ improved: z.int(), unchanged: z.int(), deteriorated: z.int(), pct_improved: maybe, pct_unchanged: maybe, pct_deteriorated: maybe }).nullable(),
  csc: z
    .object({ criterion: z.enum(['a', 'b', 'c']), cutoff: num, recovered: z.int(), improved: z.int(), unchanged: z.int(), deteriorated: z.int() })
    .nullable(),
  attrition: z.object({ pre_only: z.int(), mean_pre_with_post: maybe, mean_pre_pre_only: maybe }),
  /** Holm-adjusted p across the measures of one comparison level. */
  p_holm: maybe,
  note,
});

export const ancovaRecordSchema = z.object({
  comparison: z.string(),
  measure: z.string(),
  treatment: z.string(),
  reference: z.string(),
  adjusted: z.boolean(),
  covariates: z.array(z.string()),
  estimate: maybe,
  se: maybe,
  df: maybe,
  p: maybe,
  ci_low: maybe,
  ci_high: maybe,
  std_estimate: maybe,
  n: z.int(),
  clusters: z.int(),
  dropped_missing_covariates: z.int(),
  p_holm: maybe,
  note,
});

export const scoringRecordSchema = z.object({
  measure: z.string(),
  timepoint: z.string(),
  scored: z.int(),
  prorated: z.int(),
  missing_too_many_items: z.int(),
});

export const rateRecordSchema = z.object({
  comparison: z.string(),
  level: z.string(),
  window_months: z.int(),
  category: z.enum(['any', 'sexual', 'violent']),
  n: z.int(),
  excluded: z.int(),
  reoffended: z.int(),
  rate: maybe,
  ci_low: maybe,
  ci_high: maybe,
  offences_per_100: maybe,
  note,
});

const differenceRecordSchema = z.object({
  comparison: z.string(),
  window_months: z.int(),
  category: z.enum(['any', 'sexual', 'violent']),
  treatment: z.string(),
  reference: z.string(),
  difference: maybe,
  ci_low: maybe,
  ci_high: maybe,
  note,
});

const survivalRecordSchema = z.object({
  comparison: z.string(),
  level: z.string(),
  time_days: z.int(),
  at_risk: z.int(),
  events: z.int(),
  surv: num,
  /** null where survival has reached 0 (R gives NA there). */
  ci_low: maybe,
  ci_high: maybe,
});

const survivalCurveSchema = z.object({ comparison: z.string(), level: z.string(), n: z.int(), excluded: z.int(), events: z.int(), note });

const logrankRecordSchema = z.object({ comparison: z.string(), chisq: maybe, df: maybe, p: maybe, note });

const coxRecordSchema = z.object({
  comparison: z.string(),
  adjusted: z.boolean(),
  covariates: z.array(z.string()),
  hr: maybe,
  ci_low: maybe,
  ci_high: maybe,
  /** Robust (cluster) standard error of log HR. */
  se: maybe,
  p: maybe,
  n: z.int(),
  events: z.int(),
  clusters: z.int(),
  dropped_missing_covariates: z.int(),
  /** cox.zph p for the treatment indicator; ph_violated when below 0.05. */
  ph_p: maybe,
  ph_violated: z.boolean().nullable(),
  note,
});

const logisticRecordSchema = z.object({
  comparison: z.string(),
  window_months: z.int(),
  covariates: z.array(z.string()),
  or: maybe,
  ci_low: maybe,
  ci_high: maybe,
  se: maybe,
  p: maybe,
  n: z.int(),
  dropped_missing_covariates: z.int(),
  note,
});

const matchedRecordSchema = z.object({
  comparison: z.string(),
  window_months: z.int(),
  covariates: z.array(z.string()),
  dropped_missing_covariates: z.int(),
  n_treated: z.int(),
  n_control: z.int(),
  unmatched_treated: z.int(),
  rate_treated: maybe,
  rate_control: maybe,
  difference: maybe,
  ci_low: maybe,
  ci_high: maybe,
  balance: z.array(z.object({ covariate: z.string(), smd_before: maybe, smd_after: maybe, imbalanced: z.boolean().nullable() })),
  note,
});

const observedExpectedRecordSchema = z.object({
  comparison: z.string(),
  level: z.string(),
  window_months: z.int(),
  n: z.int(),
  observed: maybe,
  expected: maybe,
  observed_rate: maybe,
  expected_rate: maybe,
  ratio: maybe,
  ci_low: maybe,
  ci_high: maybe,
  p: maybe,
  note,
});

export const resultsSchema = z.object({
  progeval_version: z.string(),
  contract_version: z.string(),
  plan: z.unknown(),
  data: z.object({
    database: z.string(),
    batches: z.array(z.object({ batch_id: z.int(), extract_sha256: z.string(), source: z.string(), files: z.array(z.object({ file: z.string(), sha256: z.string() })) })),
  }),
  attitudes: z.object({
    scoring: z.array(scoringRecordSchema),
    change: z.array(changeRecordSchema),
    ancova: z.array(ancovaRecordSchema),
  }),
  reconviction: z.object({
    rates: z.array(rateRecordSchema),
    differences: z.array(differenceRecordSchema),
    survival: z.array(survivalRecordSchema),
    survival_curves: z.array(survivalCurveSchema),
    logrank: z.array(logrankRecordSchema),
    cox: z.array(coxRecordSchema),
    logistic: z.array(logisticRecordSchema),
    matched: z.array(matchedRecordSchema),
    observed_expected: z.array(observedExpectedRecordSchema),
  }),
});

export type Results = z.output<typeof resultsSchema>;
export type ChangeRecord = z.output<typeof changeRecordSchema>;
export type AncovaRecord = z.output<typeof ancovaRecordSchema>;
export type RateRecord = z.output<typeof rateRecordSchema>;
export type CoxRecord = z.output<typeof coxRecordSchema>;
export type MatchedRecord = z.output<typeof matchedRecordSchema>;
