/**
 * report.html: one self-contained file that opens offline with no network request. Charts
 * are SVG rendered in Node and inlined; there is no script. It holds the summary in plain
 * words, the charts, tables with the same numbers, the methods generated from what was
 * run, the limitations, and what disclosure control withheld and why ([low] and [c] marks, the
 * disclosure control section, and a "not for publication" stamp when min_cell is below 10).
 * Text from the data is escaped.
 */
import type { DisclosureLog } from '../disclosure/discloseResults.ts';
import type { Results } from '../../schemas/results.ts';
import { withheldKey } from '../charts/suppression.ts';
import { cellReason, cellText, type ResultTable } from '../tables/resultTables.ts';
import { disclosureSection, publicationStamp, stampText } from './disclosureSection.ts';
import { escapeHtml } from './escapeHtml.ts';
import { limitationsSection } from './limitations.ts';
import { methodsSection } from './methods.ts';
import { summarySection } from './summary.ts';
import { headlineSection } from './headline.ts';

export interface RenderedChart {
  id: string;
  title: string;
  /** What the chart shows, in sentences, printed under its title (empty when none). */
  caption: string;
  /** The picture, or null when there is nothing publishable to draw. */
  svg: string | null;
  /** Why there is no picture, in one line. */
  reason: string | null;
  /** Statements shown as a list in place of a picture. */
  notes: readonly { label: string; text: string }[];
}

/** The table of contents after the headline: each section, and under Charts and Tables each chart and table by its title. */
function contentsHtml(charts: readonly RenderedChart[], tables: readonly ResultTable[]): string {
  const link = (href: string, text: string) => `<a href="#${escapeHtml(href)}">${escapeHtml(text)}</a>`;
  const list = (items: string[]) => `<ol>${items.map((i) => `<li>${i}</li>`).join('')}</ol>`;
  return `<nav class="toc" aria-label="Contents">${list([
    link('summary', 'Summary'),
    `${link('charts', 'Charts')}${list(charts.map((c) => `${link(`chart-${c.id}`, c.title)}${c.svg === null ? ' <span class="toc-note">(nothing to draw yet)</span>' : ''}`))}`,
    `${link('tables', 'Tables')}${list(tables.map((t) => link(`table-${t.id}`, t.title)))}`,
    link('methods', 'Methods'),
    link('limitations', 'Limitations'),
    link('disclosure', 'Disclosure control'),
  ])}</nav>`;
}

/** How much larger than drawn a chart may be shown, to fill the page's width. */
const MOST_ENLARGED = 1.5;

/** One chart as a figure: its title and sentences in HTML, then the picture, or the line that says why there is none. */
function figureHtml(c: RenderedChart): string {
  const id = `chart-${escapeHtml(c.id)}`;
  const caption = c.caption ? `<p class="chart-caption">${escapeHtml(c.caption)}</p>` : '';
  if (c.svg !== null) {
    // The picture fills the width it has, up to half as large again as drawn (Vega's small type stays readable, and no chart sits in half the page).
    const drawn = Number(/<svg[^>]*\swidth="([\d.]+)"/.exec(c.svg)?.[1] ?? 0);
    const most = drawn > 0 ? ` style="max-width:${Math.round(drawn * MOST_ENLARGED)}px"` : '';
    return `<figure id="${id}" class="chart"><figcaption>${escapeHtml(c.title)}</figcaption>${caption}<div class="chart-picture"${most}>${c.svg}</div></figure>`;
  }
  const notes = c.notes.length ? `<ul class="chart-notes">${c.notes.map((n) => `<li><strong>${escapeHtml(n.label)}</strong>: ${escapeHtml(n.text)}</li>`).join('')}</ul>` : '';
  const reason = c.reason ? `<p class="chart-empty-reason">${escapeHtml(c.reason)}</p>` : '';
  return `<figure id="${id}" class="chart-empty"><figcaption>${escapeHtml(c.title)}</figcaption>${reason}${notes}</figure>`;
}

