/**
 * Love plots: covariate balance between the groups before and after propensity matching,
 * as standardised mean differences (SMD).
 */
import type { MatchedRecord, Results } from '../../schemas/results.ts';
import { chartTitle } from './chartTitle.ts';
import { chartId, VEGA_LITE_SCHEMA, type ChartSpec } from './chartSpec.ts';
import { covariateLabel } from './covariates.ts';
import { emptyChart } from './emptyChart.ts';
import { comparisonName, levelLabel, levelsOf } from './levels.ts';
import { withheldReason } from './suppression.ts';
import { AFTER_MATCHING_COLOUR, BEFORE_MATCHING_COLOUR, GUIDE_COLOUR } from './palette.ts';

/** |SMD| below this is taken as balanced (Austin 2009). */
export const BALANCE_THRESHOLD = 0.1;

const STAGES = ['Before matching', 'After matching'] as const;

/** One window's panel: a row per covariate, before and after joined by a grey line. */
function windowPanel(record: MatchedRecord, xDomain: [number, number]) {
  const balance = record.balance.map((b) => ({ ...b, label: covariateLabel(b.covariate) }));
  const points = balance.flatMap((b) => [
    ...(b.smd_before === null ? [] : [{ label: b.label, stage: STAGES[0], smd: b.smd_before }]),
    ...(b.smd_after === null ? [] : [{ label: b.label, stage: STAGES[1], smd: b.smd_after }]),
  ]);
  const moves = balance.filter((b) => b.smd_before !== null && b.smd_after !== null);
  const x = { type: 'quantitative' as const, title: 'Standardised mean difference', scale: { domain: xDomain, nice: false } };
  const y = { field: 'label', type: 'nominal' as const, title: null, sort: balance.map((b) => b.label), axis: { labelLimit: 300 } };
  const n = record.n_treated === null || record.n_control === null ? '' : ` (${record.n_treated} and ${record.n_control} matched)`;
  return {
    title: { text: `${record.window_months}-month follow-up${n}`, anchor: 'start' as const, fontSize: 12 },
    width: 300,
    height: { step: 28 },
    layer: [
      { data: { values: [{ at: -BALANCE_THRESHOLD }, { at: BALANCE_THRESHOLD }] }, mark: { type: 'rule' as const, color: GUIDE_COLOUR, strokeDash: [4, 3] }, encoding: { x: { field: 'at', ...x } } },
      { data: { values: [{ at: 0 }] }, mark: { type: 'rule' as const, color: GUIDE_COLOUR }, encoding: { x: { field: 'at', ...x } } },
      { data: { values: moves }, mark: { type: 'rule' as const, color: '#AAAAAA', strokeWidth: 1.5 }, encoding: { y, x: { field: 'smd_before', ...x }, x2: { field: 'smd_after' } } },
      {
        data: { values: points },
        mark: { type: 'point' as const, filled: true, size: 80, opacity: 1, invalid: 'filter' as const },
        encoding: {
          y,
          x: { field: 'smd', ...x },
          color: { field: 'stage', type: 'nominal' as const, title: null, sort: [...STAGES], scale: { domain: [...STAGES], range: [BEFORE_MATCHING_COLOUR, AFTER_MATCHING_COLOUR] }, legend: { orient: 'top' as const, direction: 'horizontal' as const } },
          shape: { field: 'stage', type: 'nominal' as const, sort: [...STAGES], scale: { domain: [...STAGES], range: ['square', 'circle'] } },
          tooltip: [{ field: 'label', title: 'Covariate' }, { field: 'stage', title: 'When' }, { field: 'smd', title: 'SMD', format: '.3f' }],
        },
      },
    ],
  };
}

/** Why a comparison has no balance figure at all: the marks of its withheld balance, or not computable. */
function whyNoBalance(results: Results, records: readonly MatchedRecord[]): string {
  const reasons = new Set(records.flatMap((m) => m.balance.flatMap((b) => ['smd_before', 'smd_after'].map((f) => withheldReason(m, `balance.${b.covariate}.${f}`)))));
  const parts = [
    ...(reasons.has('low') ? [`withheld as [low] (fewer than ${results.disclosure.min_cell} matched people, or too few for a model)`] : []),
    ...(reasons.has('c') ? ['withheld as [c] (to protect another figure)'] : []),
    ...(reasons.has(null) ? ['could not be computed'] : []),
  ];
  return parts.join('; ') || 'could not be computed';
}

/** One comparison's love plot: a panel per follow-up window with balance to show. */
function loveSpec(results: Results, comparison: string, records: readonly MatchedRecord[]): ChartSpec {
  const levels = levelsOf(results, comparison);
  const values = records.flatMap((r) => r.balance.flatMap((b) => [b.smd_before, b.smd_after])).filter((v): v is number => v !== null);
  const reach = Math.max(0.25, ...values.map(Math.abs));
  const edge = Math.ceil(reach * 10) / 10 + 0.05;
  const missing = records.reduce((k, r) => k + r.balance.filter((b) => b.smd_before === null || b.smd_after === null).length, 0);
  const title = `Balance before and after matching: ${comparisonName(results, comparison)}`;
  const sentences = [
    `How different ${levels ? `${levelLabel(levels.treatment)} and ${levelLabel(levels.reference)}` : 'the two groups'} are on each characteristic, as a standardised mean difference (difference in means over the pooled standard deviation), before matching (squares) and after (circles).`,
    `Inside the dashed lines (±${BALANCE_THRESHOLD}) the groups are usually taken as balanced; 0 is no difference.`,
    ...(missing ? [`${missing === 1 ? 'One covariate lacks' : `${missing} covariates lack`} a value before or after matching (withheld as [low] or [c], or not computable); only the values present are drawn.`] : []),
  ];
  return {
    id: chartId('balance', comparison),
    title,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: chartTitle(title, sentences),
      hconcat: [...records].sort((a, b) => a.window_months - b.window_months).map((r) => windowPanel(r, [-edge, edge])),
      resolve: { scale: { color: 'shared', shape: 'shared' } },
    },
  };
}

/**
 * Love plots, one chart per comparison with a panel per follow-up window: for each
 * covariate the standardised mean difference between the groups before matching
 * (vermillion square) and after (green circle), joined by a grey line showing the move,
 * with dashed lines at ±0.1 and a solid line at 0. Good matching pulls every circle inside
 * the dashed lines. Windows without balance figures (no one matched, or all suppressed) are
 * left out; a comparison with none gets an explanatory chart.
 */
export function lovePlotChart(results: Results): ChartSpec[] {
  const matched = results.reconviction.matched.filter((m) => m.balance.length > 0);
  if (!matched.length) return [emptyChart('balance', 'Balance before and after matching', 'No matched comparisons with balance figures in these results.')];
  const hasFigures = (m: MatchedRecord) => m.balance.some((b) => b.smd_before !== null || b.smd_after !== null);
  const comparisons = [...new Set(matched.map((m) => m.comparison))];
  return comparisons.map((c) => {
    const withFigures = matched.filter((m) => m.comparison === c && hasFigures(m));
    if (withFigures.length) return loveSpec(results, c, withFigures);
    const title = `Balance before and after matching: ${comparisonName(results, c)}`;
    return emptyChart(chartId('balance', c), title, `No balance figures to show: ${whyNoBalance(results, matched.filter((m) => m.comparison === c))}.`);
  });
}
