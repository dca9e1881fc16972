/**
 * Cox proportional hazards for time to first proven reoffence: the treatment indicator
 * alone, then with the plan's covariates; Efron ties; robust variance clustered on group
 * (people without a group are their own cluster), as `coxph(..., cluster = group)`. The
 * proportional-hazards check of the indicator is `cox.zph`'s; p < 0.05 is flagged.
 */
import { covariateSets } from '../modelCovariates.ts';
import type { Plan } from '../../../schemas/plan.ts';
import { programmeGroups, type CohortMember } from '../../derive/cohort.ts';
import { heldFixedFields, membersCompared } from '../comparisonMembers.ts';
import { guarded } from '../guarded.ts';
import { coxProportionalHazards } from '../stats/coxProportionalHazards.ts';
import { proportionalHazardsTest } from '../stats/proportionalHazardsTest.ts';
import { informativeColumns, modelColumns, type ModelColumns } from './cohortColumns.ts';
import { survivalTimes } from './survival.ts';

export const PH_FLAG_P = 0.05;

export function coxModels(cohort: readonly CohortMember[], plan: Plan) {
  const maxWindow = Math.max(...plan.windows);
  const out = [];
  for (const comparison of plan.comparisons) {
    const members = membersCompared(cohort, comparison);
    const { kept } = survivalTimes(members, maxWindow);
    const timeAt = new Map(kept.map((k) => [k.row, k]));
    const eventsOf = (c: ModelColumns) => c.rows.map((r): number => (timeAt.get(r)!.event ? 1 : 0));
    for (const covariates of covariateSets(plan)) {
      const cols = modelColumns(members, comparison, covariates, kept.map((k) => k.row));
      // People at held-fixed levels with no reoffence inform no coefficient but their level's (→ −∞ in R): left out of the fit.
      const informing = informativeColumns(cols, comparison, covariates, eventsOf(cols), false);
      const fitCols = informing.fit;
      const data = {
        time: fitCols.rows.map((r) => timeAt.get(r)!.timeDays),
        event: eventsOf(fitCols),
        covariates: fitCols.covariates,
        cluster: fitCols.cluster,
      };
      const fit = cols.confounded ? { value: null, note: cols.confounded } : guarded(() => coxProportionalHazards(data));
      const term = fit.value?.terms.find((t) => t.term === 'treatment');
      const ph = fit.value ? guarded(() => proportionalHazardsTest(data, fit.value!.terms.map((t) => t.coefficient))) : null;
      const phP = ph?.value?.terms.find((t) => t.term === 'treatment')?.p ?? null;
      const notes = [
        fit.note,
        ph?.note ? `proportional-hazards check: ${ph.note}` : null,
        informing.leftOut && fit.value ? `${informing.leftOut} people at held-fixed levels with no reoffence were left out of the fit (R's coefficients for those levels head to minus infinity; its other estimates tend to this fit)` : null,
      ].filter(Boolean);
      out.push({
        comparison: comparison.id,
        adjusted: covariates.length > 0,
        covariates: [...covariates],
        ...heldFixedFields(comparison),
        dropped_terms: fitCols.droppedTerms,
        hr: term?.hazardRatio ?? null,
        ci_low: term?.lower ?? null,
        ci_high: term?.upper ?? null,
        se: term ? (term.robustSe ?? term.se) : null,
        p: term?.p ?? null,
        n: cols.members.length,
        events: eventsOf(cols).reduce((s, e) => s + e, 0),
        clusters: programmeGroups(fitCols.cluster),
        dropped_missing_covariates: cols.droppedMissingCovariates,
        ph_p: phP,
        ph_violated: phP === null ? null : phP < PH_FLAG_P,
        note: notes.length ? notes.join('; ') : null,
      });
    }
  }
  return out;
}
