import { describe, expect, it } from 'vitest';
import { nonInferiorityVerdict } from '../../../../pipeline/analyse/verdicts/nonInferiorityVerdict.ts';

// Every branch of the CONSORT figure (Piaggio et al. 2012, figure 1), on both sides of the
// margin, for an outcome where lower is better (reoffending: margin +3 points; hazard ratio
// 1.25) and one where higher is better (a measure: margin −3 points). Each case places the CI
// by hand relative to 0 and the margin, so the expected verdict follows from the definition.
describe('nonInferiorityVerdict: lower is better (risk difference, margin +0.03)', () => {
  const v = (ciLow: number, ciHigh: number) => nonInferiorityVerdict({ ciLow, ciHigh, margin: 0.03, noDifference: 0 });
  it('superior: the CI lies wholly below no difference', () => expect(v(-0.08, -0.01)).toEqual({ verdict: 'superior', worse: false }));
  it('non-inferior: the CI includes 0 and lies below the margin', () => expect(v(-0.02, 0.025)).toEqual({ verdict: 'non_inferior', worse: false }));
  it('non-inferior yet worse: the CI lies between 0 and the margin', () => expect(v(0.005, 0.025)).toEqual({ verdict: 'non_inferior', worse: true }));
  it('inconclusive: the CI contains the margin and 0', () => expect(v(-0.01, 0.05)).toEqual({ verdict: 'inconclusive', worse: false }));
  it('inconclusive and worse: the CI contains the margin but not 0', () => expect(v(0.01, 0.05)).toEqual({ verdict: 'inconclusive', worse: true }));
  it('inferior: the CI lies wholly beyond the margin', () => expect(v(0.035, 0.09)).toEqual({ verdict: 'inferior', worse: true }));
  it('a CI touching the margin has not ruled it out (strict)', () => {
    expect(v(-0.01, 0.03).verdict).toBe('inconclusive');
    expect(v(0.03, 0.06).verdict).toBe('inconclusive');
    expect(v(-0.05, 0).verdict).toBe('non_inferior');
  });
});

describe('nonInferiorityVerdict: hazard ratio (margin 1.25, no difference 1)', () => {
  const v = (ciLow: number, ciHigh: number) => nonInferiorityVerdict({ ciLow, ciHigh, margin: 1.25, noDifference: 1 });
  it('the issue\'s band 3 interval 0.58 to 3.85 is inconclusive', () => expect(v(0.58, 3.85).verdict).toBe('inconclusive'));
  it('superior below 1', () => expect(v(0.6, 0.95).verdict).toBe('superior'));
  it('non-inferior below 1.25', () => expect(v(0.8, 1.2).verdict).toBe('non_inferior'));
  it('inferior above 1.25', () => expect(v(1.3, 2.1)).toEqual({ verdict: 'inferior', worse: true }));
});

describe('nonInferiorityVerdict: higher is better (a measure, margin −3 points)', () => {
  const v = (ciLow: number, ciHigh: number) => nonInferiorityVerdict({ ciLow, ciHigh, margin: -3, noDifference: 0 });
  it('superior: the CI lies wholly above no difference', () => expect(v(0.5, 4)).toEqual({ verdict: 'superior', worse: false }));
  it('non-inferior: the CI includes 0 and lies above the margin', () => expect(v(-2.5, 1)).toEqual({ verdict: 'non_inferior', worse: false }));
  it('non-inferior yet worse: the CI lies between the margin and 0', () => expect(v(-2.5, -0.5)).toEqual({ verdict: 'non_inferior', worse: true }));
  it('inconclusive: the CI contains the margin', () => expect(v(-4, 1)).toEqual({ verdict: 'inconclusive', worse: false }));
  it('inconclusive and worse', () => expect(v(-4, -1)).toEqual({ verdict: 'inconclusive', worse: true }));
  it('inferior: the CI lies wholly below the margin', () => expect(v(-7, -3.5)).toEqual({ verdict: 'inferior', worse: true }));
});

describe('nonInferiorityVerdict: bad input', () => {
  it('refuses a reversed CI, a margin at no difference, and non-finite numbers', () => {
    expect(() => nonInferiorityVerdict({ ciLow: 1, ciHigh: 0, margin: 0.03, noDifference: 0 })).toThrow(RangeError);
    expect(() => nonInferiorityVerdict({ ciLow: -1, ciHigh: 1, margin: 0, noDifference: 0 })).toThrow(RangeError);
    expect(() => nonInferiorityVerdict({ ciLow: Number.NaN, ciHigh: 1, margin: 0.03, noDifference: 0 })).toThrow(RangeError);
  });
});
