/**
 * buildCohort: members of one group share one frozen levels object, and members with one
 * follow-up window share it, so that a national cohort holds each once (memory), while each
 * member reads exactly what it read when it had copies of its own.
 */
import { describe, expect, it } from 'vitest';
import { buildCohort, shareStringsAgain, type CohortInput } from '../../../pipeline/derive/cohort.ts';

const enrolment = (id: string, group: string | null, start: string) => ({
  enrolment_id: id, person_id: `p-${id}`, group_id: group, arm: group ? 'programme' : 'none', status: group ? 'completed' : 'not_started', referral_date: '2023-01-05',
  start_date: group ? '2023-02-01' : null, follow_up_start: start, observation_end: '2026-10-31', age_at_index: 30, prior_convictions: 1, ogrs: 40.5,
  sexual_risk: 'medium', rosh: null, programme: group ? 'building_choices' : null, intensity: group ? 'moderate' : null, setting: group ? 'community' : null,
  region: group ? 'Wales' : null, group_start_date: group ? '2023-02-01' : null,
});
const input: CohortInput = {
  enrolments: [enrolment('e1', 'g1', '2023-06-01'), enrolment('e2', 'g1', '2023-06-01'), enrolment('e3', 'g2', '2023-07-01'), enrolment('e4', null, '2023-06-01')],
  staff: [{ group_id: 'g1', role: 'lead', band: 3 }, { group_id: 'g2', role: 'lead', band: 4 }],
  scaleScores: [],
  reconvictions: [],
};

describe('buildCohort', () => {
  const [a, b, c, d] = buildCohort(input);

  it('gives each member its levels, window and codes', () => {
    expect(a!.levels).toEqual({ arm: 'programme', programme_family: 'building_choices', programme: 'building_choices', facilitator_band: 'band_3', intensity: 'moderate', setting: 'community', region: 'Wales', start_period: '2023_h1' });
    expect(c!.levels.facilitator_band).toBe('band_4');
    expect(d!.levels).toEqual({ arm: 'none', programme_family: 'none', programme: 'none', facilitator_band: 'none', intensity: 'none', setting: 'none', region: 'none', start_period: 'none' });
    expect([a!.cluster, d!.cluster]).toEqual(['g1', 'solo:e4']);
    expect(d!.followUp).toEqual({ followUpStart: '2023-06-01', observationEnd: '2026-10-31' });
  });

  it('shares one frozen levels object within a group, and one frozen window among equal windows', () => {
    expect(b!.levels).toBe(a!.levels);
    expect(c!.levels).not.toBe(a!.levels);
    expect(Object.isFrozen(a!.levels)).toBe(true);
    expect(d!.followUp).toBe(a!.followUp);
    expect(c!.followUp).not.toBe(a!.followUp);
    expect(Object.isFrozen(a!.followUp)).toBe(true);
  });
});

describe('shareStringsAgain', () => {
  // Two enrolments of one person (one list of offences), scores on two measures.
  const withData: CohortInput = {
    ...input,
    enrolments: [...input.enrolments, { ...enrolment('e5', 'g2', '2024-01-01'), person_id: 'p-e1' }],
    scaleScores: [
      { enrolment_id: 'e1', measure: 'self_management', timepoint: 'pre', score: 30 },
      { enrolment_id: 'e1', measure: 'self_management', timepoint: 'post', score: 34 },
      { enrolment_id: 'e3', measure: 'victim_empathy', timepoint: 'pre', score: 12.5 },
    ],
    reconvictions: [{ person_id: 'p-e1', offence_date: '2024-05-01', conviction_date: '2024-08-01', category: 'sexual' }],
  };

  it("leaves a clone's members equal to the cohort's, objects the members shared still shared", () => {
    const cohort = buildCohort(withData);
    const copy = structuredClone(cohort);
    shareStringsAgain(copy);
    expect(copy).toEqual(cohort);
    expect(copy[0]!.scores).toBeInstanceOf(Map);
    expect([...copy[0]!.scores]).toEqual([['self_management', { pre: 30, post: 34 }]]);
    expect(copy[4]!.offences).toBe(copy[0]!.offences);
    expect(copy[1]!.levels).toBe(copy[0]!.levels);
    expect(copy[3]!.followUp).toBe(copy[0]!.followUp);
  });
});
