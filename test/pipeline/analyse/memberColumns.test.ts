/**
 * Members read as columns (pipeline/analyse/memberColumns.ts), and who is at each level
 * remembered per frozen cohort (comparisonMembers.ts): every column must hold what reading
 * each member would give, in the members' order, whether read directly or picked from the
 * cohort's columns; remembered answers must be the same frozen arrays, and nothing must be
 * remembered for an array that could still change.
 */
import { describe, expect, it } from 'vitest';
import { membersAt, membersCompared } from '../../../pipeline/analyse/comparisonMembers.ts';
import { memberColumns, pick } from '../../../pipeline/analyse/memberColumns.ts';
import { setAsideLaterEnrolments } from '../../../pipeline/analyse/onePerPerson.ts';
import type { CohortMember } from '../../../pipeline/derive/cohort.ts';
import { comparisonLevels } from '../../../pipeline/derive/comparisonFactors.ts';
import { provenReoffending, timeToFirstReoffence, type Offence } from '../../../pipeline/derive/reoffending.ts';
import { planSchema } from '../../../schemas/plan.ts';
import { createRandomSource } from '../../../fixtures/generator/random.ts';

const plan = planSchema.parse({
  comparisons: [
    { id: 'programme', by: 'programme_family', treatment: 'building_choices', reference: 'legacy_specialist' },
    { id: 'band', by: 'facilitator_band', treatment: 'band_3', reference: 'band_4', filter: { programme_family: 'building_choices' } },
  ],
  windows: [12, 24],
});
const [programme, band] = plan.comparisons as [(typeof plan.comparisons)[number], (typeof plan.comparisons)[number]];

/** 300 enrolments of 240 people, with missing covariates and scores and a few offences each. */
function randomCohort(seed: number): CohortMember[] {
  const random = createRandomSource(seed, 'cohort');
  const u = () => random.random();
  const of = <T>(xs: readonly T[]): T => random.pick(xs);
  const day = (from: number, span: number) => new Date(Date.UTC(2022, 0, 1) + Math.floor(from + u() * span) * 86_400_000).toISOString().slice(0, 10);
  return Array.from({ length: 300 }, (_, i) => {
    const programmeName = of(['building_choices', 'kaizen', 'horizon'] as const);
    const group = { programme: programmeName, intensity: 'high', setting: 'community', region: of(['Wales', 'London']), facilitatorBand: of(['band_3', 'band_4']) };
    const start = day(0, 900);
    const offences: Offence[] = Array.from({ length: Math.floor(u() * 4) }, () => {
      const offenceDay = Math.floor(u() * 1400);
      return { offenceDate: day(offenceDay, 0), convictionDate: day(offenceDay + 30, 200), category: of(['sexual', 'violent', 'other'] as const) };
    });
    const scores = new Map(
      ['self_management', 'victim_empathy'].filter(() => u() < 0.8).map((m) => [m, { pre: u() < 0.9 ? Math.round(u() * 40) : null, post: u() < 0.6 ? Math.round(u() * 40) : null }]),
    );
    return {
      enrolmentId: `e${i}`,
      personId: `p${i % 240}`,
      enrolledOn: start,
      cluster: `g${i % 37}`,
      arm: 'programme',
      status: 'completed',
      started: true,
      levels: comparisonLevels({ arm: 'programme', group }),
      covariates: { age_at_index: 20 + (i % 40), prior_convictions: u() < 0.1 ? null : i % 5, ogrs: u() < 0.2 ? null : u(), sexual_risk: null, rosh: null },
      followUp: { followUpStart: start, observationEnd: '2026-10-31' },
      offences,
      scores,
    } satisfies CohortMember;
  });
}

