/**
 * Landmark survival per comparison level (pipeline/analyse/reconviction/landmarks.ts): the
 * wiring passes each level's survival times and groups to clusterBootstrapLandmarks (proven
 * against R's summary(survfit(...), times =) and by seed coverage in its own tests), at 3, 6,
 * 12 and 24 months up to the longest window, seeded from the plan.
 */
import { describe, expect, it } from 'vitest';
import { DAYS_PER_MONTH, landmarkSurvival } from '../../../../pipeline/analyse/reconviction/landmarks.ts';
import { survivalTimes } from '../../../../pipeline/analyse/reconviction/survival.ts';
import { clusterBootstrapLandmarks } from '../../../../pipeline/analyse/stats/clusterBootstrapLandmarks.ts';
import { addDays } from '../../../../pipeline/derive/calendar.ts';
import type { CohortMember } from '../../../../pipeline/derive/cohort.ts';
import { comparisonLevels } from '../../../../pipeline/derive/comparisonFactors.ts';
import { planSchema } from '../../../../schemas/plan.ts';
import { resultsSchema } from '../../../../schemas/results.ts';

function member(i: number): CohortMember {
  const bc = i % 2 === 0;
  const start = '2022-01-01';
  const days = 15 + ((i * 53) % 700);
  const offences = i % 3 === 0 ? [{ offenceDate: addDays(start, days), convictionDate: addDays(start, days + 40), category: 'violent' as const }] : [];
  const group = { programme: bc ? 'building_choices' : 'kaizen', intensity: 'high', setting: 'community', region: 'Wales', facilitatorBand: 'band_4' };
  return {
    enrolmentId: `e${i}`, personId: `p${i}`, enrolledOn: start, cluster: `${bc ? 'b' : 'k'}${i % 12}`, arm: 'programme', status: 'completed', started: true,
    levels: comparisonLevels({ arm: 'programme', group }),
    covariates: { age_at_index: 30, prior_convictions: 1, ogrs: 20, sexual_risk: null, rosh: null },
    followUp: { followUpStart: start, observationEnd: '2026-10-31' },
    offences,
    scores: new Map(),
  };
}

const cohort = Array.from({ length: 240 }, (_, i) => member(i));
const comparison = { id: 'programme', by: 'programme_family', treatment: 'building_choices', reference: 'legacy_specialist' };

describe('landmarkSurvival', () => {
  it('gives each level its landmarks from its own survival times and groups, seeded from the plan', () => {
    const plan = planSchema.parse({ comparisons: [comparison], windows: [12, 24], seed: 7, bootstrap_replicates: 199 });
    const out = landmarkSurvival(cohort, plan);
    expect(out.map((l) => [l.level, l.months])).toEqual([3, 6, 12, 24].map((m) => ['building_choices', m]).concat([3, 6, 12, 24].map((m) => ['legacy_specialist', m])));
    const bc = survivalTimes(cohort.filter((m) => m.levels.programme_family === 'building_choices'), 24).kept;
    const direct = clusterBootstrapLandmarks({ time: bc.map((k) => k.timeDays), event: bc.map((k) => k.event), cluster: bc.map((k) => k.member.cluster), landmarks: [3, 6, 12, 24].map((m) => m * DAYS_PER_MONTH), replicates: 199, seed: 7 });
    out.slice(0, 4).forEach((l, i) => {
      const row = direct.rows[i]!;
      expect(l).toMatchObject({ surv: row.surv, ci_low: row.ci_low, ci_high: row.ci_high, boot_ci_low: row.boot_ci_low, boot_ci_high: row.boot_ci_high, clusters: 6 }); // even people: groups b0, b2, …, b10
    });
    expect(() => resultsSchema.shape.reconviction.shape.landmarks.parse(out)).not.toThrow();
  });

  it('reports no landmark beyond the longest window, and the same seed gives the same intervals', () => {
    const plan = planSchema.parse({ comparisons: [comparison], windows: [12], bootstrap_replicates: 99 });
    const a = landmarkSurvival(cohort, plan);
    expect([...new Set(a.map((l) => l.months))]).toEqual([3, 6, 12]);
    expect(landmarkSurvival(cohort, plan)).toEqual(a);
    const other = landmarkSurvival(cohort, planSchema.parse({ comparisons: [comparison], windows: [12], bootstrap_replicates: 99, seed: 2 }));
    expect(other.map((l) => l.boot_ci_low)).not.toEqual(a.map((l) => l.boot_ci_low));
  });
});
