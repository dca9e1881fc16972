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
 * margins:
 *   reoffending: { risk_difference: 0.03, hazard_ratio: 1.25 }
 *   attitudes: { standardised: 0.2 }
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

const positive = (what: string) => z.number({ error: `${what} is a number` }).positive({ error: `${what} must be above 0` });
/** A margin for an attitude measure: points on its own scale, or standard deviations of its pre scores. */
const attitudeMargin = z
  .strictObject({ points: positive('points').optional(), standardised: positive('standardised').max(2, { error: 'standardised is in standard deviations: at most 2' }).optional() })
  .refine((m) => (m.points === undefined) !== (m.standardised === undefined), { error: 'give an attitude margin as points or as standardised, not both or neither' });

/**
 * Non-inferiority margins (CONSORT extension for non-inferiority and equivalence trials,
 * Piaggio et al. 2012, JAMA 308:2594): how much worse the treatment may be and still count
 * as "at least as good". Reoffending: a risk difference as a proportion (0.03 is 3
 * percentage points) and/or a hazard ratio above 1; attitudes: points on each measure's own
 * scale, or standardised (standard deviations of the pre scores), for every measure or per
 * measure by its id (`attitudes: { standardised: 0.2, osa: { points: 3 } }`). Every margin is
 * a distance on the worse side of no difference; the direction comes from the outcome.
 */
export const marginsSchema = z.strictObject({
  reoffending: z
    .strictObject({
      risk_difference: positive('risk_difference').max(0.5, { error: 'risk_difference is a proportion (0.03 is 3 percentage points): at most 0.5' }).optional(),
      hazard_ratio: z.number({ error: 'hazard_ratio is a number' }).gt(1, { error: 'hazard_ratio must be above 1 (1.25 allows a hazard 25% higher)' }).max(5, { error: 'hazard_ratio is at most 5' }).optional(),
    })
    .optional(),
  attitudes: z
    .object({ points: positive('points').optional(), standardised: positive('standardised').max(2, { error: 'standardised is in standard deviations: at most 2' }).optional() })
    .catchall(attitudeMargin)
    .refine((m) => !(m.points !== undefined && m.standardised !== undefined), { error: 'give the attitude margin as points or as standardised, not both' })
    .optional(),
});
export type Margins = z.output<typeof marginsSchema>;

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
    /** The seed of every resampling (the cluster bootstrap of landmark survival): the same seed, the same intervals. */
    seed: z.int().min(1, { error: 'seed must be a whole number from 1 to 4294967295' }).max(2 ** 32 - 1, { error: 'seed must be a whole number from 1 to 4294967295' }).default(1),
    /** Cluster-bootstrap replicates for the landmark survival intervals (0: none). */
    bootstrap_replicates: z.int().min(0).max(99_999).default(999),
    disclosure: z.strictObject({ min_cell: z.int().min(1).default(10) }).default({ min_cell: 10 }),
    /** Sequential monitoring (risk-adjusted CUSUM): the in-control average run length in people, and the odds ratio to detect. */
    monitoring: z
      .strictObject({
        arl0: z.int().min(10).max(1_000_000).default(1000),
        odds_ratio: z.number().positive().refine((x) => x !== 1, { error: 'odds_ratio must differ from 1 (2: twice the odds of reoffending)' }).default(2),
      })
      .default({ arl0: 1000, odds_ratio: 2 }),
    /** Non-inferiority margins: without them no comparison gets a verdict. */
    margins: marginsSchema.optional(),
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

/** The fields that say which people a comparison compares, and how (a plan's comparison as results.json carries it). */
export type ComparisonShape = { id: string; by: string; treatment: string; reference: string } & { adjust_for?: readonly string[] | undefined; filter?: Partial<Record<string, string>> | undefined };

const sameFilter = (a: ComparisonShape, b: ComparisonShape) => JSON.stringify(a.filter ?? {}) === JSON.stringify(b.filter ?? {});

/**
 * The comparison "as delivered" that an adjusted one refines: the same levels and filter,
 * nothing held fixed. The plan's question is answered by the adjusted one; the one as
 * delivered keeps its estimates but gets no verdict.
 */
export function asDeliveredOf<C extends ComparisonShape>(c: C, all: readonly C[]): C | undefined {
  if (!c.adjust_for?.length) return undefined;
  return all.find((o) => o !== c && !o.adjust_for?.length && o.by === c.by && o.treatment === c.treatment && o.reference === c.reference && sameFilter(o, c));
}

/** The comparison that refines `c` (holds factors fixed over the same levels), when `c` is one as delivered. */
export function refinedBy<C extends ComparisonShape>(c: C, all: readonly C[]): C | undefined {
  return all.find((o) => asDeliveredOf(o, all) === c);
}
