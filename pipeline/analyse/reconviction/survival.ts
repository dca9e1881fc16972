/**
 * Time to first proven reoffence (any category) per comparison level: Kaplan–Meier curves
 * with Greenwood log-transformed 95% CIs, and the log-rank test between the two levels; for
 * levels assigned per group also its robust version, the score test of the Cox model of the
 * level indicator clustered on group (stats/robustScoreTest.ts, R's "Robust" line).
 */
import type { Plan } from '../../../schemas/plan.ts';
import type { CohortMember } from '../../derive/cohort.ts';
import { comparedLevels, isAssignedPerGroup, membersAt } from '../comparisonMembers.ts';
import { guarded } from '../guarded.ts';
import { memberColumns } from '../memberColumns.ts';
import { kaplanMeier } from '../stats/kaplanMeier.ts';
import { logRankTest } from '../stats/logRankTest.ts';
import { coxRobustScoreTest } from '../stats/robustScoreTest.ts';

export interface SurvivalTimes {
  member: CohortMember;
  /** Where the member sits in the array given to `survivalTimes`. */
  row: number;
  timeDays: number;
  event: boolean;
}

/** Survival times of the members kept (C >= S), and how many were left out. */
export function survivalTimes(members: readonly CohortMember[], maxWindowMonths: number): { kept: SurvivalTimes[]; excluded: number } {
  const kept: SurvivalTimes[] = [];
  memberColumns(members)
    .timeToReoffence(maxWindowMonths, 'any')
    .forEach((t, row) => {
      if (t.included) kept.push({ member: members[row]!, row, timeDays: t.timeDays, event: t.event });
    });
  return { kept, excluded: members.length - kept.length };
}

export function survivalAnalyses(cohort: readonly CohortMember[], plan: Plan) {
  const maxWindow = Math.max(...plan.windows);
  const survival = [];
  const curves = [];
  const logrank = [];
  for (const comparison of plan.comparisons) {
    const both: SurvivalTimes[] = [];
    const groups: string[] = [];
    for (const level of comparedLevels(comparison)) {
      const { kept, excluded } = survivalTimes(membersAt(cohort, comparison, level), maxWindow);
      // One push per person: spreading 100,000 arguments overflows the call stack.
      for (const k of kept) {
        both.push(k);
        groups.push(level);
      }
      const km = guarded(() => kaplanMeier(kept.map((k) => k.timeDays), kept.map((k) => k.event)));
      curves.push({ comparison: comparison.id, level, n: kept.length, excluded, events: kept.filter((k) => k.event).length, note: km.note });
      for (const row of km.value?.rows ?? []) {
        if (row.nEvent === 0) continue;
        survival.push({ comparison: comparison.id, level, time_days: row.time, at_risk: row.nRisk, events: row.nEvent, surv: row.survival, ci_low: row.lower, ci_high: row.upper });
      }
    }
    const lr = guarded(() => logRankTest(both.map((k) => k.timeDays), both.map((k) => k.event), groups));
    const [treatment] = comparedLevels(comparison);
    const robust = isAssignedPerGroup(comparison) && lr.value
      ? guarded(() => coxRobustScoreTest({ time: both.map((k) => k.timeDays), event: both.map((k) => k.event), covariates: { treatment: groups.map((g) => (g === treatment ? 1 : 0)) }, cluster: both.map((k) => k.member.cluster) })).value
      : null;
    logrank.push({ comparison: comparison.id, chisq: lr.value?.chisq ?? null, df: lr.value?.df ?? null, p: lr.value?.p ?? null, robust_chisq: robust?.chisq ?? null, robust_p: robust?.p ?? null, note: lr.note });
  }
  return { survival, curves, logrank };
}
