/**
 * The summary in plain words: for each comparison, what was compared, what was found on
 * attitudes and on reoffending, and how sure we can be. Written for a probation manager;
 * every number in it is in the tables and the charts too. Text from the data is escaped.
 */
import { asDeliveredOf, type ComparisonShape } from '../../schemas/plan.ts';
import type { Results } from '../../schemas/results.ts';
import { covariateWords } from '../charts/covariates.ts';
import { factorWords } from '../charts/levels.ts';
import { withheldReason, type MaybeSuppressed } from '../charts/suppression.ts';
import { escapeHtml } from './escapeHtml.ts';
import { fmt } from './verdictSentences.ts';
import { withP } from '../render/pValueText.ts';

const LEVEL_WORDS: Record<string, string> = {
  building_choices: 'Building Choices',
  legacy_specialist: 'the legacy specialist programmes (Horizon, iHorizon, Kaizen)',
  legacy_general: 'the legacy general programmes',
  band_3: 'groups run by band 3 facilitators',
  band_4: 'groups run by band 4 facilitators',
  mixed: 'groups with band 3 and band 4 facilitators',
  programme: 'people on a programme',
  toolkit: 'people supervised with toolkits',
  none: 'people with no intervention',
};

export const levelWords = (level: string) => LEVEL_WORDS[level] ?? level.replace(/_/g, ' ');

type PlanComparison = ComparisonShape;

/**
 * Why the adjusted and the as-delivered answers differ: the levels of the first held-fixed
 * factor on which the two sides' groups are spread most differently, in groups (never people).
 */
function whyTheyDiffer(results: Results, c: PlanComparison): string {
  const strata = results.adjustment?.overlap.filter((o) => o.comparison === c.id) ?? [];
  const factor = c.adjust_for?.[0];
  if (!factor || !strata.length) return '';
  const totals = [strata.reduce((n, s) => n + s.treatment_groups, 0), strata.reduce((n, s) => n + s.reference_groups, 0)];
  if (!totals[0] || !totals[1]) return '';
  const byLevel = new Map<string, [number, number]>();
  for (const s of strata) {
    const level = s.levels[factor] ?? '';
    const t = byLevel.get(level) ?? [0, 0];
    byLevel.set(level, [t[0] + s.treatment_groups, t[1] + s.reference_groups]);
  }
  const [level, [gt, gr]] = [...byLevel.entries()].sort(([, a], [, b]) => Math.abs(b[0] / totals[0]! - b[1] / totals[1]!) - Math.abs(a[0] / totals[0]! - a[1] / totals[1]!))[0]!;
  return (
    ` The two answers differ because the groups are spread differently across ${factorWords([factor])}: ` +
    `${gt} of the ${totals[0]} groups of ${levelWords(c.treatment)} were ${levelWords(level)}, against ${gr} of the ${totals[1]} groups of ${levelWords(c.reference)}` +
    `, so the comparison as delivered mixes the two.`
  );
}

/**
 * How sure: whether the 95% CI excludes no difference, and, where several measures were
 * tested, whether that survives Holm's adjustment (a CI that excludes 0 with a Holm p of
 * 0.051 does not make chance "an unlikely explanation").
 */
export function certainty(low: number, high: number, nullValue: number, pHolm: number | null = null): string {
  if (high < nullValue || low > nullValue) {
    if (pHolm !== null && pHolm >= 0.05) return `the 95% confidence interval excludes no difference, but allowing for the several measures tested (${withP(pHolm, 'Holm-adjusted p')}) chance remains a possible explanation`;
    return 'the 95% confidence interval excludes no difference, so chance alone is an unlikely explanation';
  }
  return 'the 95% confidence interval includes no difference, so the data cannot tell the two apart';
}

/** "better" or "worse" only when the CI excludes no difference; otherwise null (the certainty sentence says so). */
export function directionWord(estimate: number, low: number, high: number, lowerIsBetter: boolean): string | null {
  if (low <= 0 && high >= 0) return null;
  const better = lowerIsBetter ? estimate < 0 : estimate > 0;
  return better ? 'better' : 'worse';
}

/** Why an estimate is missing: its mark and what it means when withheld, else the analysis note. */
function whyMissing(record: (MaybeSuppressed & { note: string | null }) | undefined, field: string, minCell: number, otherwise: string): string {
  const reason = record ? withheldReason(record, field) : null;
  if (reason === 'low') return `withheld [low]: it would rest on fewer than ${minCell} people, reoffences or non-reoffences in a group`;
  if (reason === 'c') return 'withheld [c]: to protect another figure';
  return record?.note ?? otherwise;
}

