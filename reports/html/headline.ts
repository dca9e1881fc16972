/**
 * The headline page, first in the report: the review question answered for each comparison
 * that asks it, in the Justice Data Lab's form (Ministry of Justice, "Justice Data Lab:
 * methodology"): the matched one-year proven reoffending rate of both sides with CIs, the
 * frequency of reoffending with its rate ratio, the time to first reoffence among those who
 * reoffended, the numbers matched, the cohort's dates, "for every 100 people", the verdict
 * against the plan's margin, what you can and cannot say, and when the data will say. It
 * reads disclosed results only; a withheld figure shows its mark.
 */
import { refinedBy, type ComparisonShape } from '../../schemas/plan.ts';
import type { Results } from '../../schemas/results.ts';
import { withheldReason, type MaybeSuppressed } from '../charts/suppression.ts';
import { ROW_REFUSAL_REASONS } from '../../pipeline/validate/refusal.ts';
import { escapeHtml } from './escapeHtml.ts';
import { levelWords } from './summary.ts';
import { attritionSentence, canAndCannotSay, fmt, monthWords, per100Sentence, readinessSentence, VERDICT_LABEL, verdictSentence, type VerdictWords } from './verdictSentences.ts';

type PlanComparison = ComparisonShape;

const capital = (s: string) => s[0]!.toUpperCase() + s.slice(1);

/** A value, or its withheld mark, or a dash. */
function shown(record: MaybeSuppressed | undefined, field: string, value: number | null | undefined, text: (x: number) => string): string {
  if (value !== null && value !== undefined) return text(value);
  const reason = record ? withheldReason(record, field) : null;
  return reason ? `[${reason}]` : '–';
}

const pct = (x: number) => `${fmt(100 * x)}%`;
/** A value with its CI; a withheld or missing value alone (its interval says no more). */
const withCi = (value: string, low: string, high: string) => (value.startsWith('[') || value === '–' || low === '–' || high === '–' ? value : `${value} (${low} to ${high})`);

/** The cohort's dates: when follow-up started, when the extract was taken, when observation ends. */
export function datesSentence(results: Results): string {
  const d = results.data.dates;
  if (!d) return '';
  const parts = [
    d.follow_up_from && d.follow_up_to ? `Follow-up started between ${monthWords(`${d.follow_up_from}-01`)} and ${monthWords(`${d.follow_up_to}-01`)}.` : '',
    d.extract_date ? `The extract was taken on ${d.extract_date}.` : 'The extract date was not recorded when it was loaded.',
    d.observation_end ? `Reoffending is observed to ${d.observation_end}; a conviction can take six months to reach court, so a one-year rate needs 18 months after follow-up starts.` : '',
  ];
  return parts.filter(Boolean).join(' ');
}

function rowsText(record: MaybeSuppressed, rows: number | null, minCell: number): string {
  if (rows !== null) return `${rows.toLocaleString('en-GB')} ${rows === 1 ? 'row' : 'rows'}`;
  const reason = withheldReason(record, 'rows');
  return reason ? `fewer than ${minCell} rows [${reason}]` : '–';
}
const batchLabel = (results: Results, batchId: number) => (results.data.batches.length > 1 ? `batch ${batchId}, ` : '');

/**
 * The cover's facts about the extract: when it was taken, when observation ends, the load
 * batches, and the rows refused at load (by file and reason, in words) and withdrawn by a
 * later snapshot. Counts of rows, each withheld below min_cell; no totals are printed beside
 * them, so none can be worked out by subtraction.
 */
export function extractFacts(results: Results): string {
  const d = results.data.dates;
  const refused = results.data.refused;
  const withdrawn = results.data.withdrawn;
  const minCell = results.disclosure.min_cell;
  const list = (items: string[]) => (items.length ? `<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>` : 'none');
  const reasonWords = (code: string) => (ROW_REFUSAL_REASONS as Record<string, string>)[code] ?? code.replace(/_/g, ' ');
  const rows: [string, string][] = [
    ['Extract taken', escapeHtml(d?.extract_date ?? 'not recorded')],
    ['Reoffending observed to', escapeHtml(d?.observation_end ?? 'not recorded')],
    ['Load batches', String(results.data.batches.length)],
    ...(refused ? [['Rows refused at load', list(refused.map((r) => `${batchLabel(results, r.batch_id)}${r.file}, ${reasonWords(r.reason_code)}: ${rowsText(r, r.rows, minCell)}`))] as [string, string]] : []),
    ...(withdrawn ? [['Rows withdrawn by a later snapshot', list(withdrawn.map((r) => `${batchLabel(results, r.batch_id)}${r.file}: ${rowsText(r, r.rows, minCell)}`))] as [string, string]] : []),
  ];
  return `<table class="facts extract"><caption>The extract</caption><tbody>${rows.map(([k, v]) => `<tr><th scope="row">${k}</th><td>${v}</td></tr>`).join('')}</tbody></table>`;
}

