/**
 * report.html: one self-contained file that opens offline with no network request. Charts
 * are SVG rendered in Node and inlined; there is no script. It holds the summary in plain
 * words, the charts, tables with the same numbers, the methods generated from what was
 * run, and the limitations, including what was suppressed. Text from the data is escaped.
 */
import type { Results } from '../../schemas/results.ts';
import { cellText, type ResultTable } from '../tables/resultTables.ts';
import { escapeHtml } from './escapeHtml.ts';
import { limitationsSection } from './limitations.ts';
import { methodsSection } from './methods.ts';
import { summarySection } from './summary.ts';

export interface RenderedChart {
  id: string;
  title: string;
  svg: string;
}

const STYLE = `
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:1.8em;margin-bottom:0}h2{border-bottom:2px solid #1d70b8;padding-bottom:4px;margin-top:2em}
.subtitle{color:#505a5f;margin-top:4px}nav a{margin-right:1em}
figure{margin:1.5em 0;padding:12px;border:1px solid #d8dde0;border-radius:6px;overflow-x:auto}
figcaption{font-weight:600;margin-bottom:8px}
table{border-collapse:collapse;margin:8px 0 20px;font-size:13px}th,td{border:1px solid #d8dde0;padding:3px 6px;text-align:right}
th{background:#f3f2f1}td:first-child,th:first-child,td.text{text-align:left}
table.small{font-size:12px}.finding{background:#f8f8f8;border-left:4px solid #1d70b8;padding:4px 16px;margin:12px 0}
.suppressed{color:#6f777b;font-style:italic}details{margin:8px 0}
`;

function tableHtml(table: ResultTable, minCell: number): string {
  const head = table.columns.map((c) => `<th>${escapeHtml(c.label)}</th>`).join('');
  const body = table.rows
    .map(
      (row) =>
        `<tr>${table.columns
          .map((c) => {
            const text = cellText(row, c, minCell);
            const cls = [c.kind === 'text' ? 'text' : '', text.startsWith('<') || text === 'suppressed' ? 'suppressed' : ''].filter(Boolean).join(' ');
            return `<td${cls ? ` class="${cls}"` : ''}>${escapeHtml(text)}</td>`;
          })
          .join('')}</tr>`,
    )
    .join('');
  return `<details open><summary>${escapeHtml(table.title)} (${table.rows.length} rows; also in tables/${escapeHtml(table.id)}.csv)</summary><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></details>`;
}

export function reportHtml(results: Results, charts: readonly RenderedChart[], tables: readonly ResultTable[], software: Record<string, string>): string {
  const plan = results.plan as { title: string };
  const minCell = results.disclosure.min_cell;
  const figures = charts
    .map((c) => `<figure id="chart-${escapeHtml(c.id)}" class="chart"><figcaption>${escapeHtml(c.title)}</figcaption>${c.svg}</figure>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(plan.title)} — progeval report</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(plan.title)}</h1>
<p class="subtitle">An evaluation of probation programmes by progeval ${escapeHtml(results.progeval_version)}, from ${results.data.batches.length} load batch(es) of an anonymised extract (data contract ${escapeHtml(results.contract_version)}).</p>
<nav><a href="#summary">Summary</a><a href="#charts">Charts</a><a href="#tables">Tables</a><a href="#methods">Methods</a><a href="#limitations">Limitations</a></nav>
<h2 id="summary">Summary</h2>
${summarySection(results)}
<h2 id="charts">Charts</h2>
${figures}
<h2 id="tables">Tables</h2>
<p>Values withheld to protect people's identities show as <span class="suppressed">&lt;${minCell}</span> (a count) or <span class="suppressed">suppressed</span> (a statistic).</p>
${tables.map((t) => tableHtml(t, minCell)).join('\n')}
<h2 id="methods">Methods</h2>
${methodsSection(results, software)}
<h2 id="limitations">Limitations</h2>
${limitationsSection(results)}
</body>
</html>
`;
}
