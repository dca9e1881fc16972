/**
 * The reconviction analysis over a cohort: the wiring gives each statistic the right people
 * (the statistics themselves are proven against R in test/pipeline/analyse/stats), and
 * degenerate data gives messages in the results, never NaN or a crash.
 */
import { describe, expect, it } from 'vitest';
import { analyseReconviction } from '../../../../pipeline/analyse/reconviction/analyseReconviction.ts';
import { coxProportionalHazards } from '../../../../pipeline/analyse/stats/coxProportionalHazards.ts';
import { wilsonInterval } from '../../../../pipeline/analyse/stats/wilsonInterval.ts';
import type { CohortMember } from '../../../../pipeline/derive/cohort.ts';
import { comparisonLevels } from '../../../../pipeline/derive/comparisonFactors.ts';
import { timeToFirstReoffence, type Offence } from '../../../../pipeline/derive/reoffending.ts';
import { addDays } from '../../../../pipeline/derive/calendar.ts';
import { planSchema } from '../../../../schemas/plan.ts';
import { resultsSchema } from '../../../../schemas/results.ts';

const plan = planSchema.parse({
  comparisons: [{ id: 'programme', by: 'programme_family', treatment: 'building_choices', reference: 'legacy_specialist' }],
  covariates: ['ogrs'],
  windows: [12, 24],
});

interface Spec {
  programme: 'building_choices' | 'kaizen';
  group: string;
  start?: string;
  end?: string;
  offenceAfterDays?: number | null;
  ogrs?: number;
}

function member(i: number, s: Spec): CohortMember {
  const start = s.start ?? '2022-01-01';
  const offences: Offence[] = s.offenceAfterDays == null ? [] : [{ offenceDate: addDays(start, s.offenceAfterDays), convictionDate: addDays(start, s.offenceAfterDays + 60), category: 'violent' }];
  const group = { programme: s.programme, intensity: 'high', setting: 'community', region: 'Wales', facilitatorBand: 'band_4' };
  return {
    enrolmentId: `e${i}`, personId: `p${i}`, enrolledOn: '2025-01-01', cluster: s.group, arm: 'programme', status: 'completed', started: true,
    levels: comparisonLevels({ arm: 'programme', group }),
    covariates: { age_at_index: 30, prior_convictions: 1, ogrs: s.ogrs ?? 10 + (i % 50), sexual_risk: null, rosh: null },
    followUp: { followUpStart: start, observationEnd: s.end ?? '2026-10-31' },
    offences,
    scores: new Map(),
  };
}

function assertNoNaN(value: unknown): void {
  expect(JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? 'NON-FINITE' : v))).not.toContain('NON-FINITE');
}

/** A healthy cohort: 5 groups per programme, about a third reoffending at varied times. */
function healthy(): CohortMember[] {
  const out: CohortMember[] = [];
  for (let i = 0; i < 200; i++) {
    const bc = i % 2 === 0;
    out.push(member(i, { programme: bc ? 'building_choices' : 'kaizen', group: `${bc ? 'b' : 'k'}${i % 10}`, offenceAfterDays: i % 3 === 0 ? 20 + ((i * 37) % 600) : null }));
  }
  return out;
}

