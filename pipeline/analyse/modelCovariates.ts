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
import { aliasedColumns } from './stats/aliasedColumns.ts';

/** None, and the plan's (when it names any). */
export function covariateSets(plan: Pick<Plan, 'covariates'>): PlanCovariate[][] {
  return plan.covariates.length ? [[], [...plan.covariates]] : [[]];
}

/** A covariate set's name in concept names and cell ids ('' for none). */
export const covariateKey = (covariates: readonly string[]) => covariates.join(',');

/**
 * The covariates a model can estimate: those not aliased with the columns before them (the
 * intercept, the treatment indicator, a pre score, the covariates listed earlier), tested as
 * R's `lm` pivots (stats/aliasedColumns.ts). A covariate constant in this sample, or a sum of
 * others, gets NA in R, which fits the rest; so it is left out here and named in `dropped`
 * (the record's `dropped_terms`) instead of turning the whole model into null.
 *
 * @example
 * estimableCovariates([[1, 1, 1], [0, 1, 1]], { ogrs: [0.2, 0.4, 0.3], age: [30, 30, 30] });
 * // { kept: { ogrs: [...] }, dropped: ['age'] }
 */
export function estimableCovariates<T extends ArrayLike<number>>(base: readonly ArrayLike<number>[], covariates: Readonly<Record<string, T>>): { kept: Record<string, T>; dropped: string[] } {
  const names = Object.keys(covariates);
  const aliased = aliasedColumns([...base, ...names.map((n) => covariates[n]!)]).slice(base.length);
  return {
    kept: Object.fromEntries(names.filter((_, j) => !aliased[j]).map((n) => [n, covariates[n]!])),
    dropped: names.filter((_, j) => aliased[j]),
  };
}
