/**
 * Change in attitude scores from before to after the programme: a forest plot per
 * comparison, one panel per measure, one row per level.
 */
import type { ChangeRecord, Results } from '../../schemas/results.ts';
import { chartTitle } from './chartTitle.ts';
import { chartId, VEGA_LITE_SCHEMA, type ChartSpec } from './chartSpec.ts';
import { emptyChart } from './emptyChart.ts';
import { forestPanel, type ForestRow } from './forest.ts';
import { comparisonName, levelColour, levelLabel, orderLevels } from './levels.ts';
import { improvementSide, measureInfo } from './measures.ts';
import { countOmitted, missingLabel, nothingToDraw, omissionLines } from './suppression.ts';

interface ChangeRow extends ForestRow {
  measure: string;
  panel: string;
  level_label: string;
  n: number | null;
}

/** One forest row: the level (with n) and its mean change and CI, or why it is missing. */
function changeRow(results: Results, record: ChangeRecord): ChangeRow {
  const info = measureInfo(results, record.measure);
  const n = record.n === null ? '' : ` (n=${record.n})`;
  return {
    measure: record.measure,
    panel: `${info.label}: ${improvementSide(record.direction)}`,
    row: `${levelLabel(record.level)}${n}`,
    level_label: levelLabel(record.level),
    n: record.n,
    estimate: record.mean_change,
    ci_low: record.mean_change === null ? null : record.ci_low,
    ci_high: record.mean_change === null ? null : record.ci_high,
    missing: record.mean_change === null ? missingLabel(record, 'mean_change') : '',
  };
}

/** One comparison's forest plot of mean change. */
function changeChart(results: Results, comparison: string, records: readonly ChangeRecord[]): ChartSpec {
  const levels = orderLevels(results, comparison, records.map((r) => r.level));
  const measures = [...new Set(records.map((r) => r.measure))];
  const sorted = measures.flatMap((m) => levels.flatMap((l) => records.filter((r) => r.measure === m && r.level === l)));
  const rows = sorted.map((r) => changeRow(results, r));
  const style = {
    color: levelColour(results, comparison, levels),
    xTitle: 'Change in score (after − before)',
    reference: 0,
    tooltip: [{ field: 'n', title: 'People with both scores' }],
  };
  const title = `Change in attitude scores: ${comparisonName(results, comparison)}`;
  if (records.every((r) => r.mean_change === null)) return emptyChart(chartId('change', comparison), title, nothingToDraw(results, countOmitted(records, ['mean_change']), ['change', 'changes']));
  const subtitle = [
    'Mean change from before to after the programme (after − before, in score points), with 95% confidence intervals.',
    'Each panel says which direction is improvement for that measure. An interval crossing the dashed line at 0 is consistent with no change.',
    ...omissionLines(results, countOmitted(records, ['mean_change']), ['estimate', 'estimates']),
  ];
  return {
    id: chartId('change', comparison),
    title,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: chartTitle(title, subtitle),
      vconcat: measures.map((m) => {
        const panelRows = rows.filter((r) => r.measure === m);
        return forestPanel(panelRows[0]?.panel ?? m, panelRows, style);
      }),
      resolve: { scale: { x: 'independent' } },
    },
  };
}

/**
 * Mean change in each attitude measure from before to after the programme, one forest plot
 * per comparison: a panel per measure (its heading says whether a fall or a rise is
 * improvement), a row per level with its n, the point the mean change and the line its 95%
 * confidence interval, with a dashed line at no change. Treatment blue, reference orange.
 * Measures have their own scales (score points differ between measures). A level whose
 * change is withheld or not estimable keeps its row with a grey note instead of a point: [low] or [c] when withheld, else
 * "not estimable".
 */
export function changeForestChart(results: Results): ChartSpec[] {
  const change = results.attitudes.change;
  if (!change.length) return [emptyChart('change', 'Change in attitude scores', 'No attitude change results: no one had scores both before and after.')];
  const comparisons = [...new Set(change.map((r) => r.comparison))];
  return comparisons.map((c) => changeChart(results, c, change.filter((r) => r.comparison === c)));
}
