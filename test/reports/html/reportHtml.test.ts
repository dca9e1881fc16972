import { describe, expect, it } from 'vitest';
import { reportHtml } from '../../../reports/html/reportHtml.ts';
import { cellText, resultTables, type ResultTable } from '../../../reports/tables/resultTables.ts';
import { sampleLog, SAMPLE_WITHHELD_CELLS, sampleResults } from '../support/sampleResults.ts';

const SOFTWARE = { progeval: '0.1.0' };
const FOOTNOTE = '[low] fewer than 10 people (or too few for a model) · [c] withheld to protect another figure';

/** The HTML of one table's <details> block, by its CSV id. */
function tableBlock(html: string, id: string): string {
  const end = html.indexOf(`also in tables/${id}.csv`);
  const start = html.lastIndexOf('<details', end);
  return html.slice(start, html.indexOf('</details>', end) + '</details>'.length);
}

/** The HTML of the disclosure section. */
function disclosureBlock(html: string): string {
  return html.slice(html.indexOf('<h2 id="disclosure">'), html.indexOf('</body>'));
}

const table = (tables: ResultTable[], id: string) => tables.find((t) => t.id === id)!;

describe('report tables', () => {
  it('print a withheld value as [low] or [c] from suppressed_reason, in HTML and CSV alike', () => {
    const results = sampleResults();
    const flow = table(resultTables(results), 'participant_flow');
    const band3 = flow.rows.find((r) => r['comparison'] === 'band' && r['level'] === 'band_3')!;
    const bc = flow.rows.find((r) => r['comparison'] === 'programme' && r['level'] === 'building_choices')!;
    const column = (key: string) => flow.columns.find((c) => c.key === key)!;
    expect(cellText(band3, column('completed'))).toBe('[c]');
    expect(cellText(band3, column('completed'), true)).toBe('[c]');
    expect(cellText(bc, column('classed_24'))).toBe('[low]');
    expect(cellText(bc, column('classed_24'), true)).toBe('[low]');
    expect(cellText(bc, column('referred'))).toBe(String(bc['referred']));
  });

  it('read [low] when a path is withheld without a reason, and a parent withholds its fields', () => {
    const results = sampleResults();
    const change = table(resultTables(results), 'attitude_change');
    const row: Record<string, unknown> = { ...change.rows[0]!, rci_improved: null, suppressed: ['rci'], suppressed_reason: {} };
    expect(cellText(row, change.columns.find((c) => c.key === 'rci_improved')!)).toBe('[low]');
    const reasoned = { ...row, suppressed_reason: { rci: 'c' as const } };
    expect(cellText(reasoned, change.columns.find((c) => c.key === 'rci_deteriorated')!)).toBe('[c]');
    expect(cellText(reasoned, change.columns.find((c) => c.key === 'n')!)).toBe(String(row['n']));
  });

  it('take the kind of a column from the schema: counts of people are counts, the rest numbers', () => {
    const tables = resultTables(sampleResults());
    const kind = (id: string, key: string) => table(tables, id).columns.find((c) => c.key === key)!.kind;
    expect(kind('reoffending_rates', 'n')).toBe('count');
    expect(kind('reoffending_rates', 'reoffended')).toBe('count');
    expect(kind('reoffending_rates', 'offences_per_100')).toBe('number');
    expect(kind('participant_flow', 'classed_12')).toBe('count');
    expect(kind('attitude_change', 'rci_improved')).toBe('count');
    expect(kind('attitude_change', 'pre_only')).toBe('count');
    expect(kind('attitude_change', 'mean_change')).toBe('number');
    expect(kind('ancova', 'n')).toBe('count');
    expect(kind('ancova', 'clusters')).toBe('integer');
    expect(kind('matching_balance', 'smd_after')).toBe('number');
    expect(kind('monitoring_regions', 'observed')).toBe('count');
    expect(kind('monitoring_regions', 'expected')).toBe('number');
  });
});

