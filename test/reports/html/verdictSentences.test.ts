import { describe, expect, it } from 'vitest';
import type { VerdictRecord } from '../../../schemas/results.ts';
import { attritionSentence, canAndCannotSay, intervalDigits, intervalWords, marginWords, monthWords, per100Sentence, readinessSentence, verdictSentence } from '../../../reports/html/verdictSentences.ts';

const words = { treatment: 'Building Choices', reference: 'the legacy programmes', outcome: 'proven reoffending within 12 months' };
const rd = (verdict: VerdictRecord['verdict'], ci_low: number, ci_high: number, note: string | null = null) =>
  ({ margin_scale: 'risk_difference', estimate: (ci_low + ci_high) / 2, ci_low, ci_high, margin: 0.03, no_difference: 0, verdict, note }) as const;

describe('verdictSentence: one sentence per verdict, saying what the data rule out', () => {
  it('superior says better and rules out no difference', () => {
    expect(verdictSentence(words, rd('superior', -0.08, -0.01))).toBe(
      'Building Choices did better than the legacy programmes on proven reoffending within 12 months: the data rule out no difference, and anything worse (95% CI -8.0 to -1.0 percentage points).',
    );
  });
  it('non-inferior rules out the margin, and says "worse" only when the CI excludes no difference', () => {
    const plain = verdictSentence(words, rd('non_inferior', -0.02, 0.025));
    expect(plain).toContain('did at least as well as the legacy programmes');
    expect(plain).toContain('the data rule out 3.0 percentage points more reoffending');
    expect(plain).not.toMatch(/worse/);
    expect(verdictSentence(words, rd('non_inferior', 0.005, 0.025, 'worse than the reference, but by less than the margin'))).toContain('It did worse, but by less than the margin.');
  });
  it('inferior rules out a difference as small as the margin', () => {
    expect(verdictSentence(words, rd('inferior', 0.035, 0.09))).toContain('did worse than the legacy programmes on proven reoffending within 12 months, by more than the margin: the data rule out a difference as small as 3.0 percentage points');
  });
  it('inconclusive says what cannot yet be ruled out, never "worse" when the CI includes no difference', () => {
    const s = verdictSentence(words, rd('inconclusive', -0.01, 0.05));
    expect(s).toBe('Not yet known whether Building Choices did as well as the legacy programmes on proven reoffending within 12 months: the data cannot yet rule out 3.0 percentage points more reoffending (95% CI -1.0 to 5.0 percentage points).');
    expect(verdictSentence(words, rd('inconclusive', 0.01, 0.05, 'worse than the reference; the data cannot yet say whether by more than the margin'))).toContain('Building Choices did worse; the data cannot yet say whether by more than the margin.');
  });
  it('not assessable gives the reason', () => {
    expect(verdictSentence(words, { ...rd('not_assessable', 0, 0), ci_low: null, ci_high: null, estimate: null, note: 'too few people were followed up' })).toBe(
      'No verdict yet on proven reoffending within 12 months for Building Choices against the legacy programmes: too few people were followed up.',
    );
  });
  it('hazard ratios and points read in their own units; a higher-is-better margin is a distance', () => {
    expect(marginWords({ margin_scale: 'hazard_ratio', margin: 1.25, no_difference: 1 })).toBe('a hazard of reoffending 25% higher');
    expect(marginWords({ margin_scale: 'points', margin: -2.4, no_difference: 0 })).toBe('2.4 points worse');
    expect(verdictSentence({ ...words, outcome: 'the hazard of a first proven reoffence' }, { margin_scale: 'hazard_ratio', estimate: 1.5, ci_low: 0.58, ci_high: 3.85, margin: 1.25, no_difference: 1, verdict: 'inconclusive', note: null })).toContain(
      'cannot yet rule out a hazard of reoffending 25% higher (hazard ratio 95% CI 0.58 to 3.85)',
    );
  });
});

describe('per100Sentence: the Justice Data Lab reading of a difference', () => {
  it('fewer, more, and both', () => {
    expect(per100Sentence('Building Choices', 'the legacy programmes', -0.08, -0.02, 12)).toBe('For every 100 people who took part in Building Choices, between 2 and 8 fewer people reoffended within 12 months than among similar people in the legacy programmes (95% CI).');
    expect(per100Sentence('A', 'B', 0.03, 0.09, 12)).toContain('between 3 and 9 more');
    expect(per100Sentence('A', 'B', -0.067, 0.021, 12)).toContain('between 7 fewer and 2 more');
    // A narrow interval keeps a decimal, so it does not read "between 0 and 1".
    expect(per100Sentence('A', 'B', -0.004, 0.011, 12)).toContain('between 0.4 fewer and 1.1 more');
  });
});