function outcomeWords(v: Results['verdicts'][number], results: Results): string {
  if (v.margin_scale === 'risk_difference') return `${v.window_months}-month proven reoffending`;
  if (v.margin_scale === 'hazard_ratio') return 'time to first proven reoffence';
  return results.attitudes.measures.find((m) => m.measure === v.measure)?.label ?? v.measure ?? 'the measure';
}

function comparisonHeadline(results: Results, c: PlanComparison, window: number): string {
  const rec = results.reconviction;
  const treatment = levelWords(c.treatment);
  const reference = levelWords(c.reference);
  const m = rec.matched.find((r) => r.comparison === c.id && r.window_months === window);
  const f = rec.frequency.find((r) => r.comparison === c.id && r.window_months === window);
  const times = [c.treatment, c.reference].map((l) => rec.time_to_reoffence.find((r) => r.comparison === c.id && r.level === l && r.window_months === window));
  const rateCell = (side: 'treated' | 'control') =>
    withCi(
      shown(m, `rate_${side}`, m?.[`rate_${side}`], pct),
      shown(m, `rate_${side}_ci_low`, m?.[`rate_${side}_ci_low`], pct),
      shown(m, `rate_${side}_ci_high`, m?.[`rate_${side}_ci_high`], pct),
    );
  const perPerson = (side: 'treated' | 'control') => shown(f, `per_person_${side}`, f?.[`per_person_${side}`], (x) => fmt(x, 2));
  const days = (i: number) => withCi(shown(times[i], 'mean_days', times[i]?.mean_days, (x) => fmt(x, 0)), shown(times[i], 'ci_low', times[i]?.ci_low, (x) => fmt(x, 0)), shown(times[i], 'ci_high', times[i]?.ci_high, (x) => fmt(x, 0)));
  const diff = m ? withCi(shown(m, 'difference', m.difference, (x) => `${fmt(100 * x)} points`), shown(m, 'ci_low', m.ci_low, (x) => fmt(100 * x)), shown(m, 'ci_high', m.ci_high, (x) => fmt(100 * x))) : '–';
  const ratio = f ? withCi(shown(f, 'rate_ratio', f.rate_ratio, (x) => fmt(x, 2)), shown(f, 'ci_low', f.ci_low, (x) => fmt(x, 2)), shown(f, 'ci_high', f.ci_high, (x) => fmt(x, 2))) : '–';
  const pairs = shown(m, 'n_treated', m?.n_treated, (x) => x.toLocaleString('en-GB'));
  const unmatched = shown(m, 'unmatched_treated', m?.unmatched_treated, (x) => x.toLocaleString('en-GB'));
  const rows = [
    ['Measure', escapeHtml(capital(treatment)), escapeHtml(capital(reference)), 'Difference or ratio (95% CI)'],
    [`Proven reoffending within ${window} months, matched (95% CI)`, rateCell('treated'), rateCell('control'), diff],
    [`Proven reoffences per person within ${window} months`, perPerson('treated'), perPerson('control'), `rate ratio ${ratio}`],
    [`Days to first proven reoffence, among those who reoffended (95% CI)`, days(0), days(1), ''],
    ['People matched', pairs, pairs, `${unmatched} of ${escapeHtml(treatment)} not matched`],
  ];
  const table = `<table class="headline"><thead><tr>${rows[0]!.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows
    .slice(1)
    .map((r) => `<tr>${r.map((x, i) => (i === 0 ? `<th scope="row">${escapeHtml(x)}</th>` : `<td${x.startsWith('[') ? ' class="withheld"' : ''}>${x}</td>`)).join('')}</tr>`)
    .join('')}</tbody></table>`;

  const judged = results.verdicts.filter((v) => v.comparison === c.id);
  // Too short: the treatment's people classed for the window are fewer than min_cell (shown as such, or withheld as [low]).
  const classed = rec.rates.find((r) => r.comparison === c.id && r.level === c.treatment && r.window_months === window && r.category === 'any');
  const minCell = results.disclosure.min_cell;
  const shortFollowUp = classed && ((classed.n !== null && classed.n < minCell) || (classed.n === null && withheldReason(classed, 'n') === 'low'));
  const flag = shortFollowUp
    ? `<p class="flag"><strong>Follow-up too short.</strong> Fewer than ${minCell} people of ${escapeHtml(treatment)} have been followed up for ${window} months, and six more for convictions to reach court, so nothing can be said yet about their ${window}-month reoffending.</p>`
    : '';
  const per100 =
    m && m.ci_low !== null && m.ci_high !== null ? `<p>${escapeHtml(per100Sentence(treatment, reference, m.ci_low, m.ci_high, window))}</p>` : '';
  const verdictItems = judged.map((v) => {
    const w: VerdictWords = { treatment, reference, outcome: outcomeWords(v, results) };
    const r = results.readiness.find((x) => x.comparison === v.comparison && x.margin_scale === v.margin_scale && x.window_months === v.window_months && x.measure === v.measure);
    const when = r && v.verdict !== 'superior' && v.verdict !== 'non_inferior' && v.verdict !== 'inferior' ? ` ${readinessSentence(r, { treatment, outcome: outcomeWords(v, results) })}` : '';
    const attrition = attritionSentence(v);
    return `<li><span class="verdict verdict-${v.verdict}">${escapeHtml(VERDICT_LABEL[v.verdict])}</span> ${escapeHtml(verdictSentence(w, v))}${escapeHtml(when)}${attrition ? ` ${escapeHtml(attrition)}` : ''}</li>`;
  });
  const main = judged.find((v) => v.margin_scale === 'risk_difference' && v.window_months === window);
  const say = main ? canAndCannotSay({ treatment, reference, outcome: outcomeWords(main, results) }, main) : null;
  const sayHtml = say
    ? `<div class="say"><div><h4>What you can say</h4><p>${escapeHtml(say.can)}</p></div><div><h4>What you cannot say</h4><p>${escapeHtml(say.cannot)}</p></div></div>`
    : '';
  const held = c.adjust_for?.length ? ` People are matched within the same ${escapeHtml(c.adjust_for.map((f) => f.replace(/_/g, ' ')).join(' and '))}.` : '';
  return `<section class="headline-comparison" id="headline-${escapeHtml(c.id)}"><h3>${escapeHtml(capital(treatment))} compared with ${escapeHtml(reference)}</h3>${flag}${table}<p class="footnote">Matched: each person of ${escapeHtml(treatment)} is paired with a similar person of ${escapeHtml(reference)} (propensity score on the plan's covariates).${held}</p>${per100}<ul class="verdicts">${verdictItems.join('')}</ul>${sayHtml}</section>`;
}

export function headlineSection(results: Results): string {
  const comparisons = (results.plan as { comparisons: PlanComparison[] }).comparisons;
  const questions = comparisons.filter((c) => !refinedBy(c, comparisons));
  const windows = (results.plan as { windows: number[] }).windows;
  const window = windows.includes(12) ? 12 : windows[0]!;
  const margins = (results.plan as { margins?: unknown }).margins;
  const intro = margins
    ? '<p>Each question is answered against the margin the plan set in advance: how much worse the new arrangement may be and still count as doing at least as well. A verdict needs the whole 95% confidence interval on one side of the margin.</p>'
    : '<p class="flag">The plan sets no non-inferiority margins, so no question gets a verdict. Add <code>margins:</code> to the plan (see <code>progeval plan init</code>).</p>';
  return `<p>${escapeHtml(datesSentence(results))}</p>${extractFacts(results)}${intro}${questions.map((c) => comparisonHeadline(results, c, window)).join('')}<p class="footnote">The E-value (in the tables) says how strongly an unmeasured difference between the people compared would have to be linked to both their programme and their reoffending to explain a result away; larger is more robust.</p>`;
}
