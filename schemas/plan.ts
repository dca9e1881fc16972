/**
 * An analysis plan (YAML): what to compare, adjusting for what, over which windows.
 *
 * ```yaml
 * title: Building Choices vs legacy
 * comparisons:
 *   - { id: programme, by: programme_family, treatment: building_choices, reference: legacy_specialist }
 *   - { id: band, by: facilitator_band, treatment: band_3, reference: band_4 }
 * covariates: [age_at_index, prior_convictions, ogrs]
 * windows: [12, 24]
 * seed: 1
 * disclosure: { min_cell: 10 }
 * ```
 */
import { z } from 'zod';
import { COMPARISON_FACTORS } from '../pipeline/derive/comparisonFactors.ts';

/**
 * Person-level covariates a plan may adjust for. Risk bands enter as ordinal scores
 * (low 1, medium 2, high 3, very_high 4).
 */
export const PLAN_COVARIATES = ['age_at_index', 'prior_convictions', 'ogrs', 'sexual_risk', 'rosh'] as const;

// Every object is strict: an unknown (misspelt) key anywhere is an error with its line and column,
// never silently ignored (`min_cel: 3` would otherwise leave min_cell at its default).
/**
 * Factors a comparison may hold fixed (`adjust_for`): every comparison factor but `arm`, and
 * `start_period`, the calendar half-year in which the group started. They enter every model
 * as dummy variables (R's treatment contrasts) and matching is exact on them.
 */
export const ADJUST_FACTORS = COMPARISON_FACTORS.filter((f) => f !== 'arm');
export type AdjustFactor = (typeof ADJUST_FACTORS)[number];

export const comparisonSchema = z
  .strictObject({
    id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, { error: 'a comparison id is 1-40 letters, digits, _ or -' }),
    by: z.enum(COMPARISON_FACTORS, { error: `by must be one of: ${COMPARISON_FACTORS.join(', ')}` }),
    treatment: z.string().min(1),
    reference: z.string().min(1),
    /** Factors held fixed in every model of this comparison (and matched exactly). */
    adjust_for: z
      .array(z.enum(ADJUST_FACTORS, { error: `adjust_for takes factors among: ${ADJUST_FACTORS.join(', ')}` }))
      .transform((f) => [...new Set(f)])
      .optional(),
    /** Restricts the comparison to the people at these levels, e.g. `{ programme_family: building_choices }`. */
    filter: z.partialRecord(z.enum(COMPARISON_FACTORS, { error: `filter takes factors among: ${COMPARISON_FACTORS.join(', ')}` }), z.string().min(1)).optional(),
  })
  .refine((c) => c.treatment !== c.reference, { error: 'treatment and reference must differ', path: ['reference'] })
  .refine((c) => !c.adjust_for?.includes(c.by as AdjustFactor), { error: 'a comparison cannot hold fixed the factor it compares', path: ['adjust_for'] })
  .refine((c) => !c.filter || !(c.by in c.filter), { error: 'a comparison cannot filter on the factor it compares', path: ['filter'] });

export const planSchema = z
  .strictObject({
    title: z.string().min(1).default('progeval analysis'),
    comparisons: z.array(comparisonSchema).min(1, { error: 'a plan needs at least one comparison' }),
    covariates: z.array(z.enum(PLAN_COVARIATES, { error: `covariates must be among: ${PLAN_COVARIATES.join(', ')}` })).default([]),
    windows: z
      .array(z.int().min(1).max(120))
      .min(1)
      .default([12, 24])
      .transform((w) => [...new Set(w)].sort((a, b) => a - b)),
    seed: z.int().default(1),
    disclosure: z.strictObject({ min_cell: z.int().min(1).default(10) }).default({ min_cell: 10 }),
  })
  .superRefine((p, ctx) => {
    const ids = p.comparisons.map((c) => c.id);
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: ['comparisons', i, 'id'], message: `comparison id ${id} is used twice` });
    });
  });

export type Plan = z.output<typeof planSchema>;
export type Comparison = Plan['comparisons'][number];
export type PlanCovariate = (typeof PLAN_COVARIATES)[number];
