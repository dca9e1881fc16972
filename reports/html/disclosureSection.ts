/**
 * The report's "Disclosure control" section and its "not for publication" stamp: what an
 * output checker needs from the report itself (docs/disclosure.md has the rules in full, and
 * OUT/disclosure-log.json the complete log). It says the threshold, whether the output may be
 * published, which release register it was checked against, how many values were withheld as
 * [low] and [c], the narrowest protection interval, the rules applied, and lists the withheld
 * cells by identity, reason, rule and the range an attacker could narrow them to: never a
 * withheld value. Without the log it summarises `results.disclosure`. Text is escaped.
 */
import { PUBLISHABLE_MIN_CELL, type DisclosureLog } from '../disclosure/discloseResults.ts';
import type { Results } from '../../schemas/results.ts';
import { withheldKey } from '../charts/suppression.ts';
import { escapeHtml } from './escapeHtml.ts';

/** The stamp's words: "NOT FOR PUBLICATION — min_cell 5 is below 10". */
export function stampText(results: Results): string {
  if (results.disclosure.unregistered) return 'NOT FOR PUBLICATION — not entered in the release register (read-only database)';
  return `NOT FOR PUBLICATION — min_cell ${results.disclosure.min_cell} is below ${PUBLISHABLE_MIN_CELL}`;
}

/**
 * The stamp of an output that may not be published (both parts empty when it may): `banner`
 * for the top of the page, and `printed`, a header and a footer that print on every page
 * (position: fixed in print; they go straight inside <body>).
 */
export function publicationStamp(results: Results): { banner: string; printed: string } {
  if (results.disclosure.publishable) return { banner: '', printed: '' };
  const text = escapeHtml(stampText(results));
  return {
    banner: `<div class="stamp" role="alert">${text}<br><span>This output is for private analysis only: it may not be published or shared outside the analysis team.</span></div>`,
    printed: `<div class="print-stamp print-stamp-head" aria-hidden="true">${text}</div>\n<div class="print-stamp print-stamp-foot" aria-hidden="true">${text}</div>`,
  };
}

const SECTION_WORDS: Record<string, string> = {
  flow: 'Participant flow',
  'attitudes.scoring': 'Questionnaire scoring',
  'attitudes.change': 'Attitude change',
  'attitudes.jacobson_truax': 'Jacobson–Truax bins',
  'attitudes.reliable_change_bands': 'Reliable change bands',
  'attitudes.ancova': 'ANCOVA',
  'reconviction.rates': 'Reoffending rates',
  'reconviction.differences': 'Differences in rates',
  'reconviction.survival': 'Kaplan–Meier steps',
  'reconviction.survival_curves': 'Kaplan–Meier summaries',
  'reconviction.landmarks': 'Landmark survival',
  'reconviction.logrank': 'Log-rank tests',
  'reconviction.cox': 'Cox models',
  'reconviction.logistic': 'Logistic models',
  'reconviction.matched': 'Matched comparisons',
  'reconviction.observed_expected': 'Observed against expected',
  'reconviction.frequency': 'Frequency (rate ratios)',
  'reconviction.time_to_reoffence': 'Time to first reoffence',
  'verdicts': 'Verdicts',
  'readiness': 'When we will know',
  'monitoring.quarterly': 'Quarterly monitoring',
  'monitoring.regions': 'Regional monitoring',
  'monitoring.funnel': 'Funnel plot points',
};

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** What the report says of a range that pins a count to one value (it never prints that value). */
export const DETERMINED = 'one value only: worked out exactly from published figures';

/**
 * "0 to 9", "10 or more": an attacker's range for a count (null upper: unbounded). A range of
 * one value is the withheld value itself, so it is never printed: the report says the count
 * is determined (the log has the range for the output checker).
 */
export function rangeText(lower: number | null, upper: number | null): string {
  if (lower === null && upper === null) return 'not computed';
  if (upper === null) return `${lower} or more`;
  if (lower === null) return `up to ${upper}`;
  return lower === upper ? DETERMINED : `${lower} to ${upper}`;
}

