/**
 * Writes everything a run publishes into OUT/: results.json (validated against its schema
 * first), report.html, charts/*.vl.json (vega-lite with data inline, for the Vega Editor)
 * and charts/*.svg (named and described for screen readers), tables/*.csv, and manifest.json
 * (every file with its SHA-256). A chart with nothing publishable to draw writes no files: the
 * report prints the line that says why. It is given results that have already been through
 * disclosure control; it never reads the database.
 *
 * Every file goes through a PendingOutput (reports/output/outputFolder.ts): written in a
 * temporary folder beside OUT and swapped in whole, so OUT never holds a half-written report.
 * Given a PendingOutput, writeReport only writes the files and the caller completes and
 * commits it (the CLI records the release register in between); given a folder, it does all
 * of it.
 */
import { stringify } from 'csv-stringify/sync';
import { resultsSchema, type DisclosedResults } from '../schemas/results.ts';
import type { DisclosureLog } from './disclosure/discloseResults.ts';
import { allCharts } from './charts/index.ts';
import { reportHtml, type RenderedChart } from './html/reportHtml.ts';
import { claimOutput, openOutput, type PendingOutput } from './output/outputFolder.ts';
import { accessibleSvg } from './render/accessibleSvg.ts';
import { keyNumbers } from './render/keyNumbers.ts';
import { renderSvg } from './render/renderSvg.ts';
import { splitTitle } from './render/splitTitle.ts';
import { cellText, resultTables } from './tables/resultTables.ts';

export interface WrittenReport {
  report: string;
  results: string;
  log: string;
  charts: string[];
  tables: string[];
}

export async function writeReport(
  target: string | PendingOutput,
  disclosed: DisclosedResults,
  software: Record<string, string>,
  onStep: (step: string) => void = () => {},
  log: DisclosureLog | null = null,
): Promise<WrittenReport> {
  if (typeof target === 'string') {
    const output = openOutput(claimOutput(target));
    try {
      const written = await writeReport(output, disclosed, software, onStep, log);
      output.complete();
      output.commit();
      return written;
    } finally {
      output.discard();
    }
  }
  const output = target;
  const results = resultsSchema.parse(disclosed);
  const resultsFile = output.write('results.json', `${JSON.stringify(results, null, 2)}\n`);
  const logFile = log ? output.write('disclosure-log.json', `${JSON.stringify(log, null, 2)}\n`) : output.finalPath('disclosure-log.json');

  onStep('drawing the charts');
  const rendered: RenderedChart[] = [];
  const chartFiles: string[] = [];
  for (const chart of allCharts(results)) {
    // Nothing publishable to draw: the report says why in a line, and no picture is written.
    if (chart.reason !== undefined || chart.notes !== undefined) {
      rendered.push({ id: chart.id, title: chart.title, caption: '', svg: null, reason: chart.reason ?? null, notes: chart.notes ?? [] });
      continue;
    }
    const { bare, heading, caption } = splitTitle(chart.spec);
    const description = [caption || heading || chart.title, keyNumbers(chart.spec, `charts/${chart.id}.vl.json`)].filter(Boolean).join(' ');
    // The SVG file stands alone, so it keeps its title; in the report the figure's caption
    // (HTML, which reflows) carries the title and its sentences, so the picture has none.
    const svg = accessibleSvg(await renderSvg(chart.spec), chart.id, chart.title, description);
    output.write(`charts/${chart.id}.vl.json`, `${JSON.stringify(chart.spec, null, 2)}\n`);
    chartFiles.push(output.write(`charts/${chart.id}.svg`, svg));
    const inline = accessibleSvg(await renderSvg(bare), `chart-${chart.id}`, chart.title, description);
    rendered.push({ id: chart.id, title: chart.title, caption, svg: inline, reason: null, notes: [] });
  }

  const tables = resultTables(results);
  const tableFiles = tables.map((table) => {
    const rows = table.rows.map((row) => table.columns.map((c) => cellText(row, c, true)));
    return output.write(`tables/${table.id}.csv`, stringify([table.columns.map((c) => c.key), ...rows]));
  });

  onStep('writing the report');
  const report = output.write('report.html', reportHtml(results, rendered, tables, software, log));
  return { report, results: resultsFile, log: logFile, charts: chartFiles, tables: tableFiles };
}
