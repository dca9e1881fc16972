/**
 * results.json: everything a run found, validated against this schema before it is
 * written. A number is null only where `note` says why (too few people, zero variance, a
 * single cluster, …): results never hold NaN.
 */
import { z } from 'zod';

const num = z.number().refine(Number.isFinite, { error: 'not a finite number' });
const maybe = num.nullable();
const note = z.string().nullable();
/**
 * Fields of this record that disclosure control suppressed (set to null) because they came
 * from, or would reveal, fewer than `disclosure.min_cell` people. Absent or empty: nothing
 * suppressed.
 */
const suppressed = z.array(z.string()).optional();

export const changeRecordSchema = z.object({
  comparison: z.string(),
  level: z.string(),
  measure: z.string(),
  direction: z.enum(['higher_better', 'lower_better']),
  n: z.int().nullable(),
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
  rci: z.object({ improved: z.int().nullable(), unchanged: z.int().nullable(), deteriorated: z.int().nullable(), pct_improved: maybe, pct_unchanged: maybe, pct_deteriorated: maybe }).nullable(),
  csc: z
    .object({ criterion: z.enum(['a', 'b', 'c']), cutoff: num, recovered: z.int().nullable(), improved: z.int().nullable(), unchanged: z.int().nullable(), deteriorated: z.int().nullable() })
    .nullable(),
  attrition: z.object({ pre_only: z.int().nullable(), mean_pre_with_post: maybe, mean_pre_pre_only: maybe }),
  /** Holm-adjusted p across the measures of one comparison level. */
  p_holm: maybe,
  note,
  suppressed,
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
  n: z.int().nullable(),
  clusters: z.int().nullable(),
  dropped_missing_covariates: z.int().nullable(),
  p_holm: maybe,
  note,
  suppressed,
});

export const scoringRecordSchema = z.object({
  measure: z.string(),
  timepoint: z.string(),
  scored: z.int().nullable(),
  prorated: z.int().nullable(),
  missing_too_many_items: z.int().nullable(),
  suppressed,
});

export const rateRecordSchema = z.object({
  comparison: z.string(),
  level: z.string(),
  window_months: z.int(),
  category: z.enum(['any', 'sexual', 'violent']),
  n: z.int().nullable(),
  excluded: z.int().nullable(),
  reoffended: z.int().nullable(),
  rate: maybe,
  ci_low: maybe,
  ci_high: maybe,
  offences_per_100: maybe,
  note,
  suppressed,
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
  suppressed,
});

const survivalRecordSchema = z.object({
  comparison: z.string(),
  level: z.string(),
  time_days: z.int(),
  at_risk: z.int().nullable(),
  events: z.int().nullable(),
  surv: maybe,
  /** null where survival has reached 0 (R gives NA there). */
  ci_low: maybe,
  ci_high: maybe,
  suppressed,
});

const survivalCurveSchema = z.object({ comparison: z.string(), level: z.string(), n: z.int().nullable(), excluded: z.int().nullable(), events: z.int().nullable(), note, suppressed });

const logrankRecordSchema = z.object({ comparison: z.string(), chisq: maybe, df: maybe, p: maybe, note, suppressed });

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
  n: z.int().nullable(),
  events: z.int().nullable(),
  clusters: z.int().nullable(),
  dropped_missing_covariates: z.int().nullable(),
  /** cox.zph p for the treatment indicator; ph_violated when below 0.05. */
  ph_p: maybe,
  ph_violated: z.boolean().nullable(),
  note,
  suppressed,
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
  n: z.int().nullable(),
  dropped_missing_covariates: z.int().nullable(),
  note,
  suppressed,
});

const matchedRecordSchema = z.object({
  comparison: z.string(),
  window_months: z.int(),
  covariates: z.array(z.string()),
  dropped_missing_covariates: z.int().nullable(),
  n_treated: z.int().nullable(),
  n_control: z.int().nullable(),
  unmatched_treated: z.int().nullable(),
  rate_treated: maybe,
  rate_control: maybe,
  difference: maybe,
  ci_low: maybe,
  ci_high: maybe,
  balance: z.array(z.object({ covariate: z.string(), smd_before: maybe, smd_after: maybe, imbalanced: z.boolean().nullable() })),
  note,
  suppressed,
});

const observedExpectedRecordSchema = z.object({
  comparison: z.string(),
  level: z.string(),
  window_months: z.int(),
  n: z.int().nullable(),
  observed: maybe,
  expected: maybe,
  observed_rate: maybe,
  expected_rate: maybe,
  ratio: maybe,
  ci_low: maybe,
  ci_high: maybe,
  p: maybe,
  note,
  suppressed,
});

