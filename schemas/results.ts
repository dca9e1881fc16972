/**
 * results.json: everything a run found, validated against this schema before it is
 * written. A number is null only where `note` says why (too few people, zero variance, a
 * single cluster, …): results never hold NaN.
 */
import { z } from 'zod';
import { headlineEstimateSchema } from './runHistory.ts';

const num = z.number().refine(Number.isFinite, { error: 'not a finite number' });
const maybe = num.nullable();
const note = z.string().nullable();
/**
 * Fields of this record that disclosure control suppressed (set to null) because they came
 * from, or would reveal, fewer than `disclosure.min_cell` people. Absent or empty: nothing
 * suppressed.
 */
const suppressed = z.array(z.string()).optional();
/**
 * Why each suppressed field was withheld, by the same path: `low` (primary: it concerns fewer
 * than `disclosure.min_cell` people, or rests on so few people, reoffences or non-reoffences)
 * or `c` (secondary: withheld to protect another figure, within this run or against an
 * earlier release). The report prints `[low]` and `[c]` with a footnote.
 */
const suppressedReason = z.record(z.string(), z.enum(['low', 'c'])).optional();

/**
 * Disclosure roles, as metadata on the fields (the contract's fields carry theirs the same
 * way): `count` is a count of people, a cell of the linked table that disclosure control
 * protects; `rows` is a count of rows of the extract, not of people (rows refused at load,
 * rows withdrawn by a later snapshot), withheld below `min_cell` and never printed beside a
 * total; `label` names a record (comparison, level, measure…). Read by
 * reports/disclosure/disclosureRoles.ts, which derives the table column kinds and the audit.
 */
export type DisclosureRole = 'count' | 'label' | 'rows';
/** A count of people: a cell of disclosure control's linked table. */
const people = () => z.int().nullable().meta({ disclosure: 'count' satisfies DisclosureRole });
/** A count of rows of the extract, not of people: withheld ([low]) below min_cell. */
const extractRows = () => z.int().nullable().meta({ disclosure: 'rows' satisfies DisclosureRole });
/** A count of people that is never null. */
const peopleAlways = () => z.int().meta({ disclosure: 'count' satisfies DisclosureRole });

/**
 * What every model record says about its scope: the factors held fixed (the comparison's
 * `adjust_for`: dummies in the model, exact in matching), the comparison's filter (the
 * subgroup it is restricted to), and the columns left out as aliased (a covariate constant in
 * the sample or a combination of others, an aliased dummy), as R gives them NA.
 */
const modelScope = {
  adjust_for: z.array(z.string()).optional(),
  filter: z.record(z.string(), z.string()).optional(),
  dropped_terms: z.array(z.string()).optional(),
};

/** E-values (VanderWeele & Ding 2017) of a model's estimate, and of its CI limit nearer no difference. */
const eValues = { e_value: maybe.optional(), e_value_ci: maybe.optional() };

export const changeRecordSchema = z.object({
  comparison: z.string(),
  level: z.string(),
  measure: z.string(),
  direction: z.enum(['higher_better', 'lower_better']),
  n: people(),
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
  rci: z.object({ improved: people(), unchanged: people(), deteriorated: people(), pct_improved: maybe, pct_unchanged: maybe, pct_deteriorated: maybe }).nullable(),
  /**
   * The SD behind the reliable change threshold and the cut-off, common to the comparison's two
   * levels: the catalogue's norm SD (`norm_sd`), else the pre scores' SD pooled within the two
   * levels (`pooled_pre`); `own_pre` only where neither exists (the level's own SD).
   */
  rci_sd: maybe.optional(),
  rci_sd_source: z.enum(['norm_sd', 'pooled_pre', 'own_pre']).nullable().optional(),
  csc: z
    .object({ criterion: z.enum(['a', 'b', 'c']), /** null where withheld: it pools both levels' pre scores. */ cutoff: maybe, recovered: people(), improved: people(), unchanged: people(), deteriorated: people() })
    .nullable(),
  attrition: z.object({ pre_only: people(), mean_pre_with_post: maybe, mean_pre_pre_only: maybe }),
  /** Holm-adjusted p across the measures of one comparison level. */
  p_holm: maybe,
  note,
  suppressed,
  suppressed_reason: suppressedReason,
});

