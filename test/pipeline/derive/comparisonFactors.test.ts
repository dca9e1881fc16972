import { describe, expect, it } from 'vitest';
import { comparisonLevels, facilitatorBand, programmeFamily, startPeriod } from '../../../pipeline/derive/comparisonFactors.ts';

describe('comparison factors (data contract v1)', () => {
  it('groups programmes into families, and people without a group take their arm', () => {
    expect(['horizon', 'ihorizon', 'kaizen'].map((p) => programmeFamily(p, 'programme'))).toEqual(['legacy_specialist', 'legacy_specialist', 'legacy_specialist']);
    expect(['bbr', 'tsp'].map((p) => programmeFamily(p, 'programme'))).toEqual(['legacy_general', 'legacy_general']);
    expect(programmeFamily('building_choices', 'programme')).toBe('building_choices');
    expect(programmeFamily('other', 'programme')).toBe('other');
    expect(programmeFamily(null, 'toolkit')).toBe('toolkit');
    expect(programmeFamily(null, 'none')).toBe('none');
  });

  it('derives the facilitator band from lead and co facilitators, ignoring cover', () => {
    expect(facilitatorBand([{ band: 4, role: 'lead' }, { band: 4, role: 'co' }, { band: 3, role: 'cover' }])).toBe('band_4');
    expect(facilitatorBand([{ band: 3, role: 'lead' }, { band: 3, role: 'co' }, { band: 4, role: 'cover' }])).toBe('band_3');
    expect(facilitatorBand([{ band: 3, role: 'lead' }, { band: 4, role: 'co' }])).toBe('mixed');
    expect(facilitatorBand([{ band: 4, role: 'cover' }])).toBe('unknown');
  });

  it('gives every factor for an enrolment', () => {
    const group = { programme: 'kaizen', intensity: 'high', setting: 'custody', region: 'Wales', facilitatorBand: 'band_3', startDate: '2024-07-01' };
    expect(comparisonLevels({ arm: 'programme', group })).toEqual({
      arm: 'programme', programme_family: 'legacy_specialist', programme: 'kaizen', facilitator_band: 'band_3', intensity: 'high', setting: 'custody', region: 'Wales', start_period: '2024_h2',
    });
    expect(Object.values(comparisonLevels({ arm: 'none', group: null }))).toEqual(Array(8).fill('none'));
  });

  it('puts a group start in its calendar half-year', () => {
    expect([startPeriod('2024-01-01'), startPeriod('2024-06-30'), startPeriod('2024-07-01'), startPeriod('2025-12-31')]).toEqual(['2024_h1', '2024_h1', '2024_h2', '2025_h2']);
  });
});