const count = z.int().nullable();

/** Participant flow at one comparison level: each count is people (enrolments). */
const flowRecordSchema = z.object({
  comparison: z.string(),
  level: z.string(),
  referred: count,
  started: count,
  completed: count,
  /** With a pre score on at least one measure. */
  with_pre: count,
  /** With a pre and a post score on the same measure, for at least one measure. */
  with_pre_and_post: count,
  classed: z.array(z.object({ window_months: z.int(), n: count })),
  suppressed,
});

/** The catalogue of measures, as the charts need it. */
const measureRecordSchema = z.object({
  measure: z.string(),
  label: z.string(),
  min: num,
  max: num,
  direction: z.enum(['higher_better', 'lower_better']),
  reliability: num,
  norm_mean: maybe,
  norm_sd: maybe,
});

/**
 * Pre against post scores, binned (never individual points), for the Jacobson–Truax plot:
 * a square grid of `bin_width` over the measure's range; only non-empty bins are listed.
 */
const jacobsonTruaxBinSchema = z.object({
  comparison: z.string(),
  level: z.string(),
  measure: z.string(),
  bin_width: num,
  pre_low: num,
  post_low: num,
  count,
  suppressed,
});

/** Reliable change bands for the Jacobson–Truax plot: |post − pre| < threshold is unchanged. */
const reliableChangeBandSchema = z.object({
  comparison: z.string(),
  level: z.string(),
  measure: z.string(),
  /** 1.96 × SE of the difference (Jacobson & Truax 1991), in score units. */
  threshold: maybe,
  /** Clinically significant change cut-off, where norms exist. */
  csc_cutoff: maybe,
  suppressed,
});

/** Proven reoffending within 12 months by quarter of follow-up start, with p-chart limits. */
const quarterlyRecordSchema = z.object({
  programme_family: z.string(),
  /** e.g. 2024-Q3: the quarter follow-up started. */
  quarter: z.string(),
  window_months: z.int(),
  n: count,
  reoffended: count,
  rate: maybe,
  /** The family's overall rate (the centre line). */
  centre: maybe,
  /** 3-sigma p-chart limits for a quarter of this size (Shewhart; Montgomery 2013), clipped to [0, 1]. */
  lcl: maybe,
  ucl: maybe,
  suppressed,
});

/** Observed against OGRS-expected 24-month reoffending per region (programme arm). */
const regionRecordSchema = z.object({
  region: z.string(),
  n: count,
  observed: count,
  expected: maybe,
  ratio: maybe,
  suppressed,
});

/** Funnel plot limits for an O/E ratio of 1 at expected count `expected` (Spiegelhalter 2005). */
const funnelPointSchema = z.object({
  expected: num,
  lower_95: num,
  upper_95: num,
  lower_998: num,
  upper_998: num,
});

export const resultsSchema = z.object({
  progeval_version: z.string(),
  contract_version: z.string(),
  plan: z.unknown(),
  data: z.object({
    database: z.string(),
    batches: z.array(z.object({ batch_id: z.int().nullable(), extract_sha256: z.string(), source: z.string(), files: z.array(z.object({ file: z.string(), sha256: z.string() })) })),
  }),
  flow: z.array(flowRecordSchema),
  attitudes: z.object({
    measures: z.array(measureRecordSchema),
    scoring: z.array(scoringRecordSchema),
    jacobson_truax: z.array(jacobsonTruaxBinSchema),
    reliable_change_bands: z.array(reliableChangeBandSchema),
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
  monitoring: z.object({
    quarterly: z.array(quarterlyRecordSchema),
    regions: z.array(regionRecordSchema),
    funnel: z.array(funnelPointSchema),
  }),
  /** What disclosure control did, for the report's limitations. */
  disclosure: z.object({
    min_cell: z.int(),
    /** How many values were suppressed, by section. */
    suppressed_by_section: z.record(z.string(), z.int()),
    notes: z.array(z.string()),
  }),
});

export type Results = z.output<typeof resultsSchema>;
export type ChangeRecord = z.output<typeof changeRecordSchema>;
export type AncovaRecord = z.output<typeof ancovaRecordSchema>;
export type RateRecord = z.output<typeof rateRecordSchema>;
export type CoxRecord = z.output<typeof coxRecordSchema>;
export type MatchedRecord = z.output<typeof matchedRecordSchema>;