const STYLE = `
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;max-width:1100px;margin:0 auto;padding:24px;overflow-wrap:break-word}
h1{font-size:1.8em;margin-bottom:0}h2{border-bottom:2px solid #1d70b8;padding-bottom:4px;margin-top:2em}
.subtitle{color:#505a5f;margin-top:4px}header nav a{margin-right:1em;display:inline-block}
figure{margin:1.5em 0;padding:12px;border:1px solid #d8dde0;border-radius:6px;overflow-x:auto}
figcaption{font-weight:600;margin-bottom:4px}.chart-caption{margin:0 0 8px;color:#333;font-size:14px}
.chart-picture svg{display:block;width:100%;height:auto}
figure.chart-empty{background:#f8f8f8}.chart-empty-reason{margin:0;color:#333}.chart-notes{margin:4px 0;padding-left:1.2em;font-size:14px}
.table-scroll{overflow-x:auto;max-width:100%}.table-scroll table{margin:8px 0}.table-scroll td{white-space:nowrap}.table-scroll th{min-width:4em}.table-scroll td.text{white-space:normal;min-width:10em;max-width:22em}.table-scroll td.text:first-child{min-width:16em}
.table-scroll th:first-child,.table-scroll td:first-child{position:sticky;left:0;background:#fff;z-index:1;box-shadow:1px 0 0 #d8dde0}.table-scroll th:first-child{background:#f3f2f1}
nav.toc ol{margin:4px 0;padding-left:1.4em}.toc-note{color:#505a5f;font-size:13px}nav.toc>ol>li{margin:4px 0}nav.toc ol ol{font-size:14px;columns:2 24em;column-gap:2em}
@media (max-width:900px){.say{grid-template-columns:1fr}table.facts th{white-space:normal}body{padding:12px}}
table{border-collapse:collapse;margin:8px 0 20px;font-size:13px}th,td{border:1px solid #d8dde0;padding:3px 6px;text-align:right}
th{background:#f3f2f1}td:first-child,th:first-child,td.text,th.text{text-align:left}
table.small{font-size:12px}.finding{background:#f8f8f8;border-left:4px solid #1d70b8;padding:4px 16px;margin:12px 0}
.withheld{color:#505a5f;font-style:italic}details{margin:8px 0}
.footnote{font-size:12px;color:#505a5f;margin:-14px 0 20px}
table.facts{font-size:14px;max-width:100%}table.extract caption{text-align:left;font-weight:600;padding-bottom:4px}table.extract ul{margin:0;padding-left:1.2em}table.facts th{text-align:left;vertical-align:top;white-space:nowrap}table.facts td{text-align:left}
.withheld-cells th{text-align:left}.withheld-cells td.cell-id{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:11px;overflow-wrap:anywhere}.withheld-cells td.withheld{text-align:center}.withheld-cells td:last-child,.withheld-cells th:last-child{white-space:nowrap}
ul.rules li{margin-bottom:4px}
.headline-comparison{border:1px solid #d8dde0;border-top:4px solid #1d70b8;border-radius:4px;padding:4px 16px 12px;margin:16px 0}
table.headline{font-size:14px}table.headline th[scope=row]{text-align:left;font-weight:400;background:none;max-width:22em}
ul.verdicts{list-style:none;padding-left:0}ul.verdicts li{margin:6px 0}
.verdict{display:inline-block;min-width:9.5em;padding:0 6px;margin-right:6px;border-radius:3px;font-weight:700;font-size:13px;text-align:center;color:#fff;background:#505a5f}
.verdict-superior{background:#00703c}.verdict-non_inferior{background:#1d70b8}.verdict-inferior{background:#b10e1e}.verdict-inconclusive{background:#6f4f00}.verdict-not_assessable{background:#505a5f}
.say{display:grid;grid-template-columns:1fr 1fr;gap:16px}.say h4{margin:8px 0 0}.say p{margin:4px 0}
.flag{border-left:4px solid #f47738;background:#fff7f0;padding:6px 12px}.not-publishable{color:#b10e1e}
.stamp{margin:0 0 16px;padding:10px 16px;border:3px solid #b10e1e;background:#fdecea;color:#b10e1e;font-weight:700;font-size:1.15em;text-align:center;letter-spacing:.02em}
.stamp span{font-weight:400;font-size:.8em;color:#1b1b1b;letter-spacing:0}
.print-stamp{display:none}
table.print-frame,.print-frame>*,.print-frame>*>tr,.print-frame>*>tr>td{display:block;margin:0;padding:0;border:0;font-size:inherit;text-align:left;background:none}
.print-frame>thead,.print-frame>tfoot{display:none}
@media print{
body{max-width:none;padding:0}header nav{display:none}figure,tr{break-inside:avoid}figure{overflow:visible}figure svg{max-width:100%;height:auto}
.table-scroll{overflow:visible}.table-scroll th:first-child,.table-scroll td:first-child{position:static;box-shadow:none}.chart-picture{max-width:100%!important}nav.toc ol ol{columns:1}
table{font-size:8px}th,td{padding:1px 3px}table.facts{font-size:11px}
.print-stamp{display:block;position:fixed;left:0;right:0;height:8mm;line-height:8mm;text-align:center;font-weight:700;font-size:12px;color:#b10e1e;background:#fff;border:2px solid #b10e1e}
.print-stamp-head{top:0}.print-stamp-foot{bottom:0}
table.print-frame{display:table;width:100%;table-layout:fixed}.print-frame>thead{display:table-header-group}.print-frame>tfoot{display:table-footer-group}
.print-frame>tbody{display:table-row-group}.print-frame>*>tr{display:table-row}.print-frame>*>tr>td{display:table-cell}.print-space{height:11mm}
}
`;

