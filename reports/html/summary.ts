/**
 * The summary in plain words: for each comparison, what was compared, what was found on
 * attitudes and on reoffending, and how sure we can be. Written for a probation manager;
 * every number in it is in the tables and the charts too. Text from the data is escaped.
 */
import type { Results } from '../../schemas/results.ts';
import { withheldReason, type MaybeSuppressed } from '../charts/suppression.ts';
import { escapeHtml } from './escapeHtml.ts';

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

/** A number for reading: fixed decimals, and never "-0.0". */
const fmt = (x: number, digits = 1) => {
  const text = x.toFixed(digits);
  return Number(text) === 0 ? text.replace(/^-/, '') : text;
};

const COVARIATE_WORDS: Record<string, string> = {
  age_at_index: 'age',
  prior_convictions: 'previous convictions',
  ogrs: 'OGRS score',
  sexual_risk: 'sexual risk band',
  rosh: 'risk of serious harm',
};

function adjustedFor(covariates: readonly string[]): string {
  const words = covariates.map((c) => COVARIATE_WORDS[c] ?? c.replace(/_/g, ' '));
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

function certainty(low: number, high: number, nullValue: number): string {
  if (high < nullValue || low > nullValue) return 'the 95% confidence interval excludes no difference, so chance alone is an unlikely explanation';
  return 'the 95% confidence interval includes no difference, so the data cannot tell the two apart';
}

/** Why an estimate is missing: its mark and what it means when withheld, else the analysis note. */
function whyMissing(record: (MaybeSuppressed & { note: string | null }) | undefined, field: string, minCell: number, otherwise: string): string {
  const reason = record ? withheldReason(record, field) : null;
  if (reason === 'low') return `withheld [low]: it would rest on fewer than ${minCell} people, reoffences or non-reoffences in a group`;
  if (reason === 'c') return 'withheld [c]: to protect another figure';
  return record?.note ?? otherwise;
}

export function summarySection(results: Results): string {
  const minCell = results.disclosure.min_cell;
  const parts: string[] = [];
  for (const comparison of (results.plan as { comparisons: { id: string; treatment: string; reference: string }[] }).comparisons) {
    const treatment = levelWords(comparison.treatment);
    const reference = levelWords(comparison.reference);
    const items: string[] = [];
    const ancovas = results.attitudes.ancova.filter((a) => a.comparison === comparison.id);
    const preferred = ancovas.some((a) => a.adjusted) ? ancovas.filter((a) => a.adjusted) : ancovas;
    for (const a of preferred) {
      const m = results.attitudes.measures.find((x) => x.measure === a.measure);
      const label = escapeHtml(m?.label ?? a.measure);
      if (a.estimate === null || a.ci_low === null || a.ci_high === null) {
        items.push(`<li><strong>${label}:</strong> no estimate (${escapeHtml(whyMissing(a, 'estimate', minCell, 'not estimable'))}).</li>`);
        continue;
      }
      const better = m?.direction === 'lower_better' ? a.estimate < 0 : a.estimate > 0;
      items.push(
        `<li><strong>${label}</strong> (${m?.direction === 'lower_better' ? 'lower' : 'higher'} is better): after their programme, ${escapeHtml(treatment)} scored ` +
          `${fmt(Math.abs(a.estimate))} points ${a.estimate < 0 ? 'lower' : 'higher'} than ${escapeHtml(reference)} with the same pre score` +
          `${a.adjusted ? ` and the same ${escapeHtml(adjustedFor(a.covariates))}` : ''} — ${better ? 'better' : 'worse'} (95% CI ${fmt(a.ci_low)} to ${fmt(a.ci_high)}); ${certainty(a.ci_low, a.ci_high, 0)}.</li>`,
      );
    }
    const cox = results.reconviction.cox.filter((c) => c.comparison === comparison.id);
    const hr = cox.find((c) => c.adjusted) ?? cox[0];
    if (hr && hr.hr !== null && hr.ci_low !== null && hr.ci_high !== null) {
      items.push(
        `<li><strong>Reoffending:</strong> the hazard of a first proven reoffence for ${escapeHtml(treatment)} was ${fmt(hr.hr, 2)} times that for ${escapeHtml(reference)}` +
          `${hr.adjusted ? ` after adjusting for ${escapeHtml(adjustedFor(hr.covariates))}` : ''} (95% CI ${fmt(hr.ci_low, 2)} to ${fmt(hr.ci_high, 2)}); ${certainty(hr.ci_low, hr.ci_high, 1)}` +
          `${hr.ph_violated ? '. The hazard ratio changes over time (proportional-hazards check), so read it as an average' : ''}.</li>`,
      );
    } else {
      items.push(`<li><strong>Reoffending:</strong> no hazard ratio (${escapeHtml(whyMissing(hr, 'hr', minCell, 'too few people were followed up'))}).</li>`);
    }
    const longest = results.reconviction.differences.filter((d) => d.comparison === comparison.id && d.category === 'any').sort((a, b) => b.window_months - a.window_months);
    const d = longest.find((x) => x.difference !== null);
    if (d && d.difference !== null && d.ci_low !== null && d.ci_high !== null) {
      items.push(
        `<li><strong>Proven reoffending within ${d.window_months} months:</strong> ${fmt(100 * d.difference)} percentage points ${d.difference <= 0 ? 'lower' : 'higher'} for ${escapeHtml(treatment)} (95% CI ${fmt(100 * d.ci_low)} to ${fmt(100 * d.ci_high)}).</li>`,
      );
    }
    parts.push(`<section class="finding"><h3>${escapeHtml(treatment[0]!.toUpperCase() + treatment.slice(1))} compared with ${escapeHtml(reference)}</h3><ul>${items.join('')}</ul></section>`);
  }
  return `<p>These comparisons are observational: people were not randomly allocated, so a difference can reflect who was referred when as well as the programme. Intervals are 95% confidence intervals; estimates from fewer than ${results.disclosure.min_cell} people are withheld.</p>${parts.join('')}`;
}