describe('reportHtml', () => {
  it('marks withheld cells [low] and [c], with the footnote under every table that shows a mark and no other', () => {
    const results = sampleResults();
    const html = reportHtml(results, [], resultTables(results), SOFTWARE, sampleLog(results));
    const flow = tableBlock(html, 'participant_flow');
    expect(flow).toContain('<td class="withheld">[c]</td>');
    expect(flow).toContain('<td class="withheld">[low]</td>');
    expect(flow).toContain(`<p class="footnote">${FOOTNOTE}</p>`);
    expect(tableBlock(html, 'monitoring_regions')).toContain('<td class="withheld">[c]</td>');
    expect(tableBlock(html, 'cox')).not.toContain('class="footnote"');
    for (const t of resultTables(results)) {
      const block = tableBlock(html, t.id);
      expect(block.includes('class="withheld"'), t.id).toBe(block.includes(FOOTNOTE));
    }
  });

  it('never prints <10, nor a bare "suppressed", for a withheld value', () => {
    const results = sampleResults();
    for (const log of [sampleLog(results), null]) {
      const html = reportHtml(results, [], resultTables(results), SOFTWARE, log);
      expect(html).not.toMatch(/&lt;10|<10/);
      expect(html).not.toMatch(/>suppressed</);
    }
  });

  it('has a Disclosure control section after the limitations, with the facts an output checker needs', () => {
    const results = sampleResults();
    const html = reportHtml(results, [], resultTables(results), SOFTWARE, sampleLog(results));
    expect(html.indexOf('<h2 id="disclosure">Disclosure control</h2>')).toBeGreaterThan(html.indexOf('<h2 id="limitations">'));
    expect(html).toContain('<a href="#disclosure">Disclosure control</a>');
    const section = disclosureBlock(html);
    expect(section).toContain('<th>Threshold (min_cell)</th><td>10:');
    expect(section).toContain('<th>May be published</th><td>yes');
    expect(section).toContain('Register 3, checked against 412 counts published by earlier runs; 2 counts were withheld as [c] against it.');
    expect(section).toMatch(/71 values as <span class="withheld">\[low\]<\/span>.*14 values as <span class="withheld">\[c\]<\/span>/);
    expect(section).toContain('An attacker using every published figure can narrow the least protected count to 10 to 19 (10 values).');
    // The count's identity is for the output checker: folded away, in the log's terms.
    expect(section).toContain('<details class="cell-identity"><summary>which count</summary><code>level|facilitator_band=band_3|completed</code></details>');
    expect(section).toContain('<li><strong>threshold</strong>: A count of people from 1 to min_cell − 1 is withheld ([low]).</li>');
    expect(section).toContain('<li><strong>protection interval</strong>:');
    expect(section).toContain('Self-management and problem solving: 5 bins a side');
    expect(section).toContain('withheld, because even 2 × 2 bins would show fewer than 10 people: Victim empathy distortions');
  });

  it('lists the withheld cells by identity, mark, rule and range, never by value, with data text escaped', () => {
    const results = sampleResults();
    const section = disclosureBlock(reportHtml(results, [], resultTables(results), SOFTWARE, sampleLog(results)));
    const start = section.indexOf('<details>');
    const details = section.slice(start, section.indexOf('</details>', start));
    expect(details).toContain('<summary>3 withheld counts: ');
    expect(details).toContain('<th>Count (cell)</th><th>Mark</th><th>Rule</th><th>Attacker\'s range</th>');
    const rows = [...details.matchAll(/<tr><td class="text cell-id">(.*?)<\/td><td class="withheld">(.*?)<\/td><td class="text">(.*?)<\/td><td>(.*?)<\/td><\/tr>/g)].map((m) => m.slice(1));
    expect(rows).toEqual([
      ['level|facilitator_band=band_3|completed', '[c]', 'differencing', '10 to 19'],
      ['level|programme_family=building_choices|classed|24', '[low]', 'threshold', '0 to 9'],
      ['region|&lt;b&gt;Wales&lt;/b&gt;|n', '[c]', 'protection_interval', '10 or more'],
    ]);
    expect(section).not.toContain('<b>Wales</b>');
    // The values behind the withheld cells are in no row: band 3 completed and BC classed at 24 months.
    const band3Completed = Math.round(Math.round(96 * 1.4) * 0.7);
    expect(details).not.toContain(`>${band3Completed}<`);
    expect(SAMPLE_WITHHELD_CELLS.every((c) => !('value' in c))).toBe(true);
  });

  it('never prints a withheld value through a range of one value: it says the count is determined', () => {
    const results = sampleResults();
    const determined = { ...results, disclosure: { ...results.disclosure, narrowest_interval: { cell: 'level|band=band_3|reoffended', lower: 3, upper: 3, span: 1 } } };
    const log = { ...sampleLog(determined), withheld_cells: [{ cell: 'level|band=band_3|reoffended', places: ['reconviction.rates[4].reoffended'], reason: 'low' as const, rule: 'threshold' as const, lower: 3, upper: 3 }] };
    const section = disclosureBlock(reportHtml(determined, [], resultTables(determined), SOFTWARE, log));
    expect(section).toContain('A withheld count can be worked out exactly by an attacker using every published figure');
    expect(section).toContain('<code>level|band=band_3|reoffended</code>');
    expect(section).toContain('<td class="not-publishable">one value only: worked out exactly from published figures</td>');
    expect(section).not.toMatch(/exactly 3|>3<|3 to 3/);
  });

  it('summarises results.disclosure when there is no log', () => {
    const results = sampleResults();
    const section = disclosureBlock(reportHtml(results, [], resultTables(results), SOFTWARE, null));
    expect(section).toContain('<th>Threshold (min_cell)</th><td>10:');
    expect(section).toContain('Checked against the release register of earlier runs.');
    expect(section).toContain('71 values as');
    expect(section).toContain('<code>level|facilitator_band=band_3|completed</code>');
    expect(section).toContain('was not written with this report');
    // No list of withheld counts without the log (only the narrowest count's identity, folded away).
    expect(section).not.toContain('<details>');
    expect(section).toContain('<th>Values withheld</th>');
  });

  it('stamps a report that may not be published at the top and on every printed page, and no other', () => {
    const stamp = 'NOT FOR PUBLICATION — min_cell 5 is below 10';
    const privateRun = sampleResults({ minCell: 5 });
    expect(privateRun.disclosure.publishable).toBe(false);
    const html = reportHtml(privateRun, [], resultTables(privateRun), SOFTWARE, sampleLog(privateRun));
    const body = html.slice(html.indexOf('<body>'));
    expect(body.indexOf(`<div class="stamp" role="alert">${stamp}`)).toBeLessThan(body.indexOf('<h1>'));
    expect(body.indexOf(`<div class="stamp" role="alert">${stamp}`)).toBeGreaterThan(0);
    expect(body).toContain(`<div class="print-stamp print-stamp-head" aria-hidden="true">${stamp}</div>`);
    expect(body).toContain(`<div class="print-stamp print-stamp-foot" aria-hidden="true">${stamp}</div>`);
    const print = html.slice(html.indexOf('@media print{'), html.indexOf('</style>'));
    expect(print).toMatch(/\.print-stamp\{display:block;position:fixed;/);
    expect(print).toContain('.print-stamp-head{top:0}.print-stamp-foot{bottom:0}');
    expect(html).toMatch(/\.print-stamp\{display:none\}/);
    expect(html).toContain(`<title>${stamp}: `);
    expect(disclosureBlock(html)).toContain('NOT FOR PUBLICATION</strong>: min_cell 5 is below 10');

    const publishable = sampleResults();
    const clean = reportHtml(publishable, [], resultTables(publishable), SOFTWARE, sampleLog(publishable));
    expect(clean).not.toContain('NOT FOR PUBLICATION');
    expect(clean).not.toContain('class="stamp"');
    expect(clean).not.toContain('class="print-stamp');
  });

  it('escapes text from the data, and keeps the Content-Security-Policy and no script', () => {
    const results = sampleResults();
    const hostile = { ...results, plan: { ...(results.plan as object), title: '<script>alert(1)</script>' } };
    const html = reportHtml(hostile, [], resultTables(hostile), SOFTWARE, sampleLog(hostile));
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
  });
});