/** Where an adjusted comparison rests: the strata with groups on both sides, in groups. */
function overlapSentence(results: Results, id: string, held: readonly string[]): string {
  const strata = results.adjustment?.overlap.filter((o) => o.comparison === id) ?? [];
  const used = strata.filter((s) => s.informs_estimate);
  const groups = (side: 'treatment_groups' | 'reference_groups') => used.reduce((n, s) => n + s[side], 0);
  if (!strata.length) return '';
  if (!used.length) return `<p>No combination of ${escapeHtml(factorWords(held))} has groups on both sides, so the data cannot answer this question holding them fixed.</p>`;
  const few = Math.min(groups('treatment_groups'), groups('reference_groups')) < 5 ? ' With fewer than 5 groups on a side, treat its intervals with caution.' : '';
  return `<p>Holding ${escapeHtml(factorWords(held))} fixed, the answer rests on the ${used.length} of ${strata.length} combinations that have groups on both sides (${groups('treatment_groups')} and ${groups('reference_groups')} groups); the others inform it not at all.${few}</p>`;
}

export function summarySection(results: Results): string {
  const minCell = results.disclosure.min_cell;
  const parts: string[] = [];
  const comparisons = (results.plan as { comparisons: PlanComparison[] }).comparisons;
  // A comparison as delivered that an adjusted one refines is reported inside the adjusted one.
  const refined = new Set(comparisons.map((c) => asDeliveredOf(c, comparisons)?.id).filter(Boolean));
  for (const comparison of comparisons.filter((c) => !refined.has(c.id))) {
    const held = comparison.adjust_for ?? [];
    const within = Object.entries(comparison.filter ?? {}).map(([f, l]) => `${factorWords([f])} ${levelWords(l ?? '')}`);
    const treatment = levelWords(comparison.treatment);
    const reference = levelWords(comparison.reference);
    const items: string[] = [];
    const ancovas = results.attitudes.ancova.filter((a) => a.comparison === comparison.id && a.weighting === 'none');
    const preferred = ancovas.some((a) => a.adjusted) ? ancovas.filter((a) => a.adjusted) : ancovas;
    for (const a of preferred) {
      const m = results.attitudes.measures.find((x) => x.measure === a.measure);
      const label = escapeHtml(m?.label ?? a.measure);
      if (a.estimate === null || a.ci_low === null || a.ci_high === null) {
        items.push(`<li><strong>${label}:</strong> no estimate (${escapeHtml(whyMissing(a, 'estimate', minCell, 'not estimable'))}).</li>`);
        continue;
      }
      items.push(
        `<li><strong>${label}</strong> (${m?.direction === 'lower_better' ? 'lower' : 'higher'} is better): after their programme, ${escapeHtml(treatment)} scored ` +
          `${fmt(Math.abs(a.estimate))} points ${a.estimate < 0 ? 'lower' : 'higher'} than ${escapeHtml(reference)} with the same pre score` +
          `${a.adjusted ? ` and the same ${escapeHtml(covariateWords(a.covariates))}` : ''}${held.length ? ` in groups of the same ${escapeHtml(factorWords(held))}` : ''} ${((w) => (w ? ` — ${w}` : ''))(directionWord(a.estimate, a.ci_low, a.ci_high, m?.direction === 'lower_better'))} (95% CI ${fmt(a.ci_low)} to ${fmt(a.ci_high)}); ${certainty(a.ci_low, a.ci_high, 0, a.p_holm)}.</li>`,
      );
    }
    const cox = results.reconviction.cox.filter((c) => c.comparison === comparison.id);
    const hr = cox.find((c) => c.adjusted) ?? cox[0];
    if (hr && hr.hr !== null && hr.ci_low !== null && hr.ci_high !== null) {
      items.push(
        `<li><strong>Reoffending:</strong> the hazard of a first proven reoffence for ${escapeHtml(treatment)} was ${fmt(hr.hr, 2)} times that for ${escapeHtml(reference)}` +
          `${hr.adjusted ? ` after adjusting for ${escapeHtml(covariateWords(hr.covariates))}` : ''}${held.length ? `, holding ${escapeHtml(factorWords(held))} fixed` : ''} (95% CI ${fmt(hr.ci_low, 2)} to ${fmt(hr.ci_high, 2)}); ${certainty(hr.ci_low, hr.ci_high, 1)}` +
          `${hr.ph_violated ? '. The hazard ratio changes over time (proportional-hazards check), so read it as an average' : ''}.</li>`,
      );
    } else {
      items.push(`<li><strong>Reoffending:</strong> no hazard ratio (${escapeHtml(whyMissing(hr, 'hr', minCell, 'too few people were followed up'))}).</li>`);
    }
    const longest = results.reconviction.differences.filter((d) => d.comparison === comparison.id && d.category === 'any').sort((a, b) => b.window_months - a.window_months);
    const d = longest.find((x) => x.difference !== null);
    if (d && d.difference !== null && d.ci_low !== null && d.ci_high !== null) {
      items.push(
        `<li><strong>Proven reoffending within ${d.window_months} months:</strong> ${fmt(Math.abs(100 * d.difference))} percentage points ${d.difference <= 0 ? 'lower' : 'higher'} for ${escapeHtml(treatment)}, before matching or adjustment (95% CI ${fmt(100 * d.ci_low)} to ${fmt(100 * d.ci_high)}); ${certainty(d.ci_low, d.ci_high, 0)}.</li>`,
      );
    }
    const raw = asDeliveredOf(comparison, comparisons);
    let rawText = '';
    if (raw) {
      const first = preferred[0];
      const rawAncova = first && results.attitudes.ancova.find((a) => a.comparison === raw.id && a.measure === first.measure && a.adjusted === first.adjusted && a.weighting === 'none');
      const m = first && results.attitudes.measures.find((x) => x.measure === first.measure);
      rawText =
        rawAncova && rawAncova.estimate !== null && rawAncova.ci_low !== null && rawAncova.ci_high !== null
          ? `<p>As delivered (not holding ${escapeHtml(factorWords(held))} fixed), the difference on ${escapeHtml(m?.label ?? first.measure)} was ` +
            `${fmt(rawAncova.estimate)} points (95% CI ${fmt(rawAncova.ci_low)} to ${fmt(rawAncova.ci_high)}), against ${first.estimate === null ? 'no estimate' : `${fmt(first.estimate)} points`} holding them fixed.${escapeHtml(whyTheyDiffer(results, comparison))}</p>`
          : `<p>The comparison as delivered does not hold ${escapeHtml(factorWords(held))} fixed; its figures are in the tables.${escapeHtml(whyTheyDiffer(results, comparison))}</p>`;
    }
    const resting = held.length ? overlapSentence(results, comparison.id, held) : '';
    const title = `${treatment[0]!.toUpperCase() + treatment.slice(1)} compared with ${reference}${within.length ? `, within ${within.join(' and ')}` : ''}${held.length ? `, holding ${factorWords(held)} fixed` : ''}`;
    parts.push(`<section class="finding"><h3>${escapeHtml(title)}</h3>${resting}<ul>${items.join('')}</ul>${rawText}</section>`);
  }
  parts.push(monitoringFinding(results));
  return `<p>These comparisons are observational: people were not randomly allocated, so a difference can reflect who was referred when as well as the programme. Intervals are 95% confidence intervals; estimates from fewer than ${results.disclosure.min_cell} people are withheld.</p>${parts.join('')}`;
}

/** What the CUSUMs say: each level that signalled, and when; or that none did. */
function monitoringFinding(results: Results): string {
  const cusums = results.monitoring.cusum.filter((c) => c.points.length);
  if (!cusums.length) return '';
  const signalled = cusums.filter((c) => c.first_signal);
  const arl0 = cusums[0]!.arl0.toLocaleString('en-GB');
  const items = signalled.length
    ? signalled.map((c) => `<li><strong>${escapeHtml(levelWords(c.level))}</strong>: more proven reoffending within ${c.window_months} months than expected for the same people on ${escapeHtml(levelWords(c.reference))}, signalled in the block of people whose follow-up started up to ${escapeHtml(c.first_signal!)}. Look at what changed then.</li>`)
    : [`<li>No level signalled: 12-month proven reoffending at every level monitored is in line with what the same people would be expected to do on the reference programmes or band.</li>`];
  return `<section class="finding"><h3>Sequential monitoring (risk-adjusted CUSUM)</h3><p>Each chart looks for odds of reoffending ${cusums[0]!.odds_ratio} times those expected, with a false alarm once in ${arl0} people on average when all is as expected.</p><ul>${items.join('')}</ul></section>`;
}