function releaseText(results: Results, log: DisclosureLog | null): string {
  const notEntered = results.disclosure.publishable ? '' : ' This output is not entered in the register: an output that may not be published is not a release.';
  if (!log) {
    return `${
      results.disclosure.release.fresh
        ? 'This run started a fresh release register: figures published by earlier runs were not checked against it.'
        : 'Checked against the release register of earlier runs.'
    } The register's id and size are in disclosure-log.json.${notEntered}`;
  }
  const { id, fresh, earlier_cells: earlier, withheld_against_it: against } = log.release;
  const withheld = `; ${plural(against, 'count was', 'counts were')} withheld as [c] against it.`;
  if (fresh) return `Register ${id ?? '(new)'}, started fresh by this run: figures published by earlier runs were not checked against it${withheld}${notEntered}`;
  if (id === null) return `No earlier release: nothing published by earlier runs to check against.${notEntered}`;
  return `Register ${id}, checked against ${plural(earlier, 'count', 'counts')} published by earlier runs${withheld}${notEntered}`;
}

function narrowestText(results: Results, log: DisclosureLog | null): string {
  const narrowest = results.disclosure.narrowest_interval;
  if (!narrowest) return 'none: no count was withheld or protected.';
  // The count by its identity in disclosure-log.json, folded away: it is for the output checker, in the log's own terms.
  const which = `<details class="cell-identity"><summary>which count</summary><code>${escapeHtml(narrowest.cell)}</code></details>`;
  if (narrowest.upper !== null && narrowest.lower === narrowest.upper) {
    return `<strong class="not-publishable">A withheld count can be worked out exactly by an attacker using every published figure</strong> (see disclosure-log.json).${which}`;
  }
  const span = narrowest.span === null ? 'unbounded' : plural(narrowest.span, 'value', 'values');
  const atLimit = log?.at_label_limit.some((c) => c.cell === narrowest.cell && c.lower === narrowest.lower && c.upper === narrowest.upper) ? ', at the marks\' limit (below)' : '';
  return `An attacker using every published figure can narrow the least protected count to ${rangeText(narrowest.lower, narrowest.upper)} (${span}${atLimit}).${which}`;
}

function gridsText(results: Results, log: DisclosureLog): string {
  if (!log.grids.length) return '';
  const label = (measure: string) => escapeHtml(results.attitudes.measures.find((m) => m.measure === measure)?.label ?? measure);
  const drawn = log.grids.filter((g) => g.bins_per_side !== null).map((g) => `${label(g.measure)}: ${g.bins_per_side} bins a side`);
  const withheld = log.grids.filter((g) => g.bins_per_side === null).map((g) => label(g.measure));
  const parts = [
    ...drawn,
    ...(withheld.length ? [`withheld, because even 2 × 2 bins would show fewer than ${log.min_cell} people: ${withheld.join(', ')} (the reliable change counts summarise ${withheld.length === 1 ? 'it' : 'them'})`] : []),
  ];
  return `<tr><th>Jacobson–Truax grids</th><td>${parts.join('; ')}.</td></tr>`;
}

/** Values withheld by section and reason, from the log; without it, the totals by section. */
function bySectionTable(results: Results, log: DisclosureLog | null): string {
  if (log) {
    const rows = Object.entries(log.withheld_fields)
      .filter(([, n]) => n.low + n.c > 0)
      .map(([section, n]) => `<tr><td>${escapeHtml(SECTION_WORDS[section] ?? section)}</td><td>${n.low}</td><td>${n.c}</td></tr>`)
      .join('');
    return rows ? `<table class="small"><thead><tr><th>Section</th><th>[low]</th><th>[c]</th></tr></thead><tbody>${rows}</tbody></table>` : '';
  }
  const rows = Object.entries(results.disclosure.suppressed_by_section)
    .filter(([, n]) => n > 0)
    .map(([section, n]) => `<tr><td>${escapeHtml(SECTION_WORDS[section] ?? section)}</td><td>${n}</td></tr>`)
    .join('');
  return rows ? `<table class="small"><thead><tr><th>Section</th><th>Values withheld</th></tr></thead><tbody>${rows}</tbody></table>` : '';
}

