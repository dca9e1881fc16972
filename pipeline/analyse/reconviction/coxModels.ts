/**
 * Cox proportional hazards for time to first proven reoffence: the treatment indicator
 * alone, then with the plan's covariates; Efron ties; robust variance clustered on group
 * (people without a group are their own cluster), as `coxph(..., cluster = group)`. The
 * proportional-hazards check of the indicator is `cox.zph`'s; p < 0.05 is flagged.
 */
import { covariateSets } from '../modelCovariates.ts';
import type { Plan } from '../../../schemas/plan.ts';
import type { CohortMember } from '../../derive/cohort.ts';
import { membersCompared } from '../comparisonMembers.ts';
import { guarded } from '../guarded.ts';
import { coxProportionalHazards } from '../stats/coxProportionalHazards.ts';
import { proportionalHazardsTest } from '../stats/proportionalHazardsTest.ts';
import { modelColumns } from './cohortColumns.ts';
import { survivalTimes } from './survival.ts';

export const PH_FLAG_P = 0.05;

export function coxModels(cohort: readonly CohortMember[], plan: Plan) {
  const maxWindow = Math.max(...plan.windows);
  const out = [];
  for (const comparison of plan.comparisons) {
    const members = membersCompared(cohort, comparison);
    const { kept } = survivalTimes(members, maxWindow);
    const byMember = new Map(kept.map((k) => [k.member, k]));
    for (const covariates of covariateSets(plan)) {
      const cols = modelColumns(kept.map((k) => k.member), comparison, covariates);
      const data = {
        time: cols.members.map((m) => byMember.get(m)!.timeDays),
        event: cols.members.map((m): number => (byMember.get(m)!.event ? 1 : 0)),
        covariates: cols.covariates,
        cluster: cols.cluster,
      };
      const fit = guarded(() => coxProportionalHazards(data));
      const term = fit.value?.terms.find((t) => t.term === 'treatment');
      const ph = fit.value ? guarded(() => proportionalHazardsTest(data, fit.value!.terms.map((t) => t.coefficient))) : null;
      const phP = ph?.value?.terms.find((t) => t.term === 'treatment')?.p ?? null;
      const notes = [fit.note, ph?.note ? `proportional-hazards check: ${ph.note}` : null].filter(Boolean);
      out.push({
        comparison: comparison.id,
        adjusted: covariates.length > 0,
        covariates: [...covariates],
        hr: term?.hazardRatio ?? null,
        ci_low: term?.lower ?? null,
        ci_high: term?.upper ?? null,
        se: term ? (term.robustSe ?? term.se) : null,
        p: term?.p ?? null,
        n: cols.members.length,
        events: data.event.reduce((s, e) => s + e, 0),
        clusters: fit.value?.clusters ?? new Set(cols.cluster).size,
        dropped_missing_covariates: cols.droppedMissingCovariates,
        ph_p: phP,
        ph_violated: phP === null ? null : phP < PH_FLAG_P,
        note: notes.length ? notes.join('; ') : null,
      });
    }
  }
  return out;
}
