/**
 * One ANCOVA record: post on pre and the treatment indicator (and a covariate set, and the
 * comparison's held-fixed dummies), with CR2 errors clustered on group, over the people with
 * both scores; complete case, or weighted for attrition (attritionWeighted.ts). Covariates
 * aliased in the sample are dropped as R drops them and named in `dropped_terms`.
 */
import type { Comparison, PlanCovariate } from '../../../schemas/plan.ts';
import type { AncovaRecord } from '../../../schemas/results.ts';
import { programmeGroups, type CohortMember, type MeasureInfo } from '../../derive/cohort.ts';
import { memberColumns, pick, rowsWhere } from '../memberColumns.ts';
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
  // Index-based over the members' columns (memberColumns.ts): each field is read from the members once per comparison, not once per record.
  const cols = memberColumns(members);
  const { pre, post } = cols.scores(measure.measure);
  const paired = rowsWhere(pre, (x, i) => x != null && post[i] != null);
  // Weighted: only the people the attrition model weighted (everyone with both scores and every plan covariate).
  const inScope = weighting ? paired.filter((i) => weighting.weightOf.has(members[i]!)) : paired;
  const preIn = pick(pre, inScope) as number[];
  const indicator = pick(cols.treated(comparison), inScope);
  const covariateIn = new Map(covariates.map((c) => [c, pick(cols.covariate(c), inScope)]));
  // The rows the model fits: ancova drops those missing a covariate.
  const fitted = rowsWhere(inScope, (_, k) => covariates.every((c) => covariateIn.get(c)![k] !== null));
  // A covariate constant among the people fitted, or a combination of the others, is left out as R gives it NA.
  const orZero = (xs: readonly (number | null)[]) => xs.map((x) => x ?? 0);
  const { dropped } = estimableCovariates(
    [fitted.map(() => 1), pick(preIn, fitted), pick(indicator, fitted)],
    Object.fromEntries(covariates.map((c) => [c, pick(orZero(covariateIn.get(c)!), fitted)])),
  );
  const usable = covariates.filter((c) => !dropped.includes(c));
  const isFitted = new Uint8Array(inScope.length);
  for (const k of fitted) isFitted[k] = 1;
  const clusterIn = pick(cols.cluster(), inScope);
  const held = heldFixedDummies((f) => pick(cols.level(f), inScope), comparison, indicator, [preIn, ...usable.map((c) => orZero(covariateIn.get(c)!))], fitted);
  const fit = held.confounded
    ? { value: null, note: held.confounded }
    : guarded(() =>
    ancova({
      // Rows missing any plan covariate stay out even when that covariate is dropped as aliased (R's na.omit comes first).
      pre: preIn.map((x, k) => (isFitted[k] ? x : null)),
      post: pick(post, inScope),
      indicator,
      cluster: clusterIn,
      covariates: { ...Object.fromEntries(usable.map((c) => [c, covariateIn.get(c)!])), ...held.kept },
      ...(weighting ? { weights: inScope.map((i) => weighting.weightOf.get(members[i]!)!) } : {}),
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
    clusters: programmeGroups(pick(clusterIn, fitted)),
    dropped_missing_covariates: paired.length - fitted.length,
    note: fit.note,
  };
}
