/**
 * Wald terms (pipeline/analyse/stats/waldTerm.ts) against R's: coefficient, model and
 * robust SE, z, p, the ratio (HR or OR) and its interval, term by term, to 1e-6 relative.
 */
import { expect } from 'vitest';
import type { WaldTerm } from '../../pipeline/analyse/stats/waldTerm.ts';
import { expectCloseToR } from './closeTo.ts';

/** R's values per term, in model order; `ratio` is R's exp(coef) (hr or or). */
export interface RWaldTerms {
  coef: number[];
  se: number[];
  robust_se: number[] | null;
  z: number[];
  p: number[];
  lower: number[];
  upper: number[];
}

export function expectWaldTermsCloseToR(terms: readonly WaldTerm[], r: RWaldTerms, rRatio: readonly number[], label: string, ratioName: string): void {
  terms.forEach((t, j) => {
    expectCloseToR(t.coefficient, r.coef[j], `${label} ${t.term} coef`);
    expectCloseToR(t.se, r.se[j], `${label} ${t.term} se`);
    if (r.robust_se) expectCloseToR(t.robustSe, r.robust_se[j], `${label} ${t.term} robust se`);
    else expect(t.robustSe).toBeNull();
    expectCloseToR(t.z, r.z[j], `${label} ${t.term} z`);
    expectCloseToR(t.p, r.p[j], `${label} ${t.term} p`);
    expectCloseToR(t.ratio, rRatio[j], `${label} ${t.term} ${ratioName}`);
    expectCloseToR(t.lower, r.lower[j], `${label} ${t.term} lower`);
    expectCloseToR(t.upper, r.upper[j], `${label} ${t.term} upper`);
  });
}
