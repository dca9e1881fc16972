/**
 * The run registry's view of a run (issue 13): what was analysed, and every headline figure
 * it published, so that `progeval history` and the report's trend chart can show how each
 * moved from one scheduled run to the next. Only disclosed values: a figure withheld in the
 * run's report is null here too.
 */
import { z } from 'zod';

const maybe = z.number().nullable();

/** One headline figure of a run: a verdict, a readiness row, or a comparison's ANCOVA or Cox estimate. */
export const headlineEstimateSchema = z.object({
  /** Stable across runs of a plan: kind, comparison, outcome, measure, window. */
  key: z.string(),
  kind: z.enum(['verdict', 'readiness', 'ancova', 'cox', 'cusum']),
  comparison: z.string(),
  /** 'reoffending', 'attitudes', or the CUSUM's level. */
  outcome: z.string(),
  measure: z.string().nullable(),
  window_months: z.int().nullable(),
  /** The scale: risk_difference, hazard_ratio, points; for CUSUM, the chart statistic. */
  scale: z.string(),
  estimate: maybe,
  ci_low: maybe,
  ci_high: maybe,
  margin: maybe,
  /** A verdict's word; readiness: assessable_now as 'now' or the month from which it will be. */
  verdict: z.string().nullable(),
});
export type HeadlineEstimate = z.output<typeof headlineEstimateSchema>;

/** One registered run. */
export const runRecordSchema = z.object({
  run_id: z.int(),
  status: z.enum(['running', 'complete', 'failed']),
  started_at: z.string(),
  finished_at: z.string().nullable(),
  plan_sha256: z.string(),
  plan_title: z.string(),
  /** The extract's date (the snapshot analysed), from the results. */
  extract_date: z.string().nullable(),
  /** Load batches in force, oldest first. */
  batches: z.array(z.int()),
  progeval_version: z.string(),
  /** SHA-256 of the run's manifest.json (which hashes every output), null until complete. */
  output_sha256: z.string().nullable(),
  estimates: z.array(headlineEstimateSchema),
});
export type RunRecord = z.output<typeof runRecordSchema>;
