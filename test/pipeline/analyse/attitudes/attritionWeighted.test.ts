/**
 * The attrition-weighted ANCOVA records (pipeline/analyse/attitudes/attritionWeighted.ts):
 * the wiring gives the response model the people with a pre score and every plan covariate,
 * weights those with a post score, and refits both ANCOVAs on them. The chain of statistics
 * (logistic → stabilised truncated weights → weighted CR2 ANCOVA) is proven against R in
 * test/pipeline/analyse/stats/weightedAncovaCr2.test.ts; here the records must equal that
 * chain run by hand on the same people.
 */
import { describe, expect, it } from 'vitest';
import { analyseAttitudes } from '../../../../pipeline/analyse/attitudes/analyseAttitudes.ts';
import { ancova } from '../../../../pipeline/analyse/stats/ancova.ts';
import { attritionWeights } from '../../../../pipeline/analyse/stats/attritionWeights.ts';
import { logisticRegression } from '../../../../pipeline/analyse/stats/logisticRegression.ts';
import type { CohortMember, MeasureInfo } from '../../../../pipeline/derive/cohort.ts';
import { comparisonLevels } from '../../../../pipeline/derive/comparisonFactors.ts';
import { planSchema } from '../../../../schemas/plan.ts';
import { ancovaRecordSchema } from '../../../../schemas/results.ts';

const measure: MeasureInfo = {
  measure: 'm', label: 'M', min: 0, max: 100, direction: 'higher_better', reliability: 0.8, normMean: null, normSd: null, items: null, reverseItems: [],
};

function member(i: number, bc: boolean, pre: number, post: number | null, ogrs: number | null): CohortMember {
  const group = { programme: bc ? 'building_choices' : 'kaizen', intensity: 'high', setting: 'community', region: 'Wales', facilitatorBand: 'band_4' };
  return {
    enrolmentId: `e${i}`, personId: `p${i}`, enrolledOn: '2025-01-01', cluster: `${bc ? 'b' : 'k'}${i % 9}`, arm: 'programme', status: 'completed', started: true,
    levels: comparisonLevels({ arm: 'programme', group }),
    covariates: { age_at_index: 30, prior_convictions: 1, ogrs, sexual_risk: null, rosh: null },
    followUp: { followUpStart: '2024-01-01', observationEnd: '2026-10-31' },
    offences: [],
    scores: new Map([['m', { pre, post }]]),
  };
}

const plan = planSchema.parse({
  comparisons: [{ id: 'programme', by: 'programme_family', treatment: 'building_choices', reference: 'legacy_specialist' }],
  covariates: ['ogrs'],
});

/** 160 people; higher OGRS more often lacks a post score; two lack OGRS (outside the response model). */
function cohortWithAttrition(): CohortMember[] {
  const out: CohortMember[] = [];
  for (let i = 0; i < 160; i++) {
    const bc = i % 2 === 0;
    const ogrs = 10 + ((i * 37) % 80);
    const pre = 40 + ((i * 13) % 21);
    const missing = (i * 7919) % 100 < ogrs * 0.6;
    const post = missing ? null : pre + (bc ? 3 : 1) + ((i * 29) % 7) - 3 - ogrs / 40;
    out.push(member(i, bc, pre, post, i === 5 || i === 8 ? null : ogrs));
  }
  return out;
}

describe('attrition-weighted ANCOVA records', () => {
  it('equal the chain logistic → attritionWeights → weighted ancova run by hand, unadjusted and adjusted', () => {
    const cohort = cohortWithAttrition();
    const { ancova: records } = analyseAttitudes(cohort, [measure], plan);
    expect(records.map((r) => [r.weighting, r.adjusted])).toEqual([['none', false], ['none', true], ['attrition', false], ['attrition', true]]);
    for (const r of records) ancovaRecordSchema.parse(r);

    const population = cohort.filter((m) => m.covariates.ogrs !== null);
    const observed = population.map((m) => (m.scores.get('m')!.post !== null ? 1 : 0));
    const pre = population.map((m) => m.scores.get('m')!.pre!);
    const level = population.map((m) => (m.levels.programme_family === 'building_choices' ? 1 : 0));
    const fit = logisticRegression({ y: observed, covariates: { pre, level, ogrs: population.map((m) => m.covariates.ogrs!) } });
    const w = attritionWeights(fit.fitted, observed);
    const kept = population.filter((_, i) => observed[i] === 1);
    const weights = w.weights.filter((x): x is number => x !== null);
    const input = {
      pre: kept.map((m) => m.scores.get('m')!.pre),
      post: kept.map((m) => m.scores.get('m')!.post),
      indicator: kept.map((m) => (m.levels.programme_family === 'building_choices' ? 1 : 0)),
      cluster: kept.map((m) => m.cluster),
      weights,
    };
    const unadjusted = ancova(input);
    const adjusted = ancova({ ...input, covariates: { ogrs: kept.map((m) => m.covariates.ogrs) } });
    const [, cc, wu, wa] = records;
    expect(wu).toMatchObject({ estimate: unadjusted.estimate, se: unadjusted.se, df: unadjusted.df, n: kept.length, attrition_model: ['pre', 'level', 'ogrs'] });
    expect(wa).toMatchObject({ estimate: adjusted.estimate, se: adjusted.se, df: adjusted.df, n: kept.length });
    // The people with both scores but no OGRS are outside both weighted fits: the adjusted complete-case counts.
    expect([wu!.n, wu!.dropped_missing_covariates]).toEqual([cc!.n, cc!.dropped_missing_covariates]);
    expect(cc!.dropped_missing_covariates).toBeGreaterThan(0);
    expect(wa!.weight_range).toEqual([Math.min(...weights), Math.max(...weights)]);
    // Attrition here depends on OGRS, which lowers post scores: the weights move the estimate.
    expect(wu!.estimate).not.toBeCloseTo(records[0]!.estimate!, 6);
  });

  it('is the complete-case fit, with weights of 1, when nobody lacks a post score', () => {
    const cohort = cohortWithAttrition().map((m, i) => (m.scores.get('m')!.post === null ? { ...m, scores: new Map([['m', { pre: 50, post: 50 + (i % 5) }]]) } : m));
    const { ancova: records } = analyseAttitudes(cohort, [measure], plan);
    const [, cc, , wa] = records;
    expect(wa!.weight_range).toEqual([1, 1]);
    for (const k of ['estimate', 'se', 'df', 'n'] as const) expect(wa![k]).toBeCloseTo(cc![k]!, 10);
  });

  it('says why there is no weighted estimate when the response model cannot be fitted', () => {
    // Everyone with a pre score at one level has a post score and no one at the other: the level separates it.
    const cohort = cohortWithAttrition().map((m) => ({ ...m, scores: new Map([['m', { pre: m.scores.get('m')!.pre, post: m.levels.programme_family === 'building_choices' ? 55 : null }]]) }));
    const { ancova: records } = analyseAttitudes(cohort, [measure], plan);
    const weighted = records.filter((r) => r.weighting === 'attrition');
    expect(weighted).toHaveLength(2);
    for (const r of weighted) {
      expect(r.estimate).toBeNull();
      expect(r.n).toBeNull();
      expect(r.note).toMatch(/model of having a post score could not be fitted/);
    }
  });
});
