import { describe, expect, it } from 'vitest';
import { attitudeMargin, questionComparisons, unknownMarginMeasures, verdicts } from '../../../../pipeline/analyse/verdicts/verdicts.ts';
import { planSchema } from '../../../../schemas/plan.ts';

const plan = planSchema.parse({
  comparisons: [
    { id: 'band', by: 'facilitator_band', treatment: 'band_3', reference: 'band_4', adjust_for: ['programme_family'] },
    { id: 'band_as_delivered', by: 'facilitator_band', treatment: 'band_3', reference: 'band_4' },
    { id: 'band_in_bc', by: 'facilitator_band', treatment: 'band_3', reference: 'band_4', filter: { programme_family: 'building_choices' } },
  ],
  windows: [12],
  margins: { reoffending: { risk_difference: 0.03 }, attitudes: { standardised: 0.2, osa: { points: 3 } } },
});

describe('the questions a plan asks', () => {
  it('are every comparison but one as delivered that an adjusted one refines (a filtered one is its own question)', () => {
    expect(questionComparisons(plan).map((c) => c.id)).toEqual(['band', 'band_in_bc']);
  });
  it('take a measure\'s own margin before the one for every measure, and name unknown measures', () => {
    expect(attitudeMargin(plan.margins, 'osa')).toEqual({ points: 3 });
    expect(attitudeMargin(plan.margins, 'self_management')).toEqual({ standardised: 0.2 });
    expect(unknownMarginMeasures(plan.margins, ['osa', 'self_management'])).toEqual([]);
    expect(unknownMarginMeasures(plan.margins, ['offence_supportive_attitudes'])).toEqual(['osa']);
  });
});

describe('verdicts from records', () => {
  const ancova = (measure: string, estimate: number | null, low: number | null, high: number | null, sd: number | null = 10) =>
    ({ comparison: 'band', measure, treatment: 'band_3', reference: 'band_4', adjusted: true, covariates: [], weighting: 'none', attrition_model: null, weight_range: null, estimate, se: 1, df: 10, p: 0.5, ci_low: low, ci_high: high, std_estimate: null, pooled_sd_pre: sd, n: 100, clusters: 20, dropped_missing_covariates: 0, p_holm: null, note: estimate === null ? 'too few' : null }) as never;
  const sources = {
    attitudes: {
      ancova: [ancova('osa', 1, -1, 2.5), ancova('self_management', -1, -2.5, 0.5), ancova('empathy', null, null, null)],
      measures: [
        { measure: 'osa', label: 'OSA', direction: 'lower_better' as const },
        { measure: 'self_management', label: 'SM', direction: 'higher_better' as const },
        { measure: 'empathy', label: 'E', direction: 'lower_better' as const },
      ],
    },
    reconviction: {
      matched: [{ comparison: 'band', window_months: 12, difference: 0.01, ci_low: -0.02, ci_high: 0.04, note: null }] as never,
      cox: [] as never,
    },
  };
  const out = verdicts(sources, plan).filter((v) => v.comparison === 'band');

  it('sign the margin on the worse side and judge by the CONSORT reading', () => {
    const osa = out.find((v) => v.measure === 'osa')!;
    expect([osa.margin, osa.verdict]).toEqual([3, 'non_inferior']); // points, lower is better: CI −1 to 2.5 below +3
    const sm = out.find((v) => v.measure === 'self_management')!;
    expect([sm.margin, sm.verdict]).toEqual([-2, 'inconclusive']); // 0.2 × SD 10, higher is better: CI −2.5 to 0.5 crosses −2
    expect(sm.note).toBe('the margin is 0.2 standard deviations of the pre scores (2.00 points)');
    const rd = out.find((v) => v.method === 'matched')!;
    expect([rd.margin, rd.verdict]).toEqual([0.03, 'inconclusive']);
  });

  it('give not_assessable with the reason when there is no estimate, no model or no margin', () => {
    expect(out.find((v) => v.measure === 'empathy')).toMatchObject({ verdict: 'not_assessable', note: 'too few' });
    expect(out.find((v) => v.method === 'cox')).toMatchObject({ verdict: 'not_assessable', margin: null });
    const noMargins = verdicts(sources, { ...plan, margins: undefined }).find((v) => v.comparison === 'band' && v.measure === 'osa')!;
    expect(noMargins).toMatchObject({ verdict: 'not_assessable', margin: null });
    expect(noMargins.note).toMatch(/sets no margin/);
  });
});

describe('the attrition-weighted verdict beside an attitude verdict', () => {
  const record = (weighting: 'none' | 'attrition', estimate: number, low: number, high: number) =>
    ({ comparison: 'band', measure: 'osa', treatment: 'band_3', reference: 'band_4', adjusted: true, covariates: [], weighting, attrition_model: weighting === 'none' ? null : ['pre', 'level'], weight_range: weighting === 'none' ? null : [0.8, 1.4], estimate, se: 1, df: 10, p: 0.5, ci_low: low, ci_high: high, std_estimate: null, pooled_sd_pre: 10, n: 100, clusters: 20, dropped_missing_covariates: 0, p_holm: null, note: null }) as never;
  const judge = (weighted: unknown[]) =>
    verdicts({ attitudes: { ancova: [record('none', 1, -1, 2.5), ...weighted] as never, measures: [{ measure: 'osa', label: 'OSA', direction: 'lower_better' }] }, reconviction: { matched: [] as never, cox: [] as never } }, plan).find((v) => v.measure === 'osa' && v.comparison === 'band')!;

  it('judges the weighted estimate against the same margin in points, and says when the verdict changes', () => {
    const same = judge([record('attrition', 1.2, -0.8, 2.9)]);
    expect(same).toMatchObject({ verdict: 'non_inferior', estimate: 1, attrition_weighted: { estimate: 1.2, verdict: 'non_inferior' } });
    // Lower is better and the margin is +3 points: a weighted CI up to 3.4 crosses it.
    const changed = judge([record('attrition', 1.5, -0.4, 3.4)]);
    expect(changed).toMatchObject({ verdict: 'non_inferior', attrition_weighted: { ci_high: 3.4, verdict: 'inconclusive' } });
  });

  it('is null without a weighted record, and never taken for the complete-case one', () => {
    expect(judge([]).attrition_weighted).toBeNull();
    // The weighted record listed first is still not the verdict's source.
    const v = verdicts({ attitudes: { ancova: [record('attrition', 5, 4, 6), record('none', 1, -1, 2.5)] as never, measures: [{ measure: 'osa', label: 'OSA', direction: 'lower_better' }] }, reconviction: { matched: [] as never, cox: [] as never } }, plan).find((x) => x.measure === 'osa' && x.comparison === 'band')!;
    expect([v.estimate, v.attrition_weighted?.estimate]).toEqual([1, 5]);
  });
});
