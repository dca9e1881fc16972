/**
 * Proven reoffending rates with Wilson 95% confidence intervals, by level and follow-up
 * window, for each comparison and reoffence category.
 */
import type { RateRecord, Results } from '../../schemas/results.ts';
import { chartTitle } from './chartTitle.ts';
import { chartId, VEGA_LITE_SCHEMA, type ChartSpec } from './chartSpec.ts';
import { emptyChart } from './emptyChart.ts';
import { comparisonName, levelColour, levelLabel, orderLevels } from './levels.ts';
import { countOmitted, nothingToDraw, missingLabel, omissionLines } from './suppression.ts';

const CATEGORY_LABELS: Record<RateRecord['category'], string> = { any: 'Any proven reoffence', sexual: 'Sexual reoffence', violent: 'Violent reoffence' };
const CATEGORY_ORDER: RateRecord['category'][] = ['any', 'sexual', 'violent'];
const PANEL_HEIGHT = 220;

/** One point of the chart: a level's rate in a window, or a note saying why it is missing. */
function rateRow(results: Results, r: RateRecord) {
  const missing = r.rate === null ? missingLabel(r, 'rate', 'n/a') : '';
  return {
    window: `${r.window_months} months`,
    level_label: levelLabel(r.level),
    rate: r.rate,
    ci_low: r.rate === null ? null : r.ci_low,
    ci_high: r.rate === null ? null : r.ci_high,
    n: r.n,
    reoffended: r.reoffended,
    label: r.rate === null ? '' : `${(100 * r.rate).toFixed(1)}%`,
    missing,
  };
}

/** One category's panel: windows across, levels side by side within each window. */
function categoryPanel(results: Results, comparison: string, category: RateRecord['category'], records: readonly RateRecord[], levels: string[], yMax: number) {
  const windows = [...new Set([...records].sort((a, b) => a.window_months - b.window_months).map((r) => `${r.window_months} months`))];
  const x = { field: 'window', type: 'nominal' as const, sort: windows, title: 'Follow-up', axis: { labelAngle: 0 } };
  const xOffset = { field: 'level_label', type: 'nominal' as const, sort: levels.map(levelLabel) };
  const y = { type: 'quantitative' as const, title: 'Proportion reoffending', scale: { domain: [0, yMax] }, axis: { format: '.0%' } };
  return {
    title: { text: CATEGORY_LABELS[category], anchor: 'start' as const, fontSize: 12 },
    data: { values: records.map((r) => rateRow(results, r)) },
    width: 200,
    height: PANEL_HEIGHT,
    encoding: { x, xOffset },
    layer: [
      { mark: { type: 'rule' as const, strokeWidth: 2, invalid: 'filter' as const }, encoding: { y: { field: 'ci_low', ...y }, y2: { field: 'ci_high' }, color: levelColour(results, comparison, levels) } },
      {
        mark: { type: 'point' as const, filled: true, size: 70, opacity: 1, invalid: 'filter' as const },
        encoding: {
          y: { field: 'rate', ...y },
          color: levelColour(results, comparison, levels),
          tooltip: [
            { field: 'level_label', title: 'Group' },
            { field: 'window', title: 'Follow-up' },
            { field: 'rate', title: 'Rate', format: '.1%' },
            { field: 'ci_low', title: '95% CI from', format: '.1%' },
            { field: 'ci_high', title: '95% CI to', format: '.1%' },
            { field: 'reoffended', title: 'Reoffended' },
            { field: 'n', title: 'People followed up' },
          ],
        },
      },
      { mark: { type: 'text' as const, align: 'left' as const, dx: 7, fontSize: 9, invalid: 'filter' as const }, encoding: { y: { field: 'rate', ...y }, text: { field: 'label' } } },
      { mark: { type: 'text' as const, fontSize: 8, fontStyle: 'italic', color: '#555555', baseline: 'bottom' as const }, encoding: { y: { value: PANEL_HEIGHT - 4 }, text: { field: 'missing' } } },
    ],
  };
}

/** One comparison's rates: a panel per category, on one shared scale. */
function ratesChart(results: Results, comparison: string, records: readonly RateRecord[]): ChartSpec {
  const levels = orderLevels(results, comparison, records.map((r) => r.level));
  const categories = CATEGORY_ORDER.filter((c) => records.some((r) => r.category === c));
  const highest = Math.max(0.05, ...records.flatMap((r) => [r.ci_high, r.rate]).filter((v): v is number => v !== null));
  const yMax = Math.min(1, Math.ceil(highest * 20) / 20);
  const title = `Proven reoffending: ${comparisonName(results, comparison)}`;
  if (records.every((r) => r.rate === null)) return emptyChart(chartId('rates', comparison), title, nothingToDraw(results, countOmitted(records, ['rate']), ['rate', 'rates']));
  const sentences = [
    'Share of people with a proven reoffence within 12 and 24 months of starting follow-up; the lines are 95% confidence intervals (Wilson).',
    'All panels share one scale. Only people followed up for the whole window count.',
    ...omissionLines(results, countOmitted(records, ['rate']), ['rate', 'rates']),
    ...(records.some((r) => r.rate === null) ? ['At the foot of a panel, [low] or [c] marks a rate withheld to protect identities; n/a one that could not be estimated.'] : []),
  ];
  return {
    id: chartId('rates', comparison),
    title,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: chartTitle(title, sentences),
      hconcat: categories.map((c) => categoryPanel(results, comparison, c, records.filter((r) => r.category === c), levels, yMax)),
      resolve: { scale: { y: 'shared', color: 'shared' } },
    },
  };
}

/**
 * Proven reoffending rates, one chart per comparison: a panel per category (any proven
 * reoffence first, then sexual and violent where present), follow-up windows across, the
 * two levels side by side (treatment blue, reference orange), each rate a point labelled
 * with its percentage and a vertical line for its Wilson 95% CI. All panels share one
 * y scale from 0. A withheld rate is not drawn; [low] or [c] at the foot of the panel marks it.
 */
export function reoffendingRatesChart(results: Results): ChartSpec[] {
  const rates = results.reconviction.rates;
  if (!rates.length) return [emptyChart('rates', 'Proven reoffending', 'No reoffending rates in these results: no one has completed a follow-up window.')];
  const comparisons = [...new Set(rates.map((r) => r.comparison))];
  return comparisons.map((c) => ratesChart(results, c, rates.filter((r) => r.comparison === c)));
}