describe('canAndCannotSay', () => {
  it('gives both sentences for every verdict', () => {
    for (const verdict of ['superior', 'non_inferior', 'inferior', 'inconclusive', 'not_assessable'] as const) {
      const { can, cannot } = canAndCannotSay(words, { verdict, margin_scale: 'risk_difference', margin: 0.03, no_difference: 0 });
      expect(can.length).toBeGreaterThan(10);
      expect(cannot).toMatch(/cannot say/);
    }
    expect(canAndCannotSay(words, { verdict: 'non_inferior', margin_scale: 'risk_difference', margin: 0.03, no_difference: 0 }).can).toBe(
      'This analysis provides evidence that Building Choices did no worse than the legacy programmes on proven reoffending within 12 months by as much as 3.0 percentage points more reoffending.',
    );
  });
});

describe('readinessSentence', () => {
  it('now, from a month, or not within ten years', () => {
    const w = { treatment: 'Building Choices', outcome: '12-month proven reoffending' };
    expect(readinessSentence({ assessable_now: true, assessable_from: '2026-10-31', mde: 0.021, margin_scale: 'risk_difference' }, w)).toBe(
      'Building Choices can be assessed on 12-month proven reoffending now. Today the data could detect a difference of 2.1 percentage points with 80% power.',
    );
    expect(readinessSentence({ assessable_now: false, assessable_from: '2027-09-30', mde: null, margin_scale: 'risk_difference' }, w)).toBe('Building Choices can be assessed on 12-month proven reoffending from about September 2027 at the current rate.');
    expect(readinessSentence({ assessable_now: false, assessable_from: null, mde: 1.9, margin_scale: 'hazard_ratio' }, w)).toContain('within ten years');
    expect(monthWords('2028-01-31')).toBe('January 2028');
    // Withheld: never "cannot be assessed", which would be false.
    expect(readinessSentence({ assessable_now: null, assessable_from: null, mde: null, margin_scale: 'points', suppressed_reason: { assessable_now: 'c', assessable_from: 'c' } }, w)).toBe(
      'When Building Choices can be assessed on 12-month proven reoffending is withheld [c], to protect another figure.',
    );
    expect(readinessSentence({ assessable_now: null, assessable_from: null, mde: null, margin_scale: 'points', suppressed_reason: { assessable_now: 'low' } }, w)).toContain('cannot be assessed on 12-month proven reoffending within ten years');
    expect(readinessSentence({ assessable_now: false, assessable_from: '2030-01-31', mde: null, needed: 1805.2, margin_scale: 'risk_difference' }, w)).toContain('needs about 1,806 matched pairs');
  });
});

describe('intervals printed beside their margin', () => {
  it('take more decimals when a limit would round to a margin it does not equal', () => {
    const hr = { margin_scale: 'hazard_ratio' as const, estimate: 0.88, ci_low: 0.624, ci_high: 1.247, margin: 1.25, no_difference: 1, note: null };
    expect(intervalDigits(hr)).toBe(3);
    expect(intervalWords(hr)).toBe('hazard ratio 95% CI 0.624 to 1.247');
    expect(intervalDigits({ ...hr, ci_high: 1.2 })).toBe(2);
    const rd = { margin_scale: 'risk_difference' as const, estimate: 0.01, ci_low: -0.01, ci_high: 0.02996, margin: 0.03, no_difference: 0, note: null };
    expect(intervalWords(rd)).toBe('95% CI -1.000 to 2.996 percentage points');
  });
});

describe('attritionSentence: does weighting for attrition change an attitude verdict?', () => {
  const v = { margin_scale: 'points', margin: 3, no_difference: 0, estimate: 1, ci_low: -1, ci_high: 2.5, note: null, verdict: 'non_inferior' } as const;
  it('says the verdict is the same, or what it would be with its interval', () => {
    expect(attritionSentence({ ...v, attrition_weighted: { estimate: 1.2, ci_low: -0.8, ci_high: 2.9, verdict: 'non_inferior' } })).toBe('Weighted for who lacks a post score (a sensitivity analysis), the verdict is the same.');
    expect(attritionSentence({ ...v, attrition_weighted: { estimate: 1.5, ci_low: -0.4, ci_high: 3.4, verdict: 'inconclusive' } })).toBe(
      'Weighted for who lacks a post score (a sensitivity analysis), the verdict would be: not yet known (95% CI -0.4 to 3.4 points); so it rests on who completed the post assessment.',
    );
  });
  it('says nothing without a weighted verdict or a verdict to compare', () => {
    expect(attritionSentence({ ...v, attrition_weighted: null })).toBe('');
    expect(attritionSentence({ ...v, verdict: 'not_assessable', attrition_weighted: { estimate: 1, ci_low: 0, ci_high: 2, verdict: 'superior' } })).toBe('');
  });
});
