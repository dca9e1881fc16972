/**
 * Comparison levels in plain words, and which level of a comparison is the treatment and
 * which the reference, so that every chart names and colours them the same way.
 */
import { planSchema, refinedBy } from '../../schemas/plan.ts';
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

const FACTOR_WORDS: Record<string, string> = {
  programme_family: 'programme family',
  programme: 'programme',
  facilitator_band: 'facilitator band',
  intensity: 'intensity',
  setting: 'setting',
  region: 'region',
  start_period: 'half-year the group started',
};

/** "a, b and c". */
export const listWords = (words: readonly string[]) => (words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`);

/** Comparison factors in words: ['programme_family', 'start_period'] → "programme family and half-year the group started". */
export const factorWords = (factors: readonly string[]) => listWords(factors.map((f) => FACTOR_WORDS[f] ?? f.replace(/_/g, ' ')));

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

const plans = new WeakMap<Results, ReturnType<typeof planSchema.safeParse>>();
/** The results' plan, parsed once per results object (tables ask for a comparison's name row by row). */
function parsedPlan(results: Results) {
  let plan = plans.get(results);
  if (!plan) plans.set(results, (plan = planSchema.safeParse(results.plan)));
  return plan;
}

/**
 * Treatment and reference of every comparison: from the plan stored in the results, or,
 * failing that, from the ANCOVA and difference records (which name both).
 */
export function comparisonLevels(results: Results): ComparisonLevels[] {
  const plan = parsedPlan(results);
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

/**
 * A comparison's name where a table or a heading shows it: its levels in words, and what it
 * holds fixed, or "as delivered" when another comparison of the same levels holds something
 * fixed ("Band 3 facilitators vs Band 4 facilitators, holding programme family … fixed").
 */
export function comparisonName(results: Results, comparison: string): string {
  const base = comparisonLabel(results, comparison);
  const plan = parsedPlan(results);
  if (!plan.success) return base;
  const all = plan.data.comparisons;
  const c = all.find((x) => x.id === comparison);
  if (!c) return base;
  if (c.adjust_for?.length) return `${base}, holding ${factorWords(c.adjust_for)} fixed`;
  return refinedBy(c, all) ? `${base}, as delivered` : base;
}

/** A stratum of held-fixed levels in words: "programme_family=building_choices, start_period=2025-H1" → "programme family: Building Choices; half-year the group started: 2025-H1". */
export function stratumWords(stratum: string): string {
  return stratum
    .split(', ')
    .map((part) => {
      const at = part.indexOf('=');
      return at < 0 ? part : `${factorWords([part.slice(0, at)])}: ${levelLabel(part.slice(at + 1))}`;
    })
    .join('; ');
}
