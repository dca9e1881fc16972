/**
 * Comparisons, strata and codes in words (reports/charts/levels.ts), on the demo plan
 * (fixtures/plans/building-choices.yaml): an adjusted comparison says what it holds fixed,
 * and the one "as delivered" that it refines says so, so no two comparisons share a name.
 */
import { describe, expect, it } from 'vitest';
import { comparisonName, factorWords, stratumWords } from '../../../reports/charts/levels.ts';
import { sampleResults } from '../support/sampleResults.ts';

describe('comparisonName', () => {
  const results = sampleResults();
  it('names each comparison of the plan apart, in words', () => {
    const ids = (results.plan as { comparisons: { id: string }[] }).comparisons.map((c) => c.id);
    expect(Object.fromEntries(ids.map((id) => [id, comparisonName(results, id)]))).toEqual({
      programme: 'Building Choices vs Legacy specialist programmes, holding facilitator band fixed',
      band: 'Band 3 facilitators vs Band 4 facilitators, holding programme family and half-year the group started fixed',
      programme_as_delivered: 'Building Choices vs Legacy specialist programmes, as delivered',
      band_as_delivered: 'Band 3 facilitators vs Band 4 facilitators, as delivered',
      programme_vs_none: 'Accredited programme vs No intervention',
    });
  });

  it('tidies an id the plan does not have', () => {
    expect(comparisonName(results, 'some_other')).toBe('Some other');
  });
});

describe('stratumWords and factorWords', () => {
  it('reads a stratum of held-fixed levels as words', () => {
    expect(stratumWords('programme_family=building_choices, start_period=2025_h1')).toBe('programme family: Building Choices; half-year the group started: 2025 h1');
    expect(stratumWords('facilitator_band=band_3')).toBe('facilitator band: Band 3 facilitators');
  });
  it('lists factors with "and"', () => {
    expect(factorWords(['programme_family', 'start_period', 'region'])).toBe('programme family, half-year the group started and region');
  });
});