export const ancovaRecordSchema = z.object({
  comparison: z.string(),
  measure: z.string(),
  treatment: z.string(),
  reference: z.string(),
  adjusted: z.boolean(),
  covariates: z.array(z.string()),
  /**
   * `none`: complete case (everyone with both scores). `attrition`: a sensitivity analysis
   * weighting each person with both scores by the stabilised, truncated inverse of their
   * modelled probability of having a post score (analyse/attitudes/attritionWeighted.ts).
   */
  weighting: z.enum(['none', 'attrition']),
  /** The terms of the model of having a post score (attrition weighting only; null otherwise). */
  attrition_model: z.array(z.string()).nullable(),
  /** The smallest and largest weight after truncation (attrition weighting only). */
  weight_range: z.tuple([num, num]).nullable(),
  ...modelScope,
  estimate: maybe,
  se: maybe,
  df: maybe,
  p: maybe,
  ci_low: maybe,
  ci_high: maybe,
  std_estimate: maybe,
  /** The pooled SD of the pre scores: std_estimate = estimate / pooled_sd_pre (a standardised margin in points). */
  pooled_sd_pre: maybe.optional(),
  ...eValues,
  n: people(),
  /** Programme groups behind the cluster-robust errors (people without a group, each a cluster of their own there, are not counted: that would be a count of people). */
  clusters: z.int().nullable(),
  dropped_missing_covariates: people(),
  p_holm: maybe,
  note,
  suppressed,
  suppressed_reason: suppressedReason,
});

export const scoringRecordSchema = z.object({
  measure: z.string(),
  timepoint: z.string(),
  scored: people(),
  prorated: people(),
  missing_too_many_items: people(),
  suppressed,
  suppressed_reason: suppressedReason,
});

export const rateRecordSchema = z.object({
  comparison: z.string(),
  level: z.string(),
  window_months: z.int(),
  category: z.enum(['any', 'sexual', 'violent']),
  n: people(),
  excluded: people(),
  reoffended: people(),
  rate: maybe,
  ci_low: maybe,
  ci_high: maybe,
  offences_per_100: maybe,
  note,
  suppressed,
  suppressed_reason: suppressedReason,
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
  /**
   * For levels assigned per group (programme family, programme, band): the linear probability
   * model's difference with CR2 errors clustered on group and Satterthwaite df (clubSandwich);
   * null elsewhere, or where it cannot be estimated.
   */
  cluster: z.object({ estimate: num, se: num, df: num, ci_low: num, ci_high: num, clusters: z.int() }).nullable().optional(),
  note,
  suppressed,
  suppressed_reason: suppressedReason,
});

const survivalRecordSchema = z.object({
  comparison: z.string(),
  level: z.string(),
  time_days: z.int(),
  at_risk: people(),
  events: people(),
  surv: maybe,
  /** null where survival has reached 0 (R gives NA there). */
  ci_low: maybe,
  ci_high: maybe,
  suppressed,
  suppressed_reason: suppressedReason,
});

/**
 * Kaplan–Meier survival (no proven reoffence yet) at a landmark (3, 6, 12, 24 months), with
 * Greenwood's interval and a cluster-bootstrap interval resampling groups.
 */
const landmarkSchema = z.object({
  comparison: z.string(),
  level: z.string(),
  months: z.int(),
  /** The landmark on the curves' time scale: months × 365.25 / 12 days. */
  time_days: num,
  surv: maybe,
  ci_low: maybe,
  ci_high: maybe,
  boot_ci_low: maybe,
  boot_ci_high: maybe,
  /** Programme groups resampled (people without a group, resampled one by one, are not counted: that would be a count of people). */
  clusters: z.int().nullable(),
  note,
  suppressed,
  suppressed_reason: suppressedReason,
});

const survivalCurveSchema = z.object({ comparison: z.string(), level: z.string(), n: people(), excluded: people(), events: people(), note, suppressed, suppressed_reason: suppressedReason });

const logrankRecordSchema = z.object({
  comparison: z.string(),
  chisq: maybe,
  df: maybe,
  p: maybe,
  /** For levels assigned per group: the robust score test of the Cox model clustered on group (R's "Robust" line); null elsewhere. */
  robust_chisq: maybe.optional(),
  robust_p: maybe.optional(),
  note,
  suppressed,
  suppressed_reason: suppressedReason,
});

