/**
 * One unit per person (pipeline/analyse/onePerPerson.ts): in each comparison a person counts
 * once, on their first eligible enrolment by the date it began; later eligible enrolments are
 * set aside, whichever level they are at, and counted in the flow.
 */
import uniform from '@stdlib/random-base-uniform';
import { describe, expect, it } from 'vitest';
import { eligibleIn, laterEnrolmentsAt, levelIn, membersAt, membersCompared } from '../../../pipeline/analyse/comparisonMembers.ts';
import { setAsideLaterEnrolments } from '../../../pipeline/analyse/onePerPerson.ts';
import { participantFlow } from '../../../pipeline/analyse/participantFlow.ts';
import type { CohortMember } from '../../../pipeline/derive/cohort.ts';
import { comparisonLevels } from '../../../pipeline/derive/comparisonFactors.ts';
import { planSchema } from '../../../schemas/plan.ts';

const plan = planSchema.parse({
  comparisons: [
    { id: 'programme', by: 'programme_family', treatment: 'building_choices', reference: 'legacy_specialist' },
    { id: 'band', by: 'facilitator_band', treatment: 'band_3', reference: 'band_4', filter: { programme_family: 'building_choices' } },
  ],
  windows: [12],
});

function enrolment(id: string, person: string, programme: 'building_choices' | 'kaizen', band: 'band_3' | 'band_4', enrolledOn: string): CohortMember {
  const group = { programme, intensity: 'high', setting: 'community', region: 'Wales', facilitatorBand: band };
  return {
    enrolmentId: id, personId: person, enrolledOn, cluster: `g_${id}`, arm: 'programme', status: 'completed', started: true,
    levels: comparisonLevels({ arm: 'programme', group }),
    covariates: { age_at_index: 30, prior_convictions: 1, ogrs: 20, sexual_risk: null, rosh: null },
    followUp: { followUpStart: enrolledOn, observationEnd: '2026-10-31' },
    offences: [],
    scores: new Map(),
  };
}

// p1: Kaizen in 2024, then Building Choices (band 3) in 2025: legacy in the programme comparison,
// band 3 in the band comparison (its only eligible enrolment there).
// p2: Building Choices band 4 in 2025-03, again band 3 in 2025-01 (listed out of order): the
// January enrolment counts in both comparisons, the March one is set aside in both.
// p3: two Building Choices band 4 enrolments on the same day: the lower enrolment id counts.
// p4: one enrolment.
const cohort = [
  enrolment('e1b', 'p1', 'building_choices', 'band_3', '2025-02-01'),
  enrolment('e1a', 'p1', 'kaizen', 'band_4', '2024-05-01'),
  enrolment('e2b', 'p2', 'building_choices', 'band_4', '2025-03-01'),
  enrolment('e2a', 'p2', 'building_choices', 'band_3', '2025-01-01'),
  enrolment('e3b', 'p3', 'building_choices', 'band_4', '2025-06-01'),
  enrolment('e3a', 'p3', 'building_choices', 'band_4', '2025-06-01'),
  enrolment('e4', 'p4', 'kaizen', 'band_4', '2025-06-01'),
];

describe('setAsideLaterEnrolments', () => {
  const kept = setAsideLaterEnrolments(cohort, plan.comparisons);
  const [programme, band] = plan.comparisons as [(typeof plan.comparisons)[number], (typeof plan.comparisons)[number]];
  const ids = (members: readonly CohortMember[]) => members.map((m) => m.enrolmentId).sort();

  it('keeps each person once per comparison, on the earliest eligible enrolment, then the lower enrolment id', () => {
    expect(ids(membersCompared(kept, programme))).toEqual(['e1a', 'e2a', 'e3a', 'e4']);
    expect(ids(membersCompared(kept, band))).toEqual(['e1b', 'e2a', 'e3a']);
    for (const c of plan.comparisons) {
      const people = membersCompared(kept, c).map((m) => m.personId);
      expect(new Set(people).size).toBe(people.length);
    }
  });

  it('leaves a person who was at both levels in the earlier level only', () => {
    expect(ids(membersAt(kept, programme, 'legacy_specialist'))).toEqual(['e1a', 'e4']);
    expect(ids(membersAt(kept, programme, 'building_choices'))).toEqual(['e2a', 'e3a']);
    expect(ids(membersAt(kept, band, 'band_3'))).toEqual(['e1b', 'e2a']);
    expect(ids(membersAt(kept, band, 'band_4'))).toEqual(['e3a']);
    expect(levelIn(kept.find((m) => m.enrolmentId === 'e2b')!, band)).toBeNull();
  });

  it('counts the set-aside enrolments at their own level, and the flow reports them beside people', () => {
    expect(laterEnrolmentsAt(kept, programme, 'building_choices')).toBe(3); // e1b, e2b, e3b
    expect(laterEnrolmentsAt(kept, programme, 'legacy_specialist')).toBe(0);
    expect(laterEnrolmentsAt(kept, band, 'band_4')).toBe(2); // e2b, e3b
    const flow = participantFlow(kept, plan);
    const at = (c: string, l: string) => flow.find((f) => f.comparison === c && f.level === l)!;
    expect([at('programme', 'building_choices').referred, at('programme', 'building_choices').later_enrolments]).toEqual([2, 3]);
    expect([at('band', 'band_4').referred, at('band', 'band_4').later_enrolments]).toEqual([1, 2]);
  });

  it('sets aside, in a large shuffled cohort, exactly the enrolments the rule names', () => {
    // 3,000 enrolments of 1,000 people, in no order, on three dates (so the enrolment id often
    // decides, and ids do not follow the rows' order); the rule applied literally (each person's
    // eligible enrolments sorted, all but the first set aside) is the reference.
    const random = uniform.factory({ seed: 7 });
    const next = (k: number) => Math.floor(random(0, k));
    const many = Array.from({ length: 3000 }, (_, i) =>
      enrolment(`e${next(5000)}_${i}`, `p${next(1000)}`, next(2) ? 'building_choices' : 'kaizen', next(2) ? 'band_3' : 'band_4', `2025-0${1 + next(3)}-01`),
    );
    const out = setAsideLaterEnrolments(many, plan.comparisons);
    for (const comparison of plan.comparisons) {
      const expected = new Set<string>();
      const byPerson = new Map<string, CohortMember[]>();
      for (const m of many) {
        if (!eligibleIn(m, comparison)) continue;
        const enrolments = byPerson.get(m.personId) ?? [];
        byPerson.set(m.personId, enrolments);
        enrolments.push(m);
      }
      for (const enrolments of byPerson.values()) {
        enrolments.sort((a, b) => a.enrolledOn.localeCompare(b.enrolledOn) || (a.enrolmentId < b.enrolmentId ? -1 : 1));
        for (const m of enrolments.slice(1)) expected.add(m.enrolmentId);
      }
      expect(expected.size).toBeGreaterThan(100);
      expect(new Set(out.filter((m) => m.setAsideIn!.has(comparison.id)).map((m) => m.enrolmentId))).toEqual(expected);
    }
    expect(out.map((m) => m.enrolmentId)).toEqual(many.map((m) => m.enrolmentId));
  });

  it('changes nothing for a cohort of one enrolment per person', () => {
    const single = setAsideLaterEnrolments(cohort.filter((m) => ['e1a', 'e2a', 'e3a', 'e4'].includes(m.enrolmentId)), plan.comparisons);
    expect(single.every((m) => m.setAsideIn!.size === 0)).toBe(true);
  });
});