describe('analyseReconviction', () => {
  it('gives every section for every comparison, valid against the results schema', () => {
    const r = analyseReconviction(healthy(), plan);
    resultsSchema.shape.reconviction.parse(r);
    expect(r.rates).toHaveLength(2 * 2 * 3); // levels × windows × categories
    expect(r.differences).toHaveLength(2 * 3);
    expect(r.cox.map((c) => c.adjusted)).toEqual([false, true]);
    expect(r.logistic.map((l) => l.window_months)).toEqual([12, 24]);
    expect(r.matched.map((m) => m.window_months)).toEqual([12, 24]);
    expect(r.observed_expected.map((o) => o.level)).toEqual(['building_choices', 'legacy_specialist']);
    assertNoNaN(r);
  });

  it('counts rates over classed people and matches a direct Wilson interval', () => {
    const cohort = healthy();
    const r = analyseReconviction(cohort, plan);
    const rate = r.rates.find((x) => x.level === 'building_choices' && x.window_months === 24 && x.category === 'any')!;
    const bc = cohort.filter((m) => m.levels.programme_family === 'building_choices');
    const reoffended = bc.filter((m) => m.offences.some((o) => o.offenceDate < '2024-01-01')).length;
    expect(rate).toMatchObject({ n: 100, excluded: 0, reoffended });
    const w = wilsonInterval(reoffended, 100);
    expect([rate.rate, rate.ci_low, rate.ci_high]).toEqual([w.proportion, w.lower, w.upper]);
    expect(r.rates.find((x) => x.level === 'building_choices' && x.category === 'sexual')!.reoffended).toBe(0);
  });

  it('fits the unadjusted Cox model on the indicator, clustered on group', () => {
    const cohort = healthy();
    const r = analyseReconviction(cohort, plan);
    const times = cohort.map((m) => timeToFirstReoffence(m.followUp, m.offences, 24, 'any'));
    const direct = coxProportionalHazards({
      time: times.map((t) => t.timeDays),
      event: times.map((t) => (t.event ? 1 : 0)),
      covariates: { treatment: cohort.map((m) => (m.levels.programme_family === 'building_choices' ? 1 : 0)) },
      cluster: cohort.map((m) => m.cluster),
    });
    expect(r.cox[0]).toMatchObject({ hr: direct.terms[0]!.hazardRatio, se: direct.terms[0]!.robustSe, n: 200, clusters: 10 }); // 5 groups per programme
  });

  it('says so when there are no events', () => {
    const cohort = healthy().map((m) => ({ ...m, offences: [] }));
    const r = analyseReconviction(cohort, plan);
    expect(r.cox[0]).toMatchObject({ hr: null, events: 0 });
    expect(r.cox[0]!.note).toMatch(/no one was reconvicted/);
    expect(r.logistic[0]!.note).not.toBeNull();
    expect(r.rates[0]).toMatchObject({ reoffended: 0, rate: 0 });
    assertNoNaN(r);
  });

  it('says so when no one at a level is classed for a window', () => {
    // Building Choices people are observed for only 10 months: classed for neither window.
    const cohort = healthy().map((m) => (m.levels.programme_family === 'building_choices' ? { ...m, followUp: { followUpStart: '2022-01-01', observationEnd: '2022-11-01' } } : m));
    const r = analyseReconviction(cohort, plan);
    const rate = r.rates.find((x) => x.level === 'building_choices' && x.window_months === 12 && x.category === 'any')!;
    expect(rate).toMatchObject({ n: 0, excluded: 100, rate: null, ci_low: null });
    expect(rate.note).toMatch(/no one at level building_choices is classed/);
    expect(r.differences[0]!.note).not.toBeNull();
    expect(r.matched[0]!.note).toMatch(/no one/);
    assertNoNaN(r);
  });

  it('says so on perfect separation', () => {
    // Every Building Choices person reoffends; no one else does.
    const cohort = healthy().map((m) => ({ ...m, offences: m.levels.programme_family === 'building_choices' ? [{ offenceDate: '2022-03-01', convictionDate: '2022-05-01', category: 'other' as const }] : [] }));
    const r = analyseReconviction(cohort, plan);
    expect(r.logistic[0]).toMatchObject({ or: null });
    expect(r.logistic[0]!.note).toMatch(/separat/);
    assertNoNaN(r);
  });

  it('says so when there is a single cluster', () => {
    const cohort = healthy().map((m) => ({ ...m, cluster: 'g1' }));
    const r = analyseReconviction(cohort, plan);
    expect(r.cox[0]!.hr).toBeNull();
    expect(r.cox[0]!.note).toMatch(/cluster/);
    expect(r.logistic[0]!.note).toMatch(/cluster/);
    assertNoNaN(r);
  });

  it('says so when every time is tied', () => {
    // Everyone reoffends on the same day: the proportional-hazards check has no time to vary over.
    const cohort = healthy().map((m) => ({ ...m, offences: [{ offenceDate: '2022-06-01', convictionDate: '2022-08-01', category: 'other' as const }] }));
    const r = analyseReconviction(cohort, plan);
    expect(r.cox[0]!.ph_p).toBeNull();
    expect(r.cox[0]!.note).toMatch(/proportional-hazards check/);
    assertNoNaN(r);
  });
});
