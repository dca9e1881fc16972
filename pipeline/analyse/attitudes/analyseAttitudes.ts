/**
 * The attitude analyses of a plan. For every comparison: paired change at the treatment
 * and reference levels for every measure (Holm-adjusted across the measures of a level),
 * and the ANCOVA of post on pre plus the treatment indicator, unadjusted and (when the
 * plan names covariates) adjusted, with CR2 cluster-robust errors clustered on group
 * (Holm-adjusted across measures).
 */
import { covariateSets, estimableCovariates } from '../modelCovariates.ts';
import type { Comparison, Plan, PlanCovariate } from '../../../schemas/plan.ts';
import type { AncovaRecord, ChangeRecord } from '../../../schemas/results.ts';
import type { CohortMember, MeasureInfo } from '../../derive/cohort.ts';
import { comparedLevels, heldFixedFields, membersAt, membersCompared } from '../comparisonMembers.ts';
import { heldFixedDummies } from '../factorDummies.ts';
import { guarded } from '../guarded.ts';
import { ancova } from '../stats/ancova.ts';
import { holmAdjust } from '../stats/holmAdjust.ts';
import { pairedChangeRecord } from './pairedChangeRecord.ts';
import { reliableChangeYardstick } from './reliableChangeYardstick.ts';

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
  // The rows the model fits: ancova drops those missing a covariate.
  const fitted = inScope.map((m, i) => (covariates.every((c) => m.covariates[c] !== null) ? i : -1)).filter((i) => i >= 0);
  // A covariate constant among the people fitted, or a combination of the others, is left out as R gives it NA.
  const onFitted = (xs: readonly number[]) => fitted.map((i) => xs[i]!);
  const { dropped } = estimableCovariates(
    [fitted.map(() => 1), onFitted(scores.map((s) => s.pre!)), onFitted(indicator)],
    Object.fromEntries(covariates.map((c) => [c, onFitted(inScope.map((m) => m.covariates[c] ?? 0))])),
  );
  const usable = covariates.filter((c) => !dropped.includes(c));
  const isFitted = new Set(fitted);
  const held = heldFixedDummies(inScope, comparison, indicator, [scores.map((s) => s.pre!), ...usable.map((c) => inScope.map((m) => m.covariates[c] ?? 0))], fitted);
  const fit = held.confounded
    ? { value: null, note: held.confounded }
    : guarded(() =>
    ancova({
      // Rows missing any plan covariate stay out even when that covariate is dropped as aliased (R's na.omit comes first).
      pre: scores.map((s, i) => (isFitted.has(i) ? s.pre : null)),
      post: scores.map((s) => s.post),
      indicator,
      cluster: inScope.map((m) => m.cluster),
      covariates: { ...Object.fromEntries(usable.map((c) => [c, inScope.map((m) => m.covariates[c])])), ...held.kept },
    }),
  );
  return {
    comparison: comparison.id,
    measure: measure.measure,
    treatment: comparison.treatment,
    reference: comparison.reference,
    adjusted: covariates.length > 0,
    covariates: [...covariates],
    ...heldFixedFields(comparison),
    estimate: fit.value?.estimate ?? null,
    se: fit.value?.se ?? null,
    df: fit.value?.df ?? null,
    p: fit.value?.p ?? null,
    ci_low: fit.value?.ci_low ?? null,
    ci_high: fit.value?.ci_high ?? null,
    std_estimate: fit.value?.std_estimate ?? null,
    dropped_terms: [...dropped, ...held.dropped],
    pooled_sd_pre: fit.value?.pooled_sd_pre ?? null,
    n: fit.value?.n ?? fitted.length,
    clusters: fit.value?.clusters ?? new Set(inScope.map((m) => m.cluster)).size,
    dropped_missing_covariates: inScope.length - fitted.length,
    note: fit.note,
  };
}

export function analyseAttitudes(cohort: readonly CohortMember[], measures: readonly MeasureInfo[], plan: Plan): { change: ChangeRecord[]; ancova: AncovaRecord[] } {
  const change: ChangeRecord[] = [];
  const ancovas: AncovaRecord[] = [];
  for (const comparison of plan.comparisons) {
    const levels = comparedLevels(comparison).map((level) => ({ level, members: membersAt(cohort, comparison, level) }));
    const yardsticks = new Map(measures.map((m) => [m.measure, reliableChangeYardstick(levels.map((l) => l.members), m)]));
    for (const { level, members } of levels) {
      change.push(...withHolm(measures.map((m) => pairedChangeRecord(comparison.id, level, members, m, yardsticks.get(m.measure)!))));
    }
    const members = membersCompared(cohort, comparison);
    for (const covariates of covariateSets(plan)) {
      ancovas.push(...withHolm(measures.map((m) => ancovaRecord(comparison, members, m, covariates))));
    }
  }
  return { change, ancova: ancovas };
}