const coxRecordSchema = z.object({
  comparison: z.string(),
  adjusted: z.boolean(),
  covariates: z.array(z.string()),
  ...modelScope,
  hr: maybe,
  ci_low: maybe,
  ci_high: maybe,
  /** Robust (cluster) standard error of log HR. */
  se: maybe,
  p: maybe,
  n: people(),
  events: people(),
  /** Programme groups behind the cluster-robust errors (people without a group, each a cluster of their own there, are not counted: that would be a count of people). */
  clusters: z.int().nullable(),
  dropped_missing_covariates: people(),
  /** cox.zph p for the treatment indicator; ph_violated when below 0.05. */
  ph_p: maybe,
  ph_violated: z.boolean().nullable(),
  ...eValues,
  note,
  suppressed,
  suppressed_reason: suppressedReason,
});

const logisticRecordSchema = z.object({
  comparison: z.string(),
  window_months: z.int(),
  covariates: z.array(z.string()),
  ...modelScope,
  or: maybe,
  ci_low: maybe,
  ci_high: maybe,
  se: maybe,
  p: maybe,
  /** Programme groups behind the robust errors (people without a group not counted); fewer than 30 makes them optimistic. */
  clusters: z.int().nullable().optional(),
  ...eValues,
  n: people(),
  dropped_missing_covariates: people(),
  note,
  suppressed,
  suppressed_reason: suppressedReason,
});

const matchedRecordSchema = z.object({
  comparison: z.string(),
  window_months: z.int(),
  covariates: z.array(z.string()),
  ...modelScope,
  dropped_missing_covariates: people(),
  n_treated: people(),
  n_control: people(),
  unmatched_treated: people(),
  rate_treated: maybe,
  rate_control: maybe,
  difference: maybe,
  ci_low: maybe,
  ci_high: maybe,
  balance: z.array(z.object({ covariate: z.string(), smd_before: maybe, smd_after: maybe, imbalanced: z.boolean().nullable() })),
  /** Newcombe's (1998) interval for paired proportions (method 10) from the pairs' 2 × 2 table. */
  paired_ci_low: maybe.optional(),
  paired_ci_high: maybe.optional(),
  /**
   * For disclosure control only, never published: the smallest cell of the pairs' 2 × 2 table
   * (both, only treated, only control, neither reoffended), which the paired interval gives back.
   */
  paired_smallest_cell: z.int().nullable().optional(),
  /** Each matched rate's 95% Wilson interval (over the pairs). */
  rate_treated_ci_low: maybe.optional(),
  rate_treated_ci_high: maybe.optional(),
  rate_control_ci_low: maybe.optional(),
  rate_control_ci_high: maybe.optional(),
  /** From the risk ratio of the matched rates; its CI limits hold the comparison rate fixed. */
  ...eValues,
  note,
  suppressed,
  suppressed_reason: suppressedReason,
});

/**
 * Frequency: proven reoffences per person classed for a window, treatment against reference,
 * as a rate ratio from a Poisson model on the plan's covariates and held-fixed factors with
 * group-clustered errors (`sandwich::vcovCL`). The sample is the logistic model's for the
 * same window, so its counts are that record's.
 */
const frequencyRecordSchema = z.object({
  comparison: z.string(),
  window_months: z.int(),
  covariates: z.array(z.string()),
  ...modelScope,
  /** Mean proven reoffences per person in the model's sample, by side. */
  per_person_treated: maybe,
  per_person_control: maybe,
  rate_ratio: maybe,
  ci_low: maybe,
  ci_high: maybe,
  se: maybe,
  p: maybe,
  note,
  suppressed,
  suppressed_reason: suppressedReason,
});

/**
 * Time to first proven reoffence among the people of a level who reoffended within a window
 * (classed for it): mean days from follow-up start, with a t interval. Its people are the
 * rates record's `reoffended` (category any).
 */
const timeToReoffenceRecordSchema = z.object({
  comparison: z.string(),
  level: z.string(),
  window_months: z.int(),
  mean_days: maybe,
  ci_low: maybe,
  ci_high: maybe,
  note,
  suppressed,
  suppressed_reason: suppressedReason,
});

const observedExpectedRecordSchema = z.object({
  comparison: z.string(),
  level: z.string(),
  window_months: z.int(),
  n: people(),
  /** Reoffenders: a count of people. */
  observed: people(),
  expected: maybe,
  observed_rate: maybe,
  expected_rate: maybe,
  ratio: maybe,
  ci_low: maybe,
  ci_high: maybe,
  p: maybe,
  note,
  suppressed,
  suppressed_reason: suppressedReason,
});

const count = people();

