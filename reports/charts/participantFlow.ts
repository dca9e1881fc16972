/**
 * Participant flow: how many people reached each stage, from referral to being classed for
 * reoffending follow-up, for the two levels of each comparison.
 */
import type { Results } from '../../schemas/results.ts';
import { chartTitle } from './chartTitle.ts';
import { chartId, VEGA_LITE_SCHEMA, type ChartSpec } from './chartSpec.ts';
import { emptyChart } from './emptyChart.ts';
import { comparisonName, levelColour, levelLabel, orderLevels } from './levels.ts';
import { missingLabel, withheldKey } from './suppression.ts';

type FlowRecord = Results['flow'][number];

/** The label of a count that is missing without having been withheld. */
const NOT_KNOWN = 'not known';

interface FlowRow {
  stage: string;
  level: string;
  level_label: string;
  count: number | null;
  label: string;
}

/** The stages of one flow record in order, each with its count (null when suppressed). */
function stagesOf(record: FlowRecord): { stage: string; count: number | null; field: string }[] {
  return [
    { stage: 'Referred', count: record.referred, field: 'referred' },
    { stage: 'Started', count: record.started, field: 'started' },
    { stage: 'Completed', count: record.completed, field: 'completed' },
    { stage: 'With a score before', count: record.with_pre, field: 'with_pre' },
    { stage: 'With scores before and after', count: record.with_pre_and_post, field: 'with_pre_and_post' },
    ...[...record.classed]
      .sort((a, b) => a.window_months - b.window_months)
      .map((c) => ({ stage: `Followed up for ${c.window_months} months`, count: c.n, field: `classed.${c.window_months}.n` })),
  ];
}

/**
 * The chart rows of one record: the count, and its share of those referred, as a label; a
 * count withheld by disclosure control is labelled with its mark, [low] or [c].
 */
function flowRows(record: FlowRecord): FlowRow[] {
  return stagesOf(record).map(({ stage, count, field }) => {
    const share = count !== null && record.referred ? ` (${Math.round((100 * count) / record.referred)}%)` : '';
    return {
      stage,
      level: record.level,
      level_label: levelLabel(record.level),
      count,
      label: count === null ? missingLabel(record, field, NOT_KNOWN) : `${count.toLocaleString('en-GB')}${share}`,
    };
  });
}

/** One comparison's flow chart. */
function flowChart(results: Results, comparison: string, records: readonly FlowRecord[]): ChartSpec {
  const levels = orderLevels(results, comparison, records.map((r) => r.level));
  const rows = levels.flatMap((level) => records.filter((r) => r.level === level).flatMap((r) => flowRows(r)));
  const stages = [...new Set(rows.map((r) => r.stage))];
  const missing = rows.filter((r) => r.count === null).length;
  const title = `Participant flow: ${comparisonName(results, comparison)}`;
  const subtitle = [
    'People at each stage, from referral to reoffending follow-up. Percentages are of those referred.',
    ...(missing ? [`${missing === 1 ? 'One count is' : `${missing} counts are`} not shown, labelled at the axis: ${withheldKey(results.disclosure.min_cell)}${rows.some((r) => r.label === NOT_KNOWN) ? `; "${NOT_KNOWN}" was not recorded` : ''}.`] : []),
  ];
  const y = { field: 'stage', type: 'nominal' as const, sort: stages, title: null, axis: { labelLimit: 320 } };
  return {
    id: chartId('flow', comparison),
    title,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: chartTitle(title, subtitle),
      data: { values: rows },
      width: 420,
      height: { step: 34 },
      encoding: { y, yOffset: { field: 'level_label', type: 'nominal', sort: levels.map(levelLabel) } },
      layer: [
        {
          transform: [{ filter: 'datum.count != null' }],
          mark: { type: 'bar', height: { band: 0.9 } },
          encoding: {
            x: { field: 'count', type: 'quantitative', title: 'People', axis: { format: ',d' } },
            color: levelColour(results, comparison, levels),
            tooltip: [{ field: 'level_label', title: 'Group' }, { field: 'stage', title: 'Stage' }, { field: 'label', title: 'People' }],
          },
        },
        {
          transform: [{ filter: 'datum.count != null' }],
          mark: { type: 'text', align: 'left', dx: 4, fontSize: 10 },
          encoding: { x: { field: 'count', type: 'quantitative' }, text: { field: 'label' } },
        },
        {
          transform: [{ filter: 'datum.count == null' }],
          mark: { type: 'text', align: 'left', dx: 2, fontSize: 10, fontStyle: 'italic', color: '#555555' },
          encoding: { x: { value: 0 }, text: { field: 'label' } },
        },
      ],
    },
  };
}

/**
 * Participant flow, one chart per comparison: horizontal bars of how many people were
 * referred, started, completed, had attitude scores before (and after) the programme, and
 * were followed up for reoffending over each window; the treatment level blue, the reference
 * orange. Read down the bars to see where people were lost; the labels give the count and
 * its share of those referred. A count suppressed by disclosure control (or not recorded)
 * has no bar and is labelled at the axis with its mark, [low] or [c] ("not known" when it
 * was not recorded).
 */
export function participantFlowChart(results: Results): ChartSpec[] {
  if (!results.flow.length) return [emptyChart('flow', 'Participant flow', 'No participant flow in these results.')];
  const comparisons = [...new Set(results.flow.map((r) => r.comparison))];
  return comparisons.map((c) => flowChart(results, c, results.flow.filter((r) => r.comparison === c)));
}
