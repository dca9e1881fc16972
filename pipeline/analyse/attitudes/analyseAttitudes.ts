/**
 * The attitude analyses of a plan. For every comparison: paired change at the treatment
 * and reference levels for every measure (Holm-adjusted across the measures of a level),
 * and the ANCOVA of post on pre plus the treatment indicator, unadjusted and (when the
 * plan names covariates) adjusted, with CR2 cluster-robust errors clustered on group
 * (Holm-adjusted across measures): complete case (`weighting: "none"`), and, as a
 * sensitivity analysis, weighted for attrition (`weighting: "attrition"`, attritionWeighted.ts).
 */
import { covariateSets } from '../modelCovariates.ts';
import type { Plan } from '../../../schemas/plan.ts';
import type { AncovaRecord, ChangeRecord } from '../../../schemas/results.ts';
import type { CohortMember, MeasureInfo } from '../../derive/cohort.ts';
import { comparedLevels, membersAt, membersCompared } from '../comparisonMembers.ts';
import { holmAdjust } from '../stats/holmAdjust.ts';
import { pairedChangeRecord } from './pairedChangeRecord.ts';
import { reliableChangeYardstick } from './reliableChangeYardstick.ts';
import { ancovaRecord } from './ancovaRecord.ts';
import { attritionWeightedRecord, attritionWeighting } from './attritionWeighted.ts';

function withHolm<T extends { p: number | null }>(records: T[]): (T & { p_holm: number | null })[] {
  const adjusted = holmAdjust(records.map((r) => r.p));
  return records.map((r, i) => ({ ...r, p_holm: adjusted[i] ?? null }));
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
    const weightings = new Map(measures.map((m) => [m, attritionWeighting(comparison, members, m, plan.covariates)]));
    for (const covariates of covariateSets(plan)) {
      ancovas.push(...withHolm(measures.map((m) => attritionWeightedRecord(comparison, members, m, covariates, weightings.get(m)!))));
    }
  }
  return { change, ancova: ancovas };
}