/** Participant flow at one comparison level: each count is people, each on their first eligible enrolment. */
const flowRecordSchema = z.object({
  comparison: z.string(),
  level: z.string(),
  referred: count,
  /** Enrolments at this level set aside because the person already counts in the comparison on an earlier enrolment. */
  later_enrolments: count,
  started: count,
  completed: count,
  /** With a pre score on at least one measure. */
  with_pre: count,
  /** With a pre and a post score on the same measure, for at least one measure. */
  with_pre_and_post: count,
  classed: z.array(z.object({ window_months: z.int(), n: people() })),
  suppressed,
  suppressed_reason: suppressedReason,
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
  count: people(),
  suppressed,
  suppressed_reason: suppressedReason,
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
  suppressed_reason: suppressedReason,
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
  suppressed_reason: suppressedReason,
});

/** Observed against OGRS-expected 24-month reoffending per region (programme arm). */
const regionRecordSchema = z.object({
  region: z.string(),
  n: count,
  observed: count,
  expected: maybe,
  ratio: maybe,
  suppressed,
  suppressed_reason: suppressedReason,
});

/**
 * One stratum of an adjusted comparison (pipeline/analyse/overlap.ts): groups on each side,
 * whether each side has at least min_cell people (never the count), and whether it informs
 * the estimate (groups on both sides).
 */
export const overlapRecordSchema = z.object({
  comparison: z.string(),
  adjust_for: z.array(z.string()),
  stratum: z.string(),
  levels: z.record(z.string(), z.string()),
  treatment_groups: z.int(),
  reference_groups: z.int(),
  treatment_people_at_least_min_cell: z.boolean(),
  reference_people_at_least_min_cell: z.boolean(),
  informs_estimate: z.boolean(),
});
export type OverlapRecord = z.infer<typeof overlapRecordSchema>;

/** Funnel plot limits for an O/E ratio of 1 at expected count `expected` (Spiegelhalter 2005). */
const funnelPointSchema = z.object({
  expected: num,
  lower_95: num,
  upper_95: num,
  lower_998: num,
  upper_998: num,
});

export const VERDICTS = ['superior', 'non_inferior', 'inconclusive', 'inferior', 'not_assessable'] as const;
export type Verdict = (typeof VERDICTS)[number];

/**
 * One question's verdict against its non-inferiority margin (CONSORT extension for
 * non-inferiority trials, Piaggio et al. 2012), from the two-sided 95% CI. `estimate`, the CI
 * and `margin` share one scale (treatment minus reference; treatment over reference for
 * hazard ratios); `margin` lies on the worse side of no difference.
 */
export const verdictRecordSchema = z.object({
  comparison: z.string(),
  outcome: z.enum(['reoffending', 'attitudes']),
  window_months: z.int().nullable(),
  measure: z.string().nullable(),
  /** The estimate it comes from: matched (risk difference), cox (hazard ratio) or ancova (points). */
  method: z.enum(['matched', 'cox', 'ancova']),
  estimate: maybe,
  ci_low: maybe,
  ci_high: maybe,
  margin: maybe,
  margin_scale: z.enum(['risk_difference', 'hazard_ratio', 'points']),
  /** No difference on this scale: 0, or 1 for hazard ratios. */
  no_difference: num,
  verdict: z.enum(VERDICTS),
  /**
   * Attitude verdicts only: the same question judged on the attrition-weighted ANCOVA (a
   * sensitivity analysis), against the same margin in points; null when there is none.
   */
  attrition_weighted: z.object({ estimate: maybe, ci_low: maybe, ci_high: maybe, verdict: z.enum(VERDICTS) }).nullable().optional(),
  note,
  suppressed,
  suppressed_reason: suppressedReason,
});
export type VerdictRecord = z.output<typeof verdictRecordSchema>;

/**
 * When will we know: for a verdict's comparison and outcome, what the data hold now, the
 * design effect of groups, the minimum detectable effect at 80% power (two-sided 0.05) on
 * the margin's scale, and the date from which the margin is assessable at the current rate.
 */