/** Every column of `members`, against reading each member. */
function expectColumnsRead(members: readonly CohortMember[]) {
  const cols = memberColumns(members);
  expect(cols.level('facilitator_band')).toEqual(members.map((m) => m.levels.facilitator_band));
  expect(cols.treated(programme)).toEqual(members.map((m) => (m.levels.programme_family === 'building_choices' ? 1 : 0)));
  expect(cols.covariate('ogrs')).toEqual(members.map((m) => m.covariates.ogrs));
  expect(cols.cluster()).toEqual(members.map((m) => m.cluster));
  expect(cols.followUpStart()).toEqual(members.map((m) => m.followUp.followUpStart));
  const { pre, post } = cols.scores('self_management');
  expect(pre).toEqual(members.map((m) => m.scores.get('self_management')?.pre ?? null));
  expect(post).toEqual(members.map((m) => m.scores.get('self_management')?.post ?? null));
  for (const category of ['any', 'sexual'] as const) {
    expect(cols.reoffending(12, category)).toEqual(members.map((m) => provenReoffending(m.followUp, m.offences, 12, category)));
    expect(cols.timeToReoffence(24, category)).toEqual(members.map((m) => timeToFirstReoffence(m.followUp, m.offences, 24, category)));
  }
}

describe('memberColumns', () => {
  const cohort = setAsideLaterEnrolments(randomCohort(7), plan.comparisons);

  it('holds what reading each member gives, for the cohort and for every level and comparison picked from it', () => {
    // The columns differ from member to member: missing covariates, and reoffending that differs by category.
    const reoffended = (category: 'any' | 'sexual') => cohort.filter((m) => provenReoffending(m.followUp, m.offences, 12, category).reoffended).length;
    expect(cohort.some((m) => m.covariates.ogrs === null)).toBe(true);
    expect(reoffended('any')).toBeGreaterThan(reoffended('sexual') + 20);
    expectColumnsRead(cohort);
    for (const comparison of plan.comparisons) {
      expectColumnsRead(membersCompared(cohort, comparison));
      for (const level of [comparison.treatment, comparison.reference]) expectColumnsRead(membersAt(cohort, comparison, level));
    }
    // An array not frozen is read directly.
    expectColumnsRead(randomCohort(8));
  });

  it('remembers the columns of a frozen array, frozen, picks a level\'s outcomes afresh, and reads an array that can change afresh', () => {
    const members = membersAt(cohort, band, 'band_3');
    expect(Object.isFrozen(members)).toBe(true);
    expect(memberColumns(members)).toBe(memberColumns(members));
    expect(memberColumns(members).covariate('ogrs')).toBe(memberColumns(members).covariate('ogrs'));
    // The cohort's outcome columns are read once; a level's are picked from them at each call (equal, not kept).
    expect(memberColumns(cohort).reoffending(12, 'any')).toBe(memberColumns(cohort).reoffending(12, 'any'));
    expect(memberColumns(members).reoffending(12, 'any')).not.toBe(memberColumns(members).reoffending(12, 'any'));
    expect(memberColumns(members).reoffending(12, 'any')).toEqual(members.map((m) => provenReoffending(m.followUp, m.offences, 12, 'any')));
    expect(Object.isFrozen(memberColumns(members).timeToReoffence(24, 'any'))).toBe(true);
    expect(() => (memberColumns(members).cluster() as string[]).push('g0')).toThrow(TypeError);

    const open = [...members];
    expect(memberColumns(open)).not.toBe(memberColumns(open));
    const picked = pick(members, [2, 0]);
    expect(picked).toEqual([members[2], members[0]]);
  });
});

describe('membersAt and membersCompared', () => {
  it('give the same frozen array for a frozen cohort, and a new one for a cohort that can change', () => {
    const cohort = setAsideLaterEnrolments(randomCohort(9), plan.comparisons);
    expect(Object.isFrozen(cohort) && cohort.every((m) => Object.isFrozen(m))).toBe(true);
    expect(membersAt(cohort, programme, 'building_choices')).toBe(membersAt(cohort, programme, 'building_choices'));
    expect(membersCompared(cohort, band)).toBe(membersCompared(cohort, band));
    expect(Object.isFrozen(membersCompared(cohort, band))).toBe(true);

    const open = [...cohort];
    expect(membersCompared(open, band)).not.toBe(membersCompared(open, band));
    expect(membersCompared(open, band)).toEqual(membersCompared(cohort, band));
  });
});
