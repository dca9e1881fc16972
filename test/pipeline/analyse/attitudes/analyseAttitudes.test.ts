/**
 * The attitude analysis over a cohort: thin or degenerate data gives messages in the
 * results, never NaN or a crash; the wiring passes the right people to each statistic
 * (the statistics themselves are proven against R in test/pipeline/analyse/stats).
 */
import { describe, expect, it } from 'vitest';
import { analyseAttitudes } from '../../../../pipeline/analyse/attitudes/analyseAttitudes.ts';
import { ancova } from '../../../../pipeline/analyse/stats/ancova.ts';
import { pairedTTest } from '../../../../pipeline/analyse/stats/pairedTTest.ts';
import type { CohortMember, MeasureInfo } from '../../../../pipeline/derive/cohort.ts';
import { comparisonLevels } from '../../../../pipeline/derive/comparisonFactors.ts';
import { planSchema } from '../../../../schemas/plan.ts';
import { changeRecordSchema, ancovaRecordSchema } from '../../../../schemas/results.ts';

const measure: MeasureInfo = {
  measure: 'm', label: 'M', min: 0, max: 100, direction: 'lower_better', reliability: 0.8, normMean: 30, normSd: 8, items: null, reverseItems: [],
};

function member(i: number, programme: string, group: string | null, pre: number | null, post: number | null, ogrs: number | null = 20 + i): CohortMember {
  const g = group ? { programme, intensity: 'high', setting: 'community', region: 'Wales', facilitatorBand: 'band_4' } : null;
  return {
    enrolmentId: `e${i}`, personId: `p${i}`, enrolledOn: '2025-01-01', cluster: group ?? `solo:e${i}`, arm: group ? 'programme' : 'none', status: 'completed', started: true,
    levels: comparisonLevels({ arm: group ? 'programme' : 'none', group: g }),
    covariates: { age_at_index: 30 + (i % 7), prior_convictions: i % 4, ogrs, sexual_risk: null, rosh: null },
    followUp: { followUpStart: '2024-01-01', observationEnd: '2026-10-31' },
    offences: [],
    scores: new Map([['m', { pre, post }]]),
  };
}

const plan = planSchema.parse({
  comparisons: [{ id: 'programme', by: 'programme_family', treatment: 'building_choices', reference: 'legacy_specialist' }],
  covariates: ['ogrs'],
});

function noNaN(value: unknown): void {
  expect(JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? 'NON-FINITE' : v))).not.toContain('NON-FINITE');
}

describe('analyseAttitudes', () => {
  it('passes each level its own pairs and fits the ANCOVA on both levels with the treatment indicator', () => {
    const cohort: CohortMember[] = [];
    for (let i = 0; i < 40; i++) cohort.push(member(i, i < 20 ? 'building_choices' : 'kaizen', `g${i % 8}`, 50 + (i % 9), 45 + ((i * 7) % 11)));
    cohort.push(member(99, 'kaizen', 'g1', 55, null)); // pre only: attrition
    const { change, ancova: fits } = analyseAttitudes(cohort, [measure], plan);
    const bc = cohort.filter((m) => m.levels.programme_family === 'building_choices');
    const direct = pairedTTest(bc.map((m) => m.scores.get('m')!.pre), bc.map((m) => m.scores.get('m')!.post));
    expect(change[0]).toMatchObject({ level: 'building_choices', n: 20, t: direct.t, p: direct.p, mean_improvement: -direct.mean_change, p_holm: direct.p });
    expect(change[1]).toMatchObject({ level: 'legacy_specialist', n: 20, attrition: { pre_only: 1, mean_pre_pre_only: 55 } });
    const both = cohort.filter((m) => m.scores.get('m')!.post !== null);
    const direct2 = ancova({
      pre: both.map((m) => m.scores.get('m')!.pre),
      post: both.map((m) => m.scores.get('m')!.post),
      indicator: both.map((m) => (m.levels.programme_family === 'building_choices' ? 1 : 0)),
      cluster: both.map((m) => m.cluster),
    });
    expect(fits[0]).toMatchObject({ adjusted: false, estimate: direct2.estimate, se: direct2.se, df: direct2.df, n: 40, clusters: 8 });
    expect(fits[1]).toMatchObject({ adjusted: true, covariates: ['ogrs'] });
    for (const r of change) changeRecordSchema.parse(r);
    for (const r of fits) ancovaRecordSchema.parse(r);
    noNaN({ change, fits });
  });

  it('says so when a level has fewer than 2 pairs', () => {
    const cohort = [member(1, 'building_choices', 'g1', 50, 40), member(2, 'kaizen', 'g2', 50, 45), member(3, 'kaizen', 'g2', 52, 44)];
    const { change, ancova: fits } = analyseAttitudes(cohort, [measure], plan);
    expect(change[0]).toMatchObject({ level: 'building_choices', n: 1, t: null, p: null, p_holm: null });
    expect(change[0]!.note).toMatch(/fewer than 2/);
    expect(fits[0]!.note).not.toBeNull();
    noNaN({ change, fits });
  });

  it('says so when the change has zero variance', () => {
    const cohort = [0, 1, 2, 3].map((i) => member(i, 'building_choices', 'g1', 50 + i, 45 + i));
    const { change } = analyseAttitudes(cohort, [measure], plan);
    expect(change[0]).toMatchObject({ n: 4, t: null, sd_change: null });
    expect(change[0]!.note).toMatch(/zero variance|all the same|no variance/i);
    noNaN(change);
  });

  it('publishes as clusters the programme groups only: people without a group are clusters of one in the errors, but counting them would count people', () => {
    const noneComparison = planSchema.parse({ comparisons: [{ id: 'programme_vs_none', by: 'programme_family', treatment: 'building_choices', reference: 'none' }] });
    const cohort = [
      ...Array.from({ length: 24 }, (_, i) => member(i, 'building_choices', `g${i % 4}`, 50 + (i % 9), 44 + ((i * 7) % 11))),
      ...Array.from({ length: 13 }, (_, i) => member(100 + i, 'none', null, 50 + (i % 7), 47 + ((i * 5) % 9))),
    ];
    const { ancova: fits } = analyseAttitudes(cohort, [measure], noneComparison);
    const both = cohort;
    const direct = ancova({
      pre: both.map((m) => m.scores.get('m')!.pre),
      post: both.map((m) => m.scores.get('m')!.post),
      indicator: both.map((m) => (m.levels.programme_family === 'building_choices' ? 1 : 0)),
      cluster: both.map((m) => m.cluster),
    });
    expect(direct.clusters).toBe(4 + 13); // the errors treat the 13 people without a group as clusters
    expect(fits[0]).toMatchObject({ n: 37, se: direct.se, df: direct.df, clusters: 4 });
  });

  it('says so when everyone is in a single cluster', () => {
    const cohort = Array.from({ length: 12 }, (_, i) => member(i, i < 6 ? 'building_choices' : 'kaizen', 'g1', 50 + i, 40 + ((i * 5) % 7)));
    const { ancova: fits } = analyseAttitudes(cohort, [measure], plan);
    expect(fits[0]).toMatchObject({ estimate: null, se: null, clusters: 1 });
    expect(fits[0]!.note).toMatch(/one cluster/);
    noNaN(fits);
  });
});
