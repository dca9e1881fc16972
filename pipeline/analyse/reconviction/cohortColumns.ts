/**
 * Columns for a model from cohort members: the treatment indicator, the plan's covariates
 * and the cluster, with members missing a covariate dropped (and counted).
 */
import type { Comparison, PlanCovariate } from '../../../schemas/plan.ts';
import type { CohortMember } from '../../derive/cohort.ts';

export interface ModelColumns {
  members: CohortMember[];
  treated: number[];
  covariates: Record<string, number[]>;
  cluster: string[];
  droppedMissingCovariates: number;
}

/** The indicator is named `treatment`; covariates keep their plan names. */
export function modelColumns(members: readonly CohortMember[], comparison: Comparison, covariates: readonly PlanCovariate[]): ModelColumns {
  const complete = members.filter((m) => covariates.every((c) => m.covariates[c] !== null));
  const treated = complete.map((m) => (m.levels[comparison.by] === comparison.treatment ? 1 : 0));
  return {
    members: complete,
    treated,
    covariates: { treatment: treated, ...Object.fromEntries(covariates.map((c) => [c, complete.map((m) => m.covariates[c] as number)])) },
    cluster: complete.map((m) => m.cluster),
    droppedMissingCovariates: members.length - complete.length,
  };
}
