/**
 * The risk-adjusted CUSUMs of a plan (pipeline/analyse/monitoring/cusum.ts): the expected-risk
 * model is fitted on the reference level, the chart runs per level in order of follow-up
 * start, and only block ends of at least min_cell reoffenders and non-reoffenders are
 * published. A drift planted after a chosen date is signalled after it; a level doing as
 * expected does not signal. (The statistics are proven against R, and their run lengths by
 * simulation, in test/pipeline/analyse/stats/{riskAdjustedCusum,cusumThreshold}.test.ts.)
 */
import randu from '@stdlib/random-base-randu';
import { describe, expect, it } from 'vitest';
import { riskAdjustedCusums } from '../../../../pipeline/analyse/monitoring/cusum.ts';
import { addDays } from '../../../../pipeline/derive/calendar.ts';
import type { CohortMember } from '../../../../pipeline/derive/cohort.ts';
import { comparisonLevels } from '../../../../pipeline/derive/comparisonFactors.ts';
import { planSchema } from '../../../../schemas/plan.ts';

const plan = planSchema.parse({
  comparisons: [{ id: 'programme', by: 'programme_family', treatment: 'building_choices', reference: 'legacy_specialist' }],
  monitoring: { arl0: 500 },
});
const DRIFT_FROM = '2024-01-01';

/** People starting follow-up one a day from 2022; reoffending at odds × oddsRatio(start) of their OGRS-based risk. */
function cohort(seed: number, drift: (family: string, start: string) => number): CohortMember[] {
  const u = randu.factory({ seed });
  const out: CohortMember[] = [];
  for (let i = 0; i < 2400; i++) {
    const bc = i % 2 === 0;
    const family = bc ? 'building_choices' : 'kaizen';
    const start = addDays('2022-01-01', Math.floor(i / 2));
    const ogrs = 10 + 70 * u();
    const p0 = ogrs / 100 / 2; // twelve-month risk about half the two-year OGRS
    const odds = (p0 / (1 - p0)) * drift(family, start);
    const reoffends = u() < odds / (1 + odds);
    const group = { programme: family, intensity: 'high', setting: 'community', region: 'Wales', facilitatorBand: 'band_4' };
    out.push({
      enrolmentId: `e${String(i).padStart(5, '0')}`, personId: `p${i}`, enrolledOn: start, cluster: `g${i % 40}`, arm: 'programme', status: 'completed', started: true,
      levels: comparisonLevels({ arm: 'programme', group }),
      covariates: { age_at_index: 30, prior_convictions: 1, ogrs, sexual_risk: null, rosh: null },
      followUp: { followUpStart: start, observationEnd: '2026-10-31' },
      offences: reoffends ? [{ offenceDate: addDays(start, 100), convictionDate: addDays(start, 160), category: 'violent' }] : [],
      scores: new Map(),
    });
  }
  return out;
}

describe('riskAdjustedCusums', () => {
  it('signals a drift planted in Building Choices after its start, and not in the reference level', () => {
    const drifted = riskAdjustedCusums(cohort(3, (family, start) => (family === 'building_choices' && start >= DRIFT_FROM ? 3 : 1)), plan);
    const bc = drifted.find((c) => c.level === 'building_choices')!;
    const legacy = drifted.find((c) => c.level === 'legacy_specialist')!;
    expect(bc.reference).toBe('legacy_specialist');
    expect(bc.threshold).toBeGreaterThan(0);
    // Odds three times the expected from 2024-01 (a person a day at this level): signalled
    // within the next six months. Before it the chart may raise a false alarm (ARL0 500 people,
    // about 730 before the drift), but after it signals again and again.
    const after = bc.points.filter((p) => p.signal && p.through >= '2024-01');
    expect(after.length).toBeGreaterThan(0);
    expect(after[0]!.through <= '2024-06').toBe(true);
    expect(after.length).toBeGreaterThan(bc.points.filter((p) => p.signal && p.through < '2024-01').length);
    expect(legacy.points.filter((p) => p.signal && p.through >= '2024-01').length).toBeLessThan(after.length);
  });

  it('publishes only block ends, each with at least min_cell reoffenders and non-reoffenders, in time order', () => {
    const people = cohort(4, () => 1);
    const [bc] = riskAdjustedCusums(people, plan);
    expect(bc!.points.length).toBeGreaterThan(3);
    const months = bc!.points.map((p) => p.through);
    expect([...months].sort()).toEqual(months);
    // Fewer blocks than people / (2 min_cell): every block holds at least 2 × min_cell people.
    const atLevel = people.filter((m) => m.levels.programme_family === 'building_choices').length;
    expect(bc!.points.length).toBeLessThanOrEqual(atLevel / (2 * plan.disclosure.min_cell));
  });

  it('in control, signals about as often as its ARL0 says', () => {
    // 10 cohorts with no drift: 1,200 people per level each, ARL0 500 people: about 2.4 false
    // alarms per level per cohort if run lengths were exactly geometric; require no more than 3× that.
    let alarms = 0;
    for (let seed = 10; seed < 20; seed++) {
      for (const c of riskAdjustedCusums(cohort(seed, () => 1), plan)) alarms += c.points.filter((p) => p.signal).length;
    }
    expect(alarms).toBeLessThan(10 * 2 * 2.4 * 3);
  });

  it('has no chart without a comparison of programme families or bands, or without an expected-risk model', () => {
    const none = planSchema.parse({ comparisons: [{ id: 'x', by: 'arm', treatment: 'programme', reference: 'none' }] });
    expect(riskAdjustedCusums(cohort(5, () => 1), none)).toEqual([]);
  });
});
