/**
 * Proven reoffending (any category) within each window, among people classed for it, by
 * logistic regression on the treatment indicator and the plan's covariates, with standard
 * errors clustered on group (`sandwich::vcovCL`, HC0): the adjusted odds ratio with its
 * 95% Wald CI.
 */
import type { Comparison, Plan, PlanCovariate } from '../../../schemas/plan.ts';
import { programmeGroups, type CohortMember } from '../../derive/cohort.ts';
import { provenReoffending } from '../../derive/reoffending.ts';
import { heldFixedFields, membersCompared } from '../comparisonMembers.ts';
import { guarded } from '../guarded.ts';
import { logisticRegression } from '../stats/logisticRegression.ts';
import { informativeColumns, modelColumns } from './cohortColumns.ts';

export function classedFor(members: readonly CohortMember[], window: number) {
  return members
    .map((member) => ({ member, outcome: provenReoffending(member.followUp, member.offences, window, 'any') }))
    .filter((x) => x.outcome.classed);
}

/**
 * The people of a comparison classed for a window, as model columns (treatment indicator,
 * the plan's covariates, cluster) with their outcome `y`: 1 if they reoffended within it.
 */
export function classedModel(cohort: readonly CohortMember[], comparison: Comparison, window: number, covariates: readonly PlanCovariate[]) {
  const classed = classedFor(membersCompared(cohort, comparison), window);
  const reoffended = new Map(classed.map((c) => [c.member, c.outcome.reoffended ? 1 : 0]));
  const cols = modelColumns(classed.map((c) => c.member), comparison, covariates);
  return { ...cols, y: cols.members.map((m) => reoffended.get(m)!) };
}

export function logisticModels(cohort: readonly CohortMember[], plan: Plan) {
  const out = [];
  for (const comparison of plan.comparisons) {
    for (const window of plan.windows) {
      const cols = classedModel(cohort, comparison, window, plan.covariates);
      // People at held-fixed levels where everyone (or no one) reoffended send that level's coefficient to ±∞ in R: left out of the fit.
      const y = new Map(cols.members.map((m, i) => [m, cols.y[i]!]));
      const informing = informativeColumns(cols, comparison, plan.covariates, (m) => y.get(m)!, true);
      const fitCols = informing.fit;
      const fitY = fitCols.members.map((m) => y.get(m)!);
      const fit = cols.confounded
        ? { value: null, note: cols.confounded }
        : guarded(() => logisticRegression({ y: fitY, covariates: fitCols.covariates, cluster: fitCols.cluster }));
      const term = fit.value?.terms.find((t) => t.term === 'treatment');
      out.push({
        comparison: comparison.id,
        window_months: window,
        covariates: [...plan.covariates],
        ...heldFixedFields(comparison),
        dropped_terms: fitCols.droppedTerms,
        or: term?.oddsRatio ?? null,
        ci_low: term?.lower ?? null,
        ci_high: term?.upper ?? null,
        se: term ? (term.robustSe ?? term.se) : null,
        p: term?.p ?? null,
        clusters: fit.value ? programmeGroups(fitCols.cluster) : null,
        n: cols.members.length,
        dropped_missing_covariates: cols.droppedMissingCovariates,
        note: fit.note ?? (informing.leftOut ? `${informing.leftOut} people at held-fixed levels where everyone or no one reoffended were left out of the fit (R's coefficients for those levels head to infinity)` : null),
      });
    }
  }
  return out;
}
