/**
 * standardisedMeanDifference against MatchIt's summary(m)$sum.all / $sum.matched
 * "Std. Mean Diff." (ATT: treated-group SD; binary covariates sqrt(p(1 − p))), from
 * test/reference/reconviction_matching.json.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DegenerateData } from '../../../../pipeline/analyse/stats/degenerateData.ts';
import { standardisedMeanDifference } from '../../../../pipeline/analyse/stats/standardisedMeanDifference.ts';
import { expectCloseToR } from '../../../support/closeTo.ts';

const ref = JSON.parse(readFileSync(new URL('../../../reference/reconviction_matching.json', import.meta.url), 'utf8'));

describe('standardisedMeanDifference', () => {
  for (const [dataKey, matchKey] of [['data1', 'match1'], ['data2', 'match2'], ['data2', 'match2_tight']] as const) {
    it(`matches MatchIt's balance table before and after matching (${matchKey})`, () => {
      const data = ref[dataKey];
      const r = ref[matchKey];
      expect(r.smd_terms).toEqual(['ogrs', 'age', 'priors', 'female']);
      r.smd_terms.forEach((term: string, k: number) => {
        const before = standardisedMeanDifference(data[term], data.treat);
        const after = standardisedMeanDifference(data[term], data.treat, r.weights);
        expect(before.binary).toBe(term === 'female');
        expectCloseToR(before.smd, r.smd_all[k], `${matchKey} ${term} SMD before`);
        expectCloseToR(after.smd, r.smd_matched[k], `${matchKey} ${term} SMD after`);
        expectCloseToR(after.meanTreated, r.mean_treated_matched[k], `${matchKey} ${term} mean treated after`);
        expectCloseToR(after.meanControl, r.mean_control_matched[k], `${matchKey} ${term} mean control after`);
      });
    });
  }

  it('throws DegenerateData with no treated, no controls, or an empty matched group', () => {
    expect(() => standardisedMeanDifference([1, 2, 3], [0, 0, 0])).toThrow(DegenerateData);
    expect(() => standardisedMeanDifference([1, 2, 3], [1, 1, 1])).toThrow(DegenerateData);
    expect(() => standardisedMeanDifference([1, 2, 3, 4], [1, 1, 0, 0], [1, 1, 0, 0])).toThrow(DegenerateData);
  });
  it('throws DegenerateData when the covariate does not vary within either group but differs between them', () => {
    expect(() => standardisedMeanDifference([5, 5, 5, 7, 7, 7], [1, 1, 1, 0, 0, 0])).toThrow(DegenerateData);
  });
});
