/**
 * One ANCOVA record: post on pre and the treatment indicator (and a covariate set, and the
 * comparison's held-fixed dummies), with CR2 errors clustered on group, over the people with
 * both scores; complete case, or weighted for attrition (attritionWeighted.ts). Covariates
 * aliased in the sample are dropped as R drops them and named in `dropped_terms`.
 */
import type { Comparison, PlanCovariate } from '../../../schemas/plan.ts';
import type { AncovaRecord } from '../../../schemas/results.ts';
import { programmeGroups, type CohortMember, type MeasureInfo } from '../../derive/cohort.ts';
import { heldFixedFields } from '../comparisonMembers.ts';
import { heldFixedDummies } from '../factorDummies.ts';
import { guarded } from '../guarded.ts';
import { estimableCovariates } from '../modelCovariates.ts';
import { ancova } from '../stats/ancova.ts';

/** Attrition weights of the people with both scores who may be fitted (attritionWeighted.ts). */
export interface AncovaWeighting {
  weightOf: ReadonlyMap<CohortMember, number>;
  model: string[];
  range: [number, number];
}

export function ancovaRecord(comparison: Comparison, members: readonly CohortMember[], measure: MeasureInfo, covariates: readonly PlanCovariate[], weighting: AncovaWeighting | null = null): Omit<AncovaRecord, 'p_holm'> {
  const paired = members.filter((m) => {
    const s = m.scores.get(measure.measure);
    return s?.pre != null && s.post != null;
  });
  // Weighted: only the people the attrition model weighted (everyone with both scores and every plan covariate).
  const inScope = weighting ? paired.filter((m) => weighting.weightOf.has(m)) : paired;
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
      ...(weighting ? { weights: inScope.map((m) => weighting.weightOf.get(m)!) } : {}),
    }),
  );
  return {
    comparison: comparison.id,
    measure: measure.measure,
    treatment: comparison.treatment,
    reference: comparison.reference,
    adjusted: covariates.length > 0,
    covariates: [...covariates],
    weighting: weighting ? 'attrition' : 'none',
    attrition_model: weighting ? weighting.model : null,
    weight_range: weighting ? weighting.range : null,
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
    clusters: programmeGroups(fitted.map((i) => inScope[i]!.cluster)),
    dropped_missing_covariates: paired.length - fitted.length,
    note: fit.note,
  };
}
