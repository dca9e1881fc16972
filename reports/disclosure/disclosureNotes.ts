/**
 * Plain-English notes on what disclosure control withheld, for the report's limitations
 * section. The wording follows the ONS / GSS "Disclosure control guidance for tables produced
 * from administrative data" advice to tell readers that cells were suppressed and why
 * (primary: too few people; secondary: so a suppressed value cannot be worked out).
 */
import type { SectionName } from './cellTable.ts';

/** What was withheld, for the notes. */
export interface SuppressionSummary {
  minCell: number;
  /** Values withheld, by section. */
  bySection: Readonly<Record<string, number>>;
  /** Of which, by section: specific statistics counted by name (e.g. `rate` in reconviction.rates). */
  byField: ReadonlyMap<string, number>;
  /** Published counts withheld only to protect others (secondary suppression). */
  secondaryCells: number;
  /** True when some survival rows were pooled or cut. */
  survivalPooled: boolean;
  /** Published fields withheld, by reason. */
  byReason: { low: number; c: number };
  /** Measures whose Jacobson–Truax grid was not published, or was coarsened. */
  gridsWithheld: readonly string[];
  gridsCoarsened: readonly string[];
  /** False when min_cell is below the publishable threshold. */
  publishable: boolean;
  /** The release register could not record this run (read-only database). */
  unregistered?: boolean;
  /** The release register: fresh, and how many cells were withheld against it. */
  release: { fresh: boolean; againstIt: number };
}

const SECTION_WORDS: Record<SectionName, string> = {
  flow: 'participant flow',
  'attitudes.scoring': 'questionnaire scoring counts',
  'attitudes.change': 'attitude change results',
  'attitudes.jacobson_truax': 'Jacobson–Truax plot bins',
  'attitudes.reliable_change_bands': 'reliable change bands',
  'attitudes.ancova': 'ANCOVA comparisons of attitude change',
  'reconviction.rates': 'proven reoffending rates',
  'reconviction.differences': 'differences in reoffending rates',
  'reconviction.survival': 'time-to-reoffence (Kaplan–Meier) curves',
  'reconviction.survival_curves': 'time-to-reoffence summaries',
  'reconviction.landmarks': 'landmark survival (3, 6, 12, 24 months)',
  'reconviction.logrank': 'log-rank tests',
  'reconviction.cox': 'Cox models',
  'reconviction.logistic': 'logistic models',
  'reconviction.matched': 'matched comparisons',
  'reconviction.observed_expected': 'observed against expected reoffending',
  'reconviction.frequency': 'reoffending frequency rate ratios',
  'reconviction.time_to_reoffence': 'times to first reoffence',
  'verdicts': 'non-inferiority verdicts',
  'readiness': 'evidence readiness figures',
  'monitoring.quarterly': 'quarterly monitoring',
  'monitoring.regions': 'regional monitoring',
  'monitoring.funnel': 'funnel plot',
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const were = (n: number) => (n === 1 ? 'was' : 'were');

/** The notes, most specific first; empty when nothing was withheld. */
export function disclosureNotes(summary: SuppressionSummary): string[] {
  const { minCell } = summary;
  const notes: string[] = [];
  const field = (section: string, name: string) => summary.byField.get(`${section}:${name}`) ?? 0;
  const rates = field('reconviction.rates', 'rate');
  if (rates) notes.push(`${plural(rates, 'reoffending rate', 'reoffending rates')} ${were(rates)} suppressed because fewer than ${minCell} people were classed, fewer than ${minCell} reoffended or did not reoffend, or the rate would reveal a suppressed count.`);
  const changes = field('attitudes.change', 'mean_change');
  if (changes) notes.push(`${plural(changes, 'attitude change estimate', 'attitude change estimates')} ${were(changes)} suppressed because fewer than ${minCell} people had both a pre and a post score.`);
  const hrs = field('reconviction.cox', 'hr');
  if (hrs) notes.push(`${plural(hrs, 'hazard ratio', 'hazard ratios')} ${were(hrs)} suppressed because a group, or its reoffenders, numbered fewer than ${minCell}.`);
  for (const [section, n] of Object.entries(summary.bySection)) {
    if (!n || section === 'monitoring.funnel' || (section === 'reconviction.survival' && summary.survivalPooled)) continue;
    const words = SECTION_WORDS[section as SectionName] ?? section;
    notes.push(`${plural(n, 'value', 'values')} in the ${words} ${were(n)} suppressed because ${n === 1 ? 'it concerns' : 'they concern'} fewer than ${minCell} people or would reveal such a count.`);
  }
  if (summary.byReason.low) notes.push(`[low] marks ${plural(summary.byReason.low, 'value', 'values')} withheld because ${summary.byReason.low === 1 ? 'it concerns' : 'they concern'} fewer than ${minCell} people (or, for a model, rest on fewer than ${minCell} people, reoffences or non-reoffences in a group it compares).`);
  if (summary.byReason.c) notes.push(`[c] marks ${plural(summary.byReason.c, 'value', 'values')} withheld although not small, to protect another figure: so that no withheld count can be worked out, to within ${minCell} people, from totals, other comparisons, other models or earlier releases (secondary suppression).`);
  if (summary.secondaryCells) {
    notes.push(`${plural(summary.secondaryCells, 'published count was', 'published counts were')} withheld as [c].`);
  }
  if (summary.release.againstIt) notes.push(`${plural(summary.release.againstIt, 'count differs', 'counts differ')} from an earlier release of the same figure by fewer than ${minCell} people and ${summary.release.againstIt === 1 ? 'was' : 'were'} withheld as [c].`);
  if (summary.release.fresh) notes.push('This run started a fresh release: figures published by earlier runs were not checked against it.');
  for (const m of summary.gridsWithheld) notes.push(`The Jacobson–Truax grid of ${m} is not shown: even at 2 × 2 bins some bin held fewer than ${minCell} people. The reliable change counts summarise it.`);
  for (const m of summary.gridsCoarsened) notes.push(`The Jacobson–Truax grid of ${m} is drawn with coarser bins so that no bin holds fewer than ${minCell} people.`);
  if (summary.unregistered) notes.unshift('NOT FOR PUBLICATION: the database is read-only, so this run could not be entered in the release register, and later releases could not be checked against it; this output is for private analysis only.');
  else if (!summary.publishable) notes.unshift(`NOT FOR PUBLICATION: min_cell is ${minCell}, below ${10}; this output is for private analysis only.`);
  if (summary.survivalPooled) {
    notes.push(`Time-to-reoffence curves are shown in steps of at least ${minCell} reoffences and are cut where fewer than ${minCell} people remain at risk.`);
  }
  if ((summary.bySection['monitoring.funnel'] ?? 0) > 0) notes.push('The funnel plot is drawn over the range of the regions that are shown.');
  if (notes.length) notes.push(`Counts of zero are shown only where at least ${minCell} people are involved.`);
  return notes;
}
