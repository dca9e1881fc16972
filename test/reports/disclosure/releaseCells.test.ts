/**
 * What population a published cell belongs to, for the release register: the comparison's
 * levels in its factor's words, so that the same people counted under two comparison ids are
 * one population; a filter makes other people (another population); holding factors fixed
 * makes another population only for the matched sample, whose matching is exact on them.
 */
import { describe, expect, it } from 'vitest';
import { cellPopulation, type ComparisonDefinition } from '../../../reports/disclosure/releaseCells.ts';

const COMPARISONS: ComparisonDefinition[] = [
  { id: 'band', by: 'facilitator_band', treatment: 'band_3', reference: 'band_4', adjust_for: ['start_period', 'programme_family'] },
  { id: 'band_as_delivered', by: 'facilitator_band', treatment: 'band_3', reference: 'band_4' },
  { id: 'band_in_bc', by: 'facilitator_band', treatment: 'band_3', reference: 'band_4', filter: { programme_family: 'building_choices' } },
];

describe('cellPopulation', () => {
  it('counts the same people under an adjusted comparison and as delivered as one population', () => {
    expect(cellPopulation('flow|band|band_3|referred', COMPARISONS)).toEqual(cellPopulation('flow|band_as_delivered|band_3|referred', COMPARISONS));
    expect(cellPopulation('cox|band|cov=ogrs|n', COMPARISONS)).toEqual({ population: 'cox|facilitator_band:band_3~band_4|n', variant: 'ogrs' });
  });

  it('keeps a filtered comparison apart: it counts other people', () => {
    expect(cellPopulation('flow|band_in_bc|band_3|referred', COMPARISONS).population).toBe('flow|facilitator_band=band_3&programme_family=building_choices|referred');
  });

  it('keeps the matched sample of an adjusted comparison apart: matching is exact on the held-fixed factors', () => {
    expect(cellPopulation('matched|band|12|cov=ogrs|n_treated', COMPARISONS).population).toBe('matched|facilitator_band:band_3~band_4+held(programme_family,start_period)|12|n_treated');
    expect(cellPopulation('matched|band_as_delivered|12|cov=ogrs|n_treated', COMPARISONS).population).toBe('matched|facilitator_band:band_3~band_4|12|n_treated');
  });
});
