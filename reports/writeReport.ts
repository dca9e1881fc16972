/**
 * Writes everything a run publishes into OUT/: results.json (validated against its schema
 * first), report.html, charts/*.vl.json (vega-lite with data inline, for the Vega Editor)
 * and charts/*.svg, and tables/*.csv. It is given results that have already been through
 * disclosure control; it never reads the database.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { resultsSchema, type DisclosedResults } from '../schemas/results.ts';
import type { DisclosureLog } from './disclosure/discloseResults.ts';
import { allCharts } from './charts/index.ts';
import { reportHtml, type RenderedChart } from './html/reportHtml.ts';
import { renderSvg } from './render/renderSvg.ts';
import { cellText, resultTables } from './tables/resultTables.ts';

export interface WrittenReport {
  report: string;
  results: string;
  log: string;
  charts: string[];
  tables: string[];
}

export async function writeReport(
  out: string,
  disclosed: DisclosedResults,
  software: Record<string, string>,
  onStep: (step: string) => void = () => {},
  log: DisclosureLog | null = null,
): Promise<WrittenReport> {
  const results = resultsSchema.parse(disclosed);
  mkdirSync(join(out, 'charts'), { recursive: true });
  mkdirSync(join(out, 'tables'), { recursive: true });
  const resultsFile = join(out, 'results.json');
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  const logFile = join(out, 'disclosure-log.json');
  if (log) writeFileSync(logFile, `${JSON.stringify(log, null, 2)}\n`);

  onStep('drawing the charts');
  const rendered: RenderedChart[] = [];
  const chartFiles: string[] = [];
  for (const chart of allCharts(results)) {
    const svg = await renderSvg(chart.spec);
    writeFileSync(join(out, 'charts', `${chart.id}.vl.json`), `${JSON.stringify(chart.spec, null, 2)}\n`);
    writeFileSync(join(out, 'charts', `${chart.id}.svg`), svg);
    chartFiles.push(join(out, 'charts', `${chart.id}.svg`));
    rendered.push({ id: chart.id, title: chart.title, svg });
  }

  const tables = resultTables(results);
  const tableFiles = tables.map((table) => {
    const file = join(out, 'tables', `${table.id}.csv`);
    const rows = table.rows.map((row) => table.columns.map((c) => cellText(row, c, true)));
    writeFileSync(file, stringify([table.columns.map((c) => c.key), ...rows]));
    return file;
  });

  onStep('writing the report');
  const report = join(out, 'report.html');
  writeFileSync(report, reportHtml(results, rendered, tables, software, log));
  return { report, results: resultsFile, log: logFile, charts: chartFiles, tables: tableFiles };
}
