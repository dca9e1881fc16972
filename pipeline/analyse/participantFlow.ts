/**
 * Participant flow at each comparison level: referred (each person once, on their first
 * eligible enrolment; see onePerPerson.ts), later enrolments set aside, started,
 * completed, with a pre score, with a pre and post score on the same measure, and classed
 * for each reoffending window (observed long enough for the window and its court lag; read
 * from the members' remembered columns, as the rates read them).
 */
import type { Plan } from '../../schemas/plan.ts';
import type { CohortMember } from '../derive/cohort.ts';
import { comparedLevels, laterEnrolmentsAt, membersAt } from './comparisonMembers.ts';
import { memberColumns } from './memberColumns.ts';

export function participantFlow(cohort: readonly CohortMember[], plan: Plan) {
  const out = [];
  for (const comparison of plan.comparisons) {
    for (const level of comparedLevels(comparison)) {
      const members = membersAt(cohort, comparison, level);
      const scores = members.map((m) => [...m.scores.values()]);
      out.push({
        comparison: comparison.id,
        level,
        referred: members.length,
        later_enrolments: laterEnrolmentsAt(cohort, comparison, level),
        started: members.filter((m) => m.started).length,
        completed: members.filter((m) => m.status === 'completed').length,
        with_pre: scores.filter((s) => s.some((x) => x.pre !== null)).length,
        with_pre_and_post: scores.filter((s) => s.some((x) => x.pre !== null && x.post !== null)).length,
        classed: plan.windows.map((w) => ({
          window_months: w,
          n: memberColumns(members).reoffending(w, 'any').filter((o) => o.classed).length,
        })),
      });
    }
  }
  return out;
}
