/**
 * Observed against expected: per comparison level, the proven reoffending rate within 24
 * months (any category, people classed for 24 months with an OGRS score) against the mean
 * OGRS-predicted two-year rate, as an O/E ratio with exact Poisson (Garwood) limits.
 * OGRS predicts two-year proven reoffending, so the 24-month window is used whatever the
 * plan's windows are.
 */
import type { Plan } from '../../../schemas/plan.ts';
import type { CohortMember } from '../../derive/cohort.ts';
import { comparedLevels, membersAt } from '../comparisonMembers.ts';
import { guarded } from '../guarded.ts';
import { observedExpected } from '../stats/observedExpected.ts';
import { classedFor } from './logisticModels.ts';

export const OGRS_WINDOW_MONTHS = 24;

export function observedAgainstExpected(cohort: readonly CohortMember[], plan: Plan) {
  const out = [];
  for (const comparison of plan.comparisons) {
    for (const level of comparedLevels(comparison)) {
      const scored = classedFor(membersAt(cohort, comparison, level), OGRS_WINDOW_MONTHS).filter((c) => c.member.covariates.ogrs !== null);
      const oe = guarded(() => observedExpected(scored.map((c) => (c.outcome.reoffended ? 1 : 0)), scored.map((c) => c.member.covariates.ogrs! / 100)));
      out.push({
        comparison: comparison.id,
        level,
        window_months: OGRS_WINDOW_MONTHS,
        n: scored.length,
        observed: oe.value?.observed ?? null,
        expected: oe.value?.expected ?? null,
        observed_rate: scored.length && oe.value ? oe.value.observed / scored.length : null,
        expected_rate: scored.length && oe.value ? oe.value.expected / scored.length : null,
        ratio: oe.value?.ratio ?? null,
        ci_low: oe.value?.lower ?? null,
        ci_high: oe.value?.upper ?? null,
        p: oe.value?.p ?? null,
        note: oe.note,
      });
    }
  }
  return out;
}
