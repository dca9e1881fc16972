/**
 * Landmark survival: the Kaplan–Meier probability of no proven reoffence 3, 6, 12 and 24
 * months after follow-up starts, per comparison level, with Greenwood's log interval (people
 * as independent) and, beside it, a cluster-bootstrap percentile interval that resamples
 * programme groups (stats/clusterBootstrapLandmarks.ts): people taught together share more
 * than chance, which Greenwood's interval ignores. The bootstrap draws `plan.bootstrap_replicates`
 * replicates (999 by default) from a Mersenne Twister seeded with `plan.seed`, so a rerun of the
 * same plan on the same data gives the same intervals. A landmark month is 365.25 / 12 days,
 * on the Kaplan–Meier curves' own time scale (days from follow-up start, censored at the
 * longest window). Landmarks beyond the longest window are not reported.
 */
import type { Plan } from '../../../schemas/plan.ts';
import type { LandmarkRecord } from '../../../schemas/results.ts';
import { programmeGroups, type CohortMember } from '../../derive/cohort.ts';
import { comparedLevels, membersAt } from '../comparisonMembers.ts';
import { guarded } from '../guarded.ts';
import { clusterBootstrapLandmarks } from '../stats/clusterBootstrapLandmarks.ts';
import { survivalTimes } from './survival.ts';

export const LANDMARK_MONTHS = [3, 6, 12, 24] as const;
export const DAYS_PER_MONTH = 365.25 / 12;

export function landmarkSurvival(cohort: readonly CohortMember[], plan: Plan): LandmarkRecord[] {
  const maxWindow = Math.max(...plan.windows);
  const months = LANDMARK_MONTHS.filter((m) => m <= maxWindow);
  const out: LandmarkRecord[] = [];
  for (const comparison of plan.comparisons) {
    for (const level of comparedLevels(comparison)) {
      const { kept } = survivalTimes(membersAt(cohort, comparison, level), maxWindow);
      const fit = guarded(() =>
        clusterBootstrapLandmarks({
          time: kept.map((k) => k.timeDays),
          event: kept.map((k) => k.event),
          cluster: kept.map((k) => k.member.cluster),
          landmarks: months.map((m) => m * DAYS_PER_MONTH),
          replicates: plan.bootstrap_replicates,
          seed: plan.seed,
        }),
      );
      months.forEach((m, i) => {
        const row = fit.value?.rows[i];
        out.push({
          comparison: comparison.id,
          level,
          months: m,
          time_days: m * DAYS_PER_MONTH,
          surv: row?.surv ?? null,
          ci_low: row?.ci_low ?? null,
          ci_high: row?.ci_high ?? null,
          boot_ci_low: row?.boot_ci_low ?? null,
          boot_ci_high: row?.boot_ci_high ?? null,
          clusters: programmeGroups(kept.map((k) => k.member.cluster)),
          note: fit.note,
        });
      });
    }
  }
  return out;
}
