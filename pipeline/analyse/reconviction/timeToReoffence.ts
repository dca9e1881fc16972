/**
 * Time to first proven reoffence among reoffenders, as the Justice Data Lab reports it: for
 * each compared level and window, the people classed for the window who reoffended within
 * it, and the mean days from follow-up start to their first proven reoffence, with the
 * one-sample t interval of R's `t.test(days)$conf.int` (computed by `@stdlib/stats-ttest`).
 * The people are the rates record's `reoffended` (category any), so disclosure control
 * ties them to it (reports/disclosure/derivedRules.ts).
 */
import ttest from '@stdlib/stats-ttest';
import { mean } from 'simple-statistics';
import type { Plan } from '../../../schemas/plan.ts';
import type { TimeToReoffenceRecord } from '../../../schemas/results.ts';
import type { CohortMember } from '../../derive/cohort.ts';
import { daysToFirstProvenReoffence } from '../../derive/reoffending.ts';
import { comparedLevels, membersAt } from '../comparisonMembers.ts';

/** Mean and 95% t interval of `days`; null interval below two people or with no spread. */
export function meanDaysInterval(days: readonly number[]): { mean: number | null; low: number | null; high: number | null; note: string | null } {
  if (!days.length) return { mean: null, low: null, high: null, note: 'no one reoffended within the window' };
  const m = mean([...days]);
  if (days.length < 2 || days.every((d) => d === days[0])) return { mean: m, low: null, high: null, note: 'too few reoffenders, or no spread in their times, for an interval' };
  const t = ttest(days as number[], { alpha: 0.05 });
  return { mean: m, low: t.ci[0]!, high: t.ci[1]!, note: null };
}

export function timeToReoffence(cohort: readonly CohortMember[], plan: Plan): TimeToReoffenceRecord[] {
  const out: TimeToReoffenceRecord[] = [];
  for (const comparison of plan.comparisons) {
    for (const level of comparedLevels(comparison)) {
      const members = membersAt(cohort, comparison, level);
      for (const window of plan.windows) {
        const days = members.map((m) => daysToFirstProvenReoffence(m.followUp, m.offences, window, 'any')).filter((d): d is number => d !== null);
        const interval = meanDaysInterval(days);
        out.push({ comparison: comparison.id, level, window_months: window, mean_days: interval.mean, ci_low: interval.low, ci_high: interval.high, note: interval.note });
      }
    }
  }
  return out;
}
