/**
 * Proven reoffending (any category) within each window, among people classed for it, by
 * logistic regression on the treatment indicator and the plan's covariates, with standard
 * errors clustered on group (`sandwich::vcovCL`, HC0): the adjusted odds ratio with its
 * 95% Wald CI.
 */
import type { Comparison, Plan, PlanCovariate } from '../../../schemas/plan.ts';
import { programmeGroups, type CohortMember } from '../../derive/cohort.ts';
import { heldFixedFields, membersCompared } from '../comparisonMembers.ts';
import { guarded } from '../guarded.ts';
import { logisticRegression } from '../stats/logisticRegression.ts';
import { memberColumns, rowsWhere } from '../memberColumns.ts';
import { atRows, informativeColumns, modelColumns, type ModelColumns } from './cohortColumns.ts';

/** The members classed for a window, with their outcome and position in `members`. */
export function classedFor(members: readonly CohortMember[], window: number) {
  const outcomes = memberColumns(members).reoffending(window, 'any');
  return rowsWhere(outcomes, (o) => o.classed).map((row) => ({ member: members[row]!, outcome: outcomes[row]!, row }));
}

/** 1 for each member of `cols` who reoffended within the window, else 0. */
export const reoffendedIn = (cols: Pick<ModelColumns, 'source' | 'rows'>, window: number): number[] => atRows(cols, (c) => c.reoffending(window, 'any')).map((o) => (o.reoffended ? 1 : 0));

/** The people of a comparison classed for a window, as model columns, with their outcome `y`. */
export type ClassedModel = Readonly<ModelColumns & { y: number[] }>;

/**
 * The people of a comparison classed for a window, as model columns (treatment indicator,
 * the plan's covariates, cluster) with their outcome `y`: 1 if they reoffended within it.
 * Frozen: the logistic, Poisson and matched analyses of the comparison and window all read it.
 */
export function classedModel(cohort: readonly CohortMember[], comparison: Comparison, window: number, covariates: readonly PlanCovariate[]): ClassedModel {
  const members = membersCompared(cohort, comparison);
  const cols = modelColumns(members, comparison, covariates, classedFor(members, window).map((c) => c.row));
  return frozenModel({ ...cols, y: reoffendedIn(cols, window) });
}

/**
 * `record` of each comparison and window's classed model, in the plan's order (comparisons,
 * then windows). Each model is made when its turn comes and let go after: remembered for the
 * whole run, the review's plan's ten models held 16 MiB at 100,000 people (what the
 * reconviction analyses left live: 69 MiB, 53 without them).
 * analyseReconviction.ts makes each once for the logistic, matched and frequency analyses.
 */
export function byClassedModel<T>(cohort: readonly CohortMember[], plan: Plan, record: (cols: ClassedModel, comparison: Comparison, window: number) => T): T[] {
  const out: T[] = [];
  for (const comparison of plan.comparisons) {
    for (const window of plan.windows) out.push(record(classedModel(cohort, comparison, window, plan.covariates), comparison, window));
  }
  return out;
}

/** The logistic model of one comparison and window, from its classed model. */
export function logisticRecord(cols: ClassedModel, comparison: Comparison, window: number, plan: Plan) {
  // People at held-fixed levels where everyone (or no one) reoffended send that level's coefficient to ±∞ in R: left out of the fit.
  const informing = informativeColumns(cols, comparison, plan.covariates, cols.y, true);
  const fitCols = informing.fit;
  const fitY = reoffendedIn(fitCols, window);
  const fit = cols.confounded
    ? { value: null, note: cols.confounded }
    : guarded(() => logisticRegression({ y: fitY, covariates: fitCols.covariates, cluster: fitCols.cluster }));
  const term = fit.value?.terms.find((t) => t.term === 'treatment');
  return {
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
  };
}

/** Frozen, with every array and record the model built (not the members it was read from): a remembered answer no caller can change. */
function frozenModel<T extends ModelColumns & { y: number[] }>(cols: T): Readonly<T> {
  for (const xs of [cols.members, cols.rows, cols.treated, cols.cluster, cols.y, cols.aliasedDummies, cols.droppedTerms, ...Object.values(cols.covariates)]) Object.freeze(xs);
  Object.freeze(cols.covariates);
  return Object.freeze(cols);
}
