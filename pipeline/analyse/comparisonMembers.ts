/** Who is at each level of a plan's comparison. */
import type { Comparison } from '../../schemas/plan.ts';
import type { CohortMember } from '../derive/cohort.ts';

export function membersAt(cohort: readonly CohortMember[], comparison: Comparison, level: string): CohortMember[] {
  return cohort.filter((m) => m.levels[comparison.by] === level);
}

/** Treatment then reference: the two levels a comparison reports. */
export function comparedLevels(comparison: Comparison): [string, string] {
  return [comparison.treatment, comparison.reference];
}

/** Everyone at either compared level: the sample of a model of the treatment indicator. */
export function membersCompared(cohort: readonly CohortMember[], comparison: Comparison): CohortMember[] {
  return cohort.filter((m) => m.levels[comparison.by] === comparison.treatment || m.levels[comparison.by] === comparison.reference);
}