function tableHtml(table: ResultTable, minCell: number): string {
  const head = table.columns.map((c) => `<th${c.kind === 'text' ? ' class="text"' : ''}>${escapeHtml(c.label)}</th>`).join('');
  let marked = false;
  const body = table.rows
    .map(
      (row) =>
        `<tr>${table.columns
          .map((c) => {
            const withheld = cellReason(row, c) !== null;
            marked ||= withheld;
            const cls = [c.kind === 'text' ? 'text' : '', withheld ? 'withheld' : ''].filter(Boolean).join(' ');
            return `<td${cls ? ` class="${cls}"` : ''}>${escapeHtml(cellText(row, c))}</td>`;
          })
          .join('')}</tr>`,
    )
    .join('');
  const footnote = marked ? `<p class="footnote">${escapeHtml(withheldKey(minCell))}</p>` : '';
  return `<details open id="table-${escapeHtml(table.id)}"><summary>${escapeHtml(table.title)} (${table.rows.length} rows; also in tables/${escapeHtml(table.id)}.csv)</summary><div class="table-scroll" tabindex="0" role="region" aria-label="${escapeHtml(table.title)}"><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>${footnote}</details>`;
}

/**
 * The report page. `log` is disclosure control's log for the output checker; without it
 * the disclosure section summarises `results.disclosure`. An output that may not be published
 * (min_cell below 10) is stamped at the top and on every printed page.
 */
export function reportHtml(results: Results, charts: readonly RenderedChart[], tables: readonly ResultTable[], software: Record<string, string>, log: DisclosureLog | null = null): string {
  const plan = results.plan as { title: string };
  const minCell = results.disclosure.min_cell;
  const publishable = results.disclosure.publishable;
  const figures = charts.map(figureHtml).join('\n');
  const content = `<header><h1>${escapeHtml(plan.title)}</h1>
<p class="subtitle">An evaluation of probation programmes by progeval ${escapeHtml(results.progeval_version)}, from ${results.data.batches.length} load batch(es) of an anonymised extract (data contract ${escapeHtml(results.contract_version)}).</p>
<nav aria-label="Sections"><a href="#headline">Headline</a><a href="#contents">Contents</a><a href="#summary">Summary</a><a href="#charts">Charts</a><a href="#tables">Tables</a><a href="#methods">Methods</a><a href="#limitations">Limitations</a><a href="#disclosure">Disclosure control</a></nav></header>
<main>
<h2 id="headline">Headline: do they do at least as well?</h2>
${headlineSection(results)}
<h2 id="contents">Contents</h2>
${contentsHtml(charts, tables)}
<h2 id="summary">Summary</h2>
${summarySection(results)}
<h2 id="charts">Charts</h2>
${figures}
<h2 id="tables">Tables</h2>
<p>Values withheld to protect people's identities show as <span class="withheld">[low]</span> (fewer than ${minCell} people, or too few for a model) or <span class="withheld">[c]</span> (withheld, although not small, to protect another figure); – marks a value that could not be computed. See <a href="#disclosure">Disclosure control</a>.</p>
${tables.map((t) => tableHtml(t, minCell)).join('\n')}
<h2 id="methods">Methods</h2>
${methodsSection(results, software)}
<h2 id="limitations">Limitations</h2>
${limitationsSection(results)}
<h2 id="disclosure">Disclosure control</h2>
${disclosureSection(results, log)}
</main>`;
  // Printed, the stamp's header and footer are fixed to every page; the frame's header and
  // footer groups (repeated on every page, like a table's thead and tfoot) keep the content
  // clear of them.
  const stamp = publicationStamp(results);
  const body = publishable
    ? content
    : `${stamp.printed}
<table class="print-frame" role="presentation"><thead><tr><td><div class="print-space"></div></td></tr></thead><tfoot><tr><td><div class="print-space"></div></td></tr></tfoot><tbody><tr><td>
${stamp.banner}
${content}
</td></tr></tbody></table>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${publishable ? '' : `${escapeHtml(stampText(results))}: `}${escapeHtml(plan.title)} — progeval report</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}