export const readinessRecordSchema = z.object({
  comparison: z.string(),
  outcome: z.enum(['reoffending', 'attitudes']),
  window_months: z.int().nullable(),
  measure: z.string().nullable(),
  margin_scale: z.enum(['risk_difference', 'hazard_ratio', 'points']),
  /** People in the estimate now (matched pairs count twice), and its reoffences (null for attitudes). */
  n_now: z.int().nullable(),
  events_now: z.int().nullable(),
  icc: maybe,
  design_effect: maybe,
  mde: maybe,
  /** What 80% power against the margin needs, with the design effect: people per side (matched pairs for risk differences), or reoffences for hazard ratios. */
  needed: maybe.optional(),
  /** The margin is assessable with 80% power from this date (ISO), at the current rate; null: not within ten years, or no margin. */
  assessable_from: z.string().nullable(),
  /** Assessable with 80% power on the data as they are. */
  assessable_now: z.boolean().nullable(),
  note,
  suppressed,
  suppressed_reason: suppressedReason,
});
export type ReadinessRecord = z.output<typeof readinessRecordSchema>;

const findings = {
  progeval_version: z.string(),
  contract_version: z.string(),
  plan: z.unknown(),
  // No local paths: the database by its dialect, an extract by its SHA-256 and file names.
  data: z.object({
    database: z.enum(['sqlite', 'postgres']),
    batches: z.array(z.object({ batch_id: z.int().nullable(), extract_sha256: z.string(), files: z.array(z.object({ file: z.string(), sha256: z.string() })) })),
    /**
     * The cohort's dates: the extract date (from the load, null when not recorded), the latest
     * observation end, and the months in which follow-up started (first and last, YYYY-MM).
     */
    dates: z
      .object({ extract_date: z.string().nullable(), observation_end: z.string().nullable(), follow_up_from: z.string().nullable(), follow_up_to: z.string().nullable() })
      .optional(),
    /**
     * Rows refused at load, by batch, file and reason (the quarantine's reason code), and rows
     * withdrawn (in force before, absent from a later snapshot) by the batch that withdrew them
     * and file. Counts of rows, not people; no totals are published beside them. Absent in
     * results from before issue 16.
     */
    refused: z.array(z.object({ batch_id: z.int(), file: z.string(), reason_code: z.string(), rows: extractRows(), suppressed, suppressed_reason: suppressedReason })).optional(),
    withdrawn: z.array(z.object({ batch_id: z.int(), file: z.string(), rows: extractRows(), suppressed, suppressed_reason: suppressedReason })).optional(),
  }),
  flow: z.array(flowRecordSchema),
  /** Where each adjusted comparison rests (no person counts; absent in results from before issue 10). */
  adjustment: z.object({ overlap: z.array(overlapRecordSchema), notes: z.array(z.string()) }).optional(),
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
    landmarks: z.array(landmarkSchema).default([]),
    logrank: z.array(logrankRecordSchema),
    cox: z.array(coxRecordSchema),
    logistic: z.array(logisticRecordSchema),
    matched: z.array(matchedRecordSchema),
    observed_expected: z.array(observedExpectedRecordSchema),
    frequency: z.array(frequencyRecordSchema).default([]),
    time_to_reoffence: z.array(timeToReoffenceRecordSchema).default([]),
  }),
  /** Non-inferiority verdicts of the plan's questions (pipeline/analyse/verdicts). */
  verdicts: z.array(verdictRecordSchema).default([]),
  /** When each verdict becomes assessable (pipeline/analyse/verdicts/readiness.ts). */
  readiness: z.array(readinessRecordSchema).default([]),
  monitoring: z.object({
    quarterly: z.array(quarterlyRecordSchema),
    regions: z.array(regionRecordSchema),
    funnel: z.array(funnelPointSchema),
    /**
     * Risk-adjusted CUSUMs of 12-month proven reoffending per level of programme family and
     * facilitator band (pipeline/analyse/monitoring/cusum.ts), published at the ends of blocks
     * of at least min_cell reoffenders and min_cell non-reoffenders.
     */
    cusum: z
      .array(
        z.object({
          factor: z.string(),
          level: z.string(),
          reference: z.string(),
          window_months: z.int(),
          odds_ratio: num,
          arl0: z.int(),
          threshold: maybe,
          points: z.array(z.object({ through: z.string(), s: num, signal: z.boolean() })),
          first_signal: z.string().nullable(),
          note,
        }),
      )
      .default([]),
  }),
};

/**
 * Who is in which compared level, and how many of them have each person-level property
 * (`referred`, `classed|12`, `reoffended|12|any`, `paired|<measure>`, `cox|<covariates>`…):
 * the counts by *atom*, the people who share one level (or none) in every comparison. It
 * ties the same people across comparisons and models for disclosure control, and is never
 * published: only the raw analysis results carry it (see pipeline/analyse/linkage.ts).
 */