/** The withheld cells: identity, mark, rule and attacker's range, never a value. */
function withheldCellsTable(log: DisclosureLog): string {
  const cells = log.withheld_cells;
  if (!cells.length) return '<p>No count was withheld.</p>';
  const rows = cells
    .map((c) => `<tr><td class="text cell-id">${escapeHtml(c.cell)}</td><td class="withheld">[${escapeHtml(c.reason)}]</td><td class="text">${escapeHtml(c.rule)}</td>${c.upper !== null && c.lower === c.upper ? '<td class="not-publishable">' : '<td>'}${escapeHtml(rangeText(c.lower, c.upper))}</td></tr>`)
    .join('');
  return `<details><summary>${plural(cells.length, 'withheld count', 'withheld counts')}: what each counts, its mark, the rule that withheld it, and the range an attacker could narrow it to (never its value)</summary><table class="small withheld-cells"><thead><tr><th>Count (cell)</th><th>Mark</th><th>Rule</th><th>Attacker's range</th></tr></thead><tbody>${rows}</tbody></table><p class="footnote">${escapeHtml(withheldKey(log.min_cell))}. The ranges are from every published figure (non-negative whole numbers, and what the marks say).</p></details>`;
}

/** The "Disclosure control" section (without its heading). */
export function disclosureSection(results: Results, log: DisclosureLog | null): string {
  const d = results.disclosure;
  const publishable = d.publishable
    ? `yes: min_cell ${d.min_cell} is at least ${PUBLISHABLE_MIN_CELL}.`
    : d.unregistered
      ? '<strong class="not-publishable">no — NOT FOR PUBLICATION</strong>: the database was read-only, so this run is not in the release register and later releases could not be checked against it.'
      : `<strong class="not-publishable">no — NOT FOR PUBLICATION</strong>: min_cell ${d.min_cell} is below ${PUBLISHABLE_MIN_CELL}; this output is for private analysis only.`;
  const facts = [
    `<tr><th>Threshold (min_cell)</th><td>${d.min_cell}: no figure concerns, or lets anyone work out, fewer than ${d.min_cell} people.</td></tr>`,
    `<tr><th>May be published</th><td>${publishable}</td></tr>`,
    `<tr><th>Release</th><td>${escapeHtml(releaseText(results, log))}</td></tr>`,
    `<tr><th>Values withheld</th><td>${plural(d.suppressed_by_reason.low, 'value', 'values')} as <span class="withheld">[low]</span> (fewer than ${d.min_cell} people, or too few for a model) and ${plural(d.suppressed_by_reason.c, 'value', 'values')} as <span class="withheld">[c]</span> (withheld to protect another figure).</td></tr>`,
    `<tr><th>Narrowest protection interval</th><td>${narrowestText(results, log)}</td></tr>`,
    ...(log
      ? [
          `<tr><th>Linked table</th><td>${plural(log.table.cells, 'count', 'counts')} (${log.table.published.toLocaleString('en-GB')} printed, ${log.table.implied.toLocaleString('en-GB')} implied) tied by ${plural(log.table.relations, 'relation', 'relations')}; ${plural(log.table.linkage_mismatches, 'linkage mismatch', 'linkage mismatches')}.</td></tr>`,
          gridsText(results, log),
          ...(log.at_label_limit.length
            ? [`<tr><th>Ranges at the marks' limit</th><td>${plural(log.at_label_limit.length, 'count has', 'counts have')} a range narrower than ${log.min_cell} values only because of what the marks themselves say (a part of a [low] total, or a [c] count made of [low] parts); withholding more would not widen ${log.at_label_limit.length === 1 ? 'it' : 'them'}.</td></tr>`]
            : []),
          `<tr><th>Counts left unprotected</th><td>${log.unprotected.length ? `<strong class="not-publishable">${log.unprotected.length}</strong>: ${log.unprotected.map(escapeHtml).join('; ')}` : 'none'}</td></tr>`,
        ]
      : []),
  ].join('');
  const rules = log
    ? `<h3>Rules applied</h3><ul class="rules">${log.rules.map((r) => `<li><strong>${escapeHtml(r.rule.replace(/_/g, ' '))}</strong>: ${escapeHtml(r.what)}</li>`).join('')}</ul>`
    : '<p>The output checker\'s log (disclosure-log.json), with the rules applied and every withheld count, was not written with this report; the figures above are from results.json. The rules are in docs/disclosure.md.</p>';
  const cells = log ? `<h3>Withheld counts</h3>${withheldCellsTable(log)}` : '';
  return `<p>Disclosure control ran before anything was written. Every count of people in the report is a cell of one linked table; counts and statistics that could reveal fewer than ${d.min_cell} people are withheld and marked where they would be. The full log for an output checker is in disclosure-log.json.</p>
<table class="facts"><tbody>${facts}</tbody></table>
${bySectionTable(results, log)}
${rules}
${cells}`;
}
