/**
 * The risk-adjusted CUSUMs (issue 13): per factor (programme family, facilitator band), a panel
 * per level with the chart's value at the end of each published block (blocks of at least
 * min_cell reoffenders and non-reoffenders, dated by the follow-up start month of their last
 * person), the threshold h as a dashed line, and blocks in which it signalled marked.
 */
import type { Results } from '../../schemas/results.ts';
import { chartTitle } from './chartTitle.ts';
import { chartId, VEGA_LITE_SCHEMA, type ChartSpec } from './chartSpec.ts';
import { emptyChart } from './emptyChart.ts';
import { levelLabel } from './levels.ts';
import { GUIDE_COLOUR, IN_CONTROL_COLOUR, SIGNAL_COLOUR } from './palette.ts';

const SIGNAL = { no: 'No signal', yes: 'Signal' } as const;
const FACTOR_WORDS: Record<string, string> = { programme_family: 'programme family', facilitator_band: 'facilitator band' };

export function cusumChart(results: Results): ChartSpec[] {
  const cusums = results.monitoring.cusum;
  const title = 'Sequential monitoring: risk-adjusted CUSUM of 12-month proven reoffending';
  if (!cusums.length) return [emptyChart('cusum', title, 'No CUSUM in these results: the plan compares no programme family or facilitator band.')];
  return [...new Set(cusums.map((c) => c.factor))].map((factor) => {
    const mine = cusums.filter((c) => c.factor === factor);
    const months = [...new Set(mine.flatMap((c) => c.points.map((p) => p.through)))].sort();
    const first = mine[0]!;
    const panels = mine.map((c) => {
      const x = { field: 'through', type: 'ordinal' as const, sort: months, scale: { domain: months }, title: 'Follow-up started by (month)', axis: { labelAngle: -40 } };
      const y = { type: 'quantitative' as const, title: 'CUSUM', scale: { domainMin: 0 } };
      const rows = c.points.map((p) => ({ ...p, status: p.signal ? SIGNAL.yes : SIGNAL.no }));
      const heading = `${levelLabel(c.level)}${c.first_signal ? ` — signalled in the block to ${c.first_signal}` : c.points.length ? ' — no signal' : ''}`;
      if (!rows.length) {
        return { title: { text: heading, anchor: 'start' as const, fontSize: 12 }, data: { values: [{ message: c.note ?? 'nothing to publish' }] }, width: 460, height: 40, mark: { type: 'text' as const, align: 'left' as const, fontStyle: 'italic', color: '#444444' }, encoding: { text: { field: 'message', type: 'nominal' as const }, x: { value: 0 }, y: { value: 20 } } };
      }
      return {
        title: { text: heading, anchor: 'start' as const, fontSize: 12 },
        data: { values: rows },
        width: 460,
        height: 140,
        layer: [
          ...(c.threshold === null ? [] : [{ mark: { type: 'rule' as const, color: SIGNAL_COLOUR, strokeDash: [5, 3] }, encoding: { y: { datum: c.threshold, ...y } } }]),
          { mark: { type: 'line' as const, color: GUIDE_COLOUR, strokeWidth: 1 }, encoding: { x, y: { field: 's', ...y } } },
          {
            mark: { type: 'point' as const, filled: true, size: 60, opacity: 1 },
            encoding: {
              x,
              y: { field: 's', ...y },
              color: { field: 'status', type: 'nominal' as const, title: null, scale: { domain: Object.values(SIGNAL), range: [IN_CONTROL_COLOUR, SIGNAL_COLOUR] }, legend: { orient: 'top' as const, direction: 'horizontal' as const } },
              shape: { field: 'status', type: 'nominal' as const, scale: { domain: Object.values(SIGNAL), range: ['circle', 'diamond'] } },
              tooltip: [{ field: 'through', title: 'Block to' }, { field: 's', title: 'CUSUM', format: '.2f' }, { field: 'status', title: 'Signal' }],
            },
          },
        ],
      };
    });
    const sentences = [
      `Each level's 12-month proven reoffending, person by person in order of follow-up start, against what the same people would be expected to do on ${levelLabel(first.reference)} (a logistic model of reoffending on OGRS fitted there). The chart climbs when more people reoffend than expected.`,
      `It signals at the dashed line h${first.threshold === null ? '' : ` = ${first.threshold.toFixed(2)}`}, set by simulation so that a level doing as expected raises a false alarm once in ${first.arl0.toLocaleString('en-GB')} people on average, looking for odds of reoffending ${first.odds_ratio} times those expected; it restarts after a signal.`,
      'Shown only at the ends of blocks holding enough reoffenders and non-reoffenders to publish; a signal marks its block.',
    ];
    const heading = `${title}, by ${FACTOR_WORDS[factor] ?? factor}`;
    return { id: chartId('cusum', factor), title: heading, spec: { $schema: VEGA_LITE_SCHEMA, title: chartTitle(heading, sentences), vconcat: panels, spacing: 24 } };
  });
}
