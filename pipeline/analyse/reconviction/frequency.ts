/**
 * Frequency of proven reoffending (the Justice Data Lab's second headline measure): proven
 * reoffences per person classed for a window, treatment against reference, as a rate ratio
 * from a Poisson model on the treatment indicator, the plan's covariates and the held-fixed
 * factors, with errors clustered on group (`glm(offences ~ treatment + …, family = poisson)`
 * with `sandwich::vcovCL`; see stats/poissonRegression.ts). The sample is the logistic
 * model's for the window (logisticModels.ts), so disclosure control ties the two; people at
 * held-fixed levels with no reoffence send that level's coefficient to −∞ in R and are left
 * out of the fit, as for Cox.
 */
import { mean } from 'simple-statistics';
import type { Comparison, Plan } from '../../../schemas/plan.ts';
import type { FrequencyRecord } from '../../../schemas/results.ts';
import { heldFixedFields } from '../comparisonMembers.ts';
import { guarded } from '../guarded.ts';
import { poissonRegression } from '../stats/poissonRegression.ts';
import { atRows, informativeColumns, type ModelColumns } from './cohortColumns.ts';
import type { ClassedModel } from './logisticModels.ts';

/** The frequency record of one comparison and window, from its classed model. */
export function frequencyRecord(cols: ClassedModel, comparison: Comparison, window: number, plan: Plan): FrequencyRecord {
  const offencesOf = (c: ModelColumns) => atRows(c, (m) => m.reoffending(window, 'any')).map((o) => o.offences);
  const offences = offencesOf(cols);
  const side = (t: number) => offences.filter((_, i) => cols.treated[i] === t);
  const [treated, control] = [side(1), side(0)];
  const informing = informativeColumns(cols, comparison, plan.covariates, offences, false);
  const fitCols = informing.fit;
  const fit = cols.confounded
    ? { value: null, note: cols.confounded }
    : guarded(() => poissonRegression({ y: offencesOf(fitCols), covariates: fitCols.covariates, cluster: fitCols.cluster }));
  const term = fit.value?.terms.find((t) => t.term === 'treatment');
  return {
    comparison: comparison.id,
    window_months: window,
    covariates: [...plan.covariates],
    ...heldFixedFields(comparison),
    dropped_terms: fitCols.droppedTerms,
    per_person_treated: treated.length ? mean(treated) : null,
    per_person_control: control.length ? mean(control) : null,
    rate_ratio: term?.rateRatio ?? null,
    ci_low: term?.lower ?? null,
    ci_high: term?.upper ?? null,
    se: term ? (term.robustSe ?? term.se) : null,
    p: term?.p ?? null,
    note: fit.note ?? (informing.leftOut ? `${informing.leftOut} people at held-fixed levels where no one reoffended were left out of the fit` : null),
  };
}
