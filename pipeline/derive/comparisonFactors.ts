/**
 * The comparison factors of data contract v1: what a plan compares people by.
 *
 * - `programme_family`: legacy_specialist (horizon, ihorizon, kaizen), legacy_general
 *   (bbr, tsp), building_choices, other; people without a group take their arm.
 * - `facilitator_band`: for a group, band_4 if every lead and co facilitator is band 4,
 *   band_3 if every one is band 3, otherwise mixed; cover facilitators are ignored. A group
 *   with no lead or co facilitator on record is `unknown`.
 * - `arm`, `programme`, `intensity`, `setting`, `region`: as recorded; people without a group
 *   take their arm for the group's factors, as they do for programme_family.
 * - `start_period`: the calendar half-year in which the group started (`2024_h2`), so that a
 *   comparison can hold the calendar fixed (band 3 groups grew after August 2024).
 *
 * @example
 * programmeFamily('kaizen', 'programme'); // 'legacy_specialist'
 * programmeFamily(null, 'toolkit');       // 'toolkit'
 * facilitatorBand([{ band: 4, role: 'lead' }, { band: 3, role: 'co' }, { band: 3, role: 'cover' }]); // 'mixed'
 * startPeriod('2024-08-12'); // '2024_h2'
 */

export const COMPARISON_FACTORS = ['arm', 'programme_family', 'programme', 'facilitator_band', 'intensity', 'setting', 'region', 'start_period'] as const;
export type ComparisonFactor = (typeof COMPARISON_FACTORS)[number];

export type Arm = 'programme' | 'toolkit' | 'none';

const FAMILY: Record<string, string> = {
  horizon: 'legacy_specialist',
  ihorizon: 'legacy_specialist',
  kaizen: 'legacy_specialist',
  bbr: 'legacy_general',
  tsp: 'legacy_general',
  building_choices: 'building_choices',
  other: 'other',
};

export function programmeFamily(programme: string | null, arm: Arm): string {
  if (programme === null) return arm;
  return FAMILY[programme] ?? 'other';
}

export interface GroupStaffMember {
  band: number;
  role: string;
}

export function facilitatorBand(staff: readonly GroupStaffMember[]): 'band_3' | 'band_4' | 'mixed' | 'unknown' {
  const running = staff.filter((s) => s.role === 'lead' || s.role === 'co');
  if (!running.length) return 'unknown';
  if (running.every((s) => s.band === 4)) return 'band_4';
  if (running.every((s) => s.band === 3)) return 'band_3';
  return 'mixed';
}

/** The calendar half-year of a date written YYYY-MM-DD: `2024_h1` (January–June) or `2024_h2`. */
export function startPeriod(date: string): string {
  return `${date.slice(0, 4)}_h${Number(date.slice(5, 7)) <= 6 ? 1 : 2}`;
}

export interface EnrolmentForFactors {
  arm: Arm;
  group: { programme: string; intensity: string; setting: string; region: string; facilitatorBand: string; startDate?: string } | null;
}

/** Every comparison factor's level for one enrolment. */
export function comparisonLevels(e: EnrolmentForFactors): Record<ComparisonFactor, string> {
  const g = e.group;
  return {
    arm: e.arm,
    programme_family: programmeFamily(g?.programme ?? null, e.arm),
    programme: g?.programme ?? e.arm,
    facilitator_band: g?.facilitatorBand ?? e.arm,
    intensity: g?.intensity ?? e.arm,
    setting: g?.setting ?? e.arm,
    region: g?.region ?? e.arm,
    start_period: g ? (g.startDate ? startPeriod(g.startDate) : 'unknown') : e.arm,
  };
}
