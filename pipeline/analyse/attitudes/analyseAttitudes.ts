/**
 * The attitude analyses of a plan. For every comparison: paired change at the treatment
 * and reference levels for every measure (Holm-adjusted across the measures of a level),
 * and the ANCOVA of post on pre plus the treatment indicator, unadjusted and (when the
 * plan names covariates) adjusted, with CR2 cluster-robust errors clustered on group
 * (Holm-adjusted across measures).
 */
import { covariateSets } from '../modelCovariates.ts';
import type { Comparison, Plan, PlanCovariate } from '../../../schemas/plan.ts';
import type { AncovaRecord, ChangeRecord } from '../../../schemas/results.ts';
import type { CohortMember, MeasureInfo } from '../../derive/cohort.ts';
import { adjustedFor, comparedLevels, membersAt, membersCompared } from '../comparisonMembers.ts';
import { estimableDummies, factorDummies, treatmentSeparable } from '../factorDummies.ts';
import { guarded } from '../guarded.ts';
import { ancova } from '../stats/ancova.ts';
import { holmAdjust } from '../stats/holmAdjust.ts';
import { pairedChangeRecord } from './pairedChangeRecord.ts';

function withHolm<T extends { p: number | null }>(records: T[]): (T & { p_holm: number | null })[] {
  const adjusted = holmAdjust(records.map((r) => r.p));
  return records.map((r, i) => ({ ...r, p_holm: adjusted[i] ?? null }));
}

function ancovaRecord(comparison: Comparison, members: readonly CohortMember[], measure: MeasureInfo, covariates: readonly PlanCovariate[]): Omit<AncovaRecord, 'p_holm'> {
  const inScope = members.filter((m) => {
    const s = m.scores.get(measure.measure);
    return s?.pre != null && s.post != null;
  });
  const scores = inScope.map((m) => m.scores.get(measure.measure)!);
  const indicator = inScope.map((m) => (m.levels[comparison.by] === comparison.treatment ? 1 : 0));
  // Held-fixed dummies aliased with the other columns on the rows the model fits are left out, as R gives them NA.
  const fitted = inScope.map((m, i) => covariates.every((c) => m.covariates[c] !== null) ? i : -1).filter((i) => i >= 0);
  const pick = (xs: readonly number[]) => fitted.map((i) => xs[i]!);
  const allDummies = factorDummies(inScope, adjustedFor(comparison), fitted.map((i) => inScope[i]!));
  const { dropped } = estimableDummies(
    [pick(inScope.map(() => 1)), pick(scores.map((s) => s.pre!)), pick(indicator), ...covariates.map((c) => pick(inScope.map((m) => m.covariates[c] ?? 0)))],
    Object.fromEntries(Object.entries(allDummies).map(([k, v]) => [k, pick(v)])),
  );
  const dummies = Object.fromEntries(Object.entries(allDummies).filter(([k]) => !dropped.includes(k)));
  const held = adjustedFor(comparison);
  const separable =
    !held.length ||
    treatmentSeparable(
      [pick(inScope.map(() => 1)), pick(scores.map((s) => s.pre!)), ...covariates.map((c) => pick(inScope.map((m) => m.covariates[c] ?? 0)))],
      Object.fromEntries(Object.entries(allDummies).map(([k, v]) => [k, pick(v)])),
      pick(indicator),
    );
  const fit = !separable
    ? { value: null, note: `holding ${held.join(' and ')} fixed, no stratum has both ${comparison.treatment} and ${comparison.reference}, so their difference cannot be told apart from ${held.join(' and ')}` }
    : guarded(() =>
    ancova({
      pre: scores.map((s) => s.pre),
      post: scores.map((s) => s.post),
      indicator,
      cluster: inScope.map((m) => m.cluster),
      covariates: { ...Object.fromEntries(covariates.map((c) => [c, inScope.map((m) => m.covariates[c])])), ...dummies },
    }),
  );
  return {
    comparison: comparison.id,
    measure: measure.measure,
    treatment: comparison.treatment,
    reference: comparison.reference,
    adjusted: covariates.length > 0,
    covariates: [...covariates],
    adjust_for: [...adjustedFor(comparison)],
    ...(comparison.filter ? { filter: { ...comparison.filter } } : {}),
    estimate: fit.value?.estimate ?? null,
    se: fit.value?.se ?? null,
    df: fit.value?.df ?? null,
    p: fit.value?.p ?? null,
    ci_low: fit.value?.ci_low ?? null,
    ci_high: fit.value?.ci_high ?? null,
    std_estimate: fit.value?.std_estimate ?? null,
    n: fit.value?.n ?? fitted.length,
    clusters: fit.value?.clusters ?? new Set(inScope.map((m) => m.cluster)).size,
    dropped_missing_covariates: fit.value?.dropped_missing_covariate ?? inScope.length - fitted.length,
    note: fit.note,
  };
}

export function analyseAttitudes(cohort: readonly CohortMember[], measures: readonly MeasureInfo[], plan: Plan): { change: ChangeRecord[]; ancova: AncovaRecord[] } {
  const change: ChangeRecord[] = [];
  const ancovas: AncovaRecord[] = [];
  for (const comparison of plan.comparisons) {
    for (const level of comparedLevels(comparison)) {
      const members = membersAt(cohort, comparison, level);
      change.push(...withHolm(measures.map((m) => pairedChangeRecord(comparison.id, level, members, m))));
    }
    const members = membersCompared(cohort, comparison);
    for (const covariates of covariateSets(plan)) {
      ancovas.push(...withHolm(measures.map((m) => ancovaRecord(comparison, members, m, covariates))));
    }
  }
  return { change, ancova: ancovas };
}