export const linkageSchema = z.object({
  /** The plan's comparison ids, in the order of each atom's `levels`. */
  comparisons: z.array(z.string()),
  /** Covariate sets the models used, each as its comma-joined key ('' for none). */
  covariate_sets: z.array(z.string()),
  atoms: z.array(z.object({ levels: z.array(z.string().nullable()), counts: z.record(z.string(), z.int()) })),
});

/** What an analysis found, before disclosure control: never written anywhere. */
export const analysisResultsSchema = z.object({ ...findings, linkage: linkageSchema }).strict();

/** One withheld cell, as an output checker sees it: its identity and reason, never its value. */
export const withheldCellSchema = z.object({
  /** The count's definition, e.g. `level|programme|building_choices|classed|12|any|reoffended`. */
  cell: z.string(),
  /** Where it would have been printed: section, record index and field path. */
  places: z.array(z.string()),
  reason: z.enum(['low', 'c']),
  /** The rule that withheld it. */
  rule: z.enum(['threshold', 'differencing', 'small_sum', 'protection_interval', 'release']),
  /** An attacker's feasible range for it, from every published figure (integers; null upper: unbounded). */
  lower: z.number().nullable(),
  upper: z.number().nullable(),
});

/** What disclosure control did, for the report and for an output checker. */
export const disclosureSummarySchema = z.object({
  min_cell: z.int(),
  /** False when min_cell is below 10, or the run could not register its cells: the report is stamped "not for publication". */
  publishable: z.boolean(),
  /** True when the release register could not record this run (a read-only database), so it is not a release. */
  unregistered: z.boolean().optional(),
  /**
   * Whether this run started a fresh release register (not checked against figures earlier
   * runs published). The register's id and size are in OUT/disclosure-log.json, so that the
   * same run twice still writes the same results.json.
   */
  release: z.object({ fresh: z.boolean() }),
  /** How many values were suppressed, by section. */
  suppressed_by_section: z.record(z.string(), z.int()),
  /** How many published fields were withheld, by reason: `low` (primary) and `c` (secondary). */
  suppressed_by_reason: z.object({ low: z.int(), c: z.int() }),
  /** The narrowest protection interval of any withheld count (span = upper − lower + 1). */
  narrowest_interval: z.object({ cell: z.string(), lower: z.number(), upper: z.number().nullable(), span: z.number().nullable() }).nullable(),
  notes: z.array(z.string()),
});

/**
 * The headline figures of this plan's earlier complete runs on the same database, oldest
 * first, then this run's (issue 13): what the report's trend chart draws. Earlier runs'
 * figures are as they published them (after their disclosure control); runs are identified
 * only by the extract date they analysed, so the same runs give the same bytes anywhere.
 */
const historySchema = z.array(z.object({ extract_date: z.string().nullable(), estimates: z.array(headlineEstimateSchema) }));

/** results.json: what may be published, after disclosure control. */
export const resultsSchema = z.object({ ...findings, disclosure: disclosureSummarySchema, history: historySchema.default([]) }).strict();

/** Results in the published shape (what reports read). */
export type Results = z.output<typeof resultsSchema>;
export type AnalysisResults = z.output<typeof analysisResultsSchema>;
export type Linkage = z.output<typeof linkageSchema>;
export type WithheldCell = z.output<typeof withheldCellSchema>;
declare const disclosedBrand: unique symbol;
/**
 * Results that have been through disclosure control: only `discloseResults` makes one, and
 * only this type can be written (reports/writeReport.ts). Raw AnalysisResults cannot pass
 * for it: they carry `linkage`, no `disclosure` block, and no brand.
 */
export type DisclosedResults = Results & { readonly [disclosedBrand]: true };
export type ChangeRecord = z.output<typeof changeRecordSchema>;
export type AncovaRecord = z.output<typeof ancovaRecordSchema>;
export type RateRecord = z.output<typeof rateRecordSchema>;
export type CoxRecord = z.output<typeof coxRecordSchema>;
export type MatchedRecord = z.output<typeof matchedRecordSchema>;
export type LogisticRecord = z.output<typeof logisticRecordSchema>;
export type FrequencyRecord = z.output<typeof frequencyRecordSchema>;
export type TimeToReoffenceRecord = z.output<typeof timeToReoffenceRecordSchema>;
export type LandmarkRecord = z.output<typeof landmarkSchema>;
