/**
 * Columns for a model from cohort members: the treatment indicator, the plan's covariates,
 * the dummies of the factors the comparison holds fixed (`adjust_for`, R's treatment
 * contrasts) and the cluster, with members missing a covariate dropped (and counted).
 */
import type { Comparison, PlanCovariate } from '../../../schemas/plan.ts';
import type { CohortMember } from '../../derive/cohort.ts';
import { adjustedFor } from '../comparisonMembers.ts';
import { heldFixedDummies } from '../factorDummies.ts';
import { estimableCovariates } from '../modelCovariates.ts';

export interface ModelColumns {
  members: CohortMember[];
  treated: number[];
  covariates: Record<string, number[]>;
  cluster: string[];
  droppedMissingCovariates: number;
  /** Dummies of held-fixed factors left out because they are aliased with the other columns (as R gives them NA). */
  aliasedDummies: string[];
  /** Every column left out as aliased: plan covariates (constant here, or combinations of others), then dummies. */
  droppedTerms: string[];
  /** Null, or why the treatment cannot be told apart from the held-fixed factors. */
  confounded: string | null;
}

/**
 * The members at held-fixed levels that inform a model of `outcome`: a level whose people
 * all share one outcome (no reoffence at all, for Cox) sends its dummy to ±∞ in R, whose
 * other estimates then tend to the fit without those people. So they are left out of the fit
 * (not of the counts), and the note says how many.
 */
export function informativeMembers<T extends Pick<CohortMember, 'levels'>>(members: readonly T[], factors: readonly string[], outcome: (m: T) => number, bothOutcomes: boolean): { members: T[]; leftOut: number } {
  if (!factors.length) return { members: [...members], leftOut: 0 };
  const seen = new Map<string, Set<number>>();
  for (const m of members) {
    for (const f of factors) {
      const key = `${f}=${m.levels[f as keyof typeof m.levels]}`;
      const outcomes = seen.get(key) ?? new Set<number>();
      outcomes.add(outcome(m) ? 1 : 0);
      seen.set(key, outcomes);
    }
  }
  const informs = (m: T) => factors.every((f) => {
    const o = seen.get(`${f}=${m.levels[f as keyof typeof m.levels]}`)!;
    return bothOutcomes ? o.size === 2 : o.has(1);
  });
  const kept = members.filter(informs);
  return { members: kept, leftOut: members.length - kept.length };
}

/**
 * The columns a model is fitted with: `cols`, less the members at held-fixed levels that
 * inform nothing about `outcome` (`informativeMembers`), rebuilt for the rest; `cols` itself
 * when none are left out. The model's counts stay those of `cols`.
 */
export function informativeColumns(
  cols: ModelColumns,
  comparison: Comparison,
  covariates: readonly PlanCovariate[],
  outcome: (m: CohortMember) => number,
  bothOutcomes: boolean,
): { fit: ModelColumns; leftOut: number } {
  const { members, leftOut } = informativeMembers(cols.members, adjustedFor(comparison), outcome, bothOutcomes);
  return { fit: leftOut ? modelColumns(members, comparison, covariates) : cols, leftOut };
}

/** The indicator is named `treatment`; covariates keep their plan names. */
export function modelColumns(members: readonly CohortMember[], comparison: Comparison, covariates: readonly PlanCovariate[]): ModelColumns {
  const complete = members.filter((m) => covariates.every((c) => m.covariates[c] !== null));
  const treated = complete.map((m) => (m.levels[comparison.by] === comparison.treatment ? 1 : 0));
  const all = Object.fromEntries(covariates.map((c) => [c, complete.map((m) => m.covariates[c] as number)]));
  // A covariate constant in this sample, or a combination of the others, is left out as R gives it NA.
  const { kept: numeric, dropped } = estimableCovariates([complete.map(() => 1), treated], all);
  const held = heldFixedDummies(complete, comparison, treated, Object.values(numeric));
  return {
    confounded: held.confounded,
    members: complete,
    treated,
    covariates: { treatment: treated, ...numeric, ...held.kept },
    aliasedDummies: held.dropped,
    droppedTerms: [...dropped, ...held.dropped],
    cluster: complete.map((m) => m.cluster),
    droppedMissingCovariates: members.length - complete.length,
  };
}
