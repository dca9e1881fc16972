/**
 * The covariate sets a plan's models are fitted with, and how a set is named. Every model
 * (ANCOVA, Cox, logistic) is fitted without covariates and, when the plan names any, with
 * them; the linkage counts each set's sample under the same name, so that disclosure control
 * ties a model's n to the people it used (pipeline/analyse/linkage.ts, reports/disclosure).
 *
 * @example
 * covariateSets({ covariates: ['ogrs'] } as Plan); // [[], ['ogrs']]
 * covariateKey(['age_at_index', 'ogrs']);           // 'age_at_index,ogrs'
 */
import type { Plan, PlanCovariate } from '../../schemas/plan.ts';

/** None, and the plan's (when it names any). */
export function covariateSets(plan: Pick<Plan, 'covariates'>): PlanCovariate[][] {
  return plan.covariates.length ? [[], [...plan.covariates]] : [[]];
}

/** A covariate set's name in concept names and cell ids ('' for none). */
export const covariateKey = (covariates: readonly string[]) => covariates.join(',');
