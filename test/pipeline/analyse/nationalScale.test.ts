/**
 * National scale: a cohort of 250,000 enrolments must not crash an analysis that handles one
 * value per person. Spreading such an array as arguments (`push(...kept)`, `Math.min(...w)`)
 * overflows V8's call stack above about 120,000 values; the 300,000-person bench run found
 * the survival analysis and the attrition weights doing it.
 */
import { describe, expect, it } from 'vitest';
import { attritionWeighting } from '../../../pipeline/analyse/attitudes/attritionWeighted.ts';
import { membersCompared } from '../../../pipeline/analyse/comparisonMembers.ts';
import { setAsideLaterEnrolments } from '../../../pipeline/analyse/onePerPerson.ts';
import { survivalAnalyses } from '../../../pipeline/analyse/reconviction/survival.ts';
import type { CohortMember, MeasureInfo } from '../../../pipeline/derive/cohort.ts';
import { comparisonLevels } from '../../../pipeline/derive/comparisonFactors.ts';
import { planSchema } from '../../../schemas/plan.ts';

const PEOPLE = 250_000;
const plan = planSchema.parse({
  comparisons: [{ id: 'programme', by: 'programme_family', treatment: 'building_choices', reference: 'legacy_specialist' }],
  windows: [12, 24],
});
const measure: MeasureInfo = { measure: 'self_management', label: 'Self-management', min: 0, max: 40, direction: 'higher_better', reliability: 0.8, normMean: null, normSd: null, items: null, reverseItems: [] };

/** A large cohort, by arithmetic rather than a random source (fast to build): half at each level, a few offences. */
function largeCohort(): CohortMember[] {
  const groups = ['building_choices', 'kaizen'].map((programme) => comparisonLevels({ arm: 'programme', group: { programme, intensity: 'high', setting: 'community', region: 'Wales', facilitatorBand: 'band_4' } }));
  return Array.from({ length: PEOPLE }, (_, i) => {
    const start = `202${2 + (i % 3)}-0${1 + (i % 9)}-1${i % 10}`;
    return {
      enrolmentId: `e${i}`,
      personId: `p${i}`,
      enrolledOn: start,
      cluster: `g${Math.floor(i / 10)}`,
      arm: 'programme',
      status: 'completed',
      started: true,
      levels: groups[i % 2]!,
      covariates: { age_at_index: 20 + (i % 50), prior_convictions: i % 7, ogrs: (i % 97) / 100, sexual_risk: null, rosh: null },
      followUp: { followUpStart: start, observationEnd: '2026-10-31' },
      offences: i % 5 === 0 ? [{ offenceDate: `2025-0${1 + (i % 9)}-01`, convictionDate: '2025-12-01', category: 'other' }] : [],
      scores: new Map([['self_management', { pre: i % 40, post: i % 3 === 0 ? null : (i * 7) % 40 }]]),
    } satisfies CohortMember;
  });
}

describe('analyses of 250,000 people', () => {
  const cohort = setAsideLaterEnrolments(largeCohort(), plan.comparisons);

  it('survival curves and the log-rank test', () => {
    const { curves, logrank } = survivalAnalyses(cohort, plan);
    expect(curves.map((c) => c.n)).toEqual([PEOPLE / 2, PEOPLE / 2]);
    expect(logrank).toHaveLength(1);
  }, 120_000);

  it('attrition weights', () => {
    const w = attritionWeighting(plan.comparisons[0]!, membersCompared(cohort, plan.comparisons[0]!), measure, ['age_at_index']);
    expect(w.note).toBeNull();
    expect(w.weighting!.weightOf.size).toBeGreaterThan(PEOPLE / 2);
    expect(w.weighting!.range[0]).toBeLessThanOrEqual(w.weighting!.range[1]);
  }, 120_000);
});
