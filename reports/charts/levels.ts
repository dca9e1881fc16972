/**
 * Comparison levels in plain words, and which level of a comparison is the treatment and
 * which the reference, so that every chart names and colours them the same way.
 */
import { planSchema } from '../../schemas/plan.ts';
import type { Results } from '../../schemas/results.ts';
import { OTHER_LEVEL_COLOUR, REFERENCE_COLOUR, TREATMENT_COLOUR } from './palette.ts';

const LEVEL_LABELS: Record<string, string> = {
  building_choices: 'Building Choices',
  legacy_specialist: 'Legacy specialist programmes',
  legacy_general: 'Legacy general programmes',
  band_3: 'Band 3 facilitators',
  band_4: 'Band 4 facilitators',
  mixed: 'Mixed-band facilitators',
  programme: 'Accredited programme',
  toolkit: 'Supervision toolkits',
  none: 'No intervention',
  other: 'Other programmes',
  unknown: 'Unknown',
};

/** A level code in plain words: `band_3` → "Band 3 facilitators"; unknown codes are tidied. */
export function levelLabel(level: string): string {
  const known = LEVEL_LABELS[level];
  if (known) return known;
  const words = level.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The two levels of a comparison. */
export interface ComparisonLevels {
  comparison: string;
  treatment: string;
  reference: string;
}

/**
 * Treatment and reference of every comparison: from the plan stored in the results, or,
 * failing that, from the ANCOVA and difference records (which name both).
 */
export function comparisonLevels(results: Results): ComparisonLevels[] {
  const plan = planSchema.safeParse(results.plan);
  if (plan.success) return plan.data.comparisons.map((c) => ({ comparison: c.id, treatment: c.treatment, reference: c.reference }));
  const found = new Map<string, ComparisonLevels>();
  for (const r of [...results.attitudes.ancova, ...results.reconviction.differences]) {
    if (!found.has(r.comparison)) found.set(r.comparison, { comparison: r.comparison, treatment: r.treatment, reference: r.reference });
  }
  return [...found.values()];
}

/** The levels of one comparison, or null when the results do not say. */
export function levelsOf(results: Results, comparison: string): ComparisonLevels | null {
  return comparisonLevels(results).find((c) => c.comparison === comparison) ?? null;
}

/** A comparison in plain words: "Building Choices vs Legacy specialist programmes". */
export function comparisonLabel(results: Results, comparison: string): string {
  const levels = levelsOf(results, comparison);
  return levels ? `${levelLabel(levels.treatment)} vs ${levelLabel(levels.reference)}` : levelLabel(comparison);
}

/**
 * The order of levels within a comparison: treatment first, then reference, then any
 * others in the order given.
 */
export function orderLevels(results: Results, comparison: string, levels: readonly string[]): string[] {
  const known = levelsOf(results, comparison);
  const first = known ? [known.treatment, known.reference].filter((l) => levels.includes(l)) : [];
  return [...first, ...[...new Set(levels)].filter((l) => !first.includes(l))];
}

/**
 * A vega-lite colour encoding for level labels (field `level_label`) that gives the
 * treatment blue and the reference orange, with the legend in that order.
 */
export function levelColour(results: Results, comparison: string, levels: readonly string[]) {
  const known = levelsOf(results, comparison);
  const ordered = orderLevels(results, comparison, levels);
  const colourOf = (l: string) => (l === known?.treatment ? TREATMENT_COLOUR : l === known?.reference ? REFERENCE_COLOUR : OTHER_LEVEL_COLOUR);
  const domain = ordered.map(levelLabel);
  return {
    field: 'level_label',
    type: 'nominal' as const,
    title: null,
    sort: domain,
    scale: { domain, range: ordered.map(colourOf) },
    legend: { orient: 'top' as const, direction: 'horizontal' as const, labelLimit: 320 },
  };
}
