/**
 * How each question's answer moved across this plan's scheduled runs (issue 13): per
 * comparison, a panel per verdict, each run's estimate with its 95% CI, the margin as a dashed
 * line (no difference as a thin one), and each run whose verdict differs from the run before
 * marked with the new verdict. Runs are labelled by the extract date they analysed. Data come
 * from `results.history`: the figures each run published, never recomputed.
 */
import type { Results } from '../../schemas/results.ts';
import type { HeadlineEstimate } from '../../schemas/runHistory.ts';
import { SCALE_PRINT, VERDICT_LABEL } from '../html/verdictSentences.ts';
import { chartTitle } from './chartTitle.ts';
import { chartId, VEGA_LITE_SCHEMA, type ChartSpec } from './chartSpec.ts';
import { emptyChart } from './emptyChart.ts';
import { comparisonName } from './levels.ts';
import { GUIDE_COLOUR, SIGNAL_COLOUR, TREATMENT_COLOUR } from './palette.ts';

const AXIS_TITLE: Record<string, string> = { risk_difference: 'Difference (percentage points)', hazard_ratio: 'Hazard ratio', points: 'Difference (points)' };

function outcomeWords(results: Results, e: HeadlineEstimate): string {
  if (e.outcome === 'reoffending') return e.window_months ? `Proven reoffending within ${e.window_months} months` : 'Time to first proven reoffence';
  return results.attitudes.measures.find((m) => m.measure === e.measure)?.label ?? e.measure ?? e.outcome;
}

export function headlineTrendChart(results: Results): ChartSpec[] {
  const runs = results.history;
  const title = 'How the answers moved from run to run';
  if (runs.length < 2) {
    return [emptyChart('trend', title, `${runs.length ? 'This is the first run of this plan on this database' : 'No run history'}: the trend of each verdict appears from the second scheduled run (progeval history lists the runs).`)];
  }
  const labels = runs.map((r, i) => `${i + 1}: ${r.extract_date ?? 'no date'}`);
  const verdictKeys = [...new Map(runs.flatMap((r) => r.estimates.filter((e) => e.kind === 'verdict').map((e) => [e.key, e] as const))).values()];
  const comparisons = [...new Set(verdictKeys.map((e) => e.comparison))];
  return comparisons.map((comparison) => {
    const panels = verdictKeys
      .filter((k) => k.comparison === comparison)
      .map((k) => {
        const print = SCALE_PRINT[k.scale as keyof typeof SCALE_PRINT] ?? { factor: 1, digits: 2 };
        let previous: string | null = null;
        const rows = runs.map((r, i) => {
          const e = r.estimates.find((x) => x.key === k.key);
          const verdict = e?.verdict ?? null;
          const changed = previous !== null && verdict !== null && verdict !== previous;
          if (verdict !== null) previous = verdict;
          const scaled = (x: number | null | undefined) => (x === null || x === undefined ? null : print.factor * x);
          return {
            run: labels[i]!,
            estimate: scaled(e?.estimate),
            ci_low: scaled(e?.ci_low),
            ci_high: scaled(e?.ci_high),
            margin: scaled(e?.margin),
            verdict: verdict ? (VERDICT_LABEL[verdict as keyof typeof VERDICT_LABEL] ?? verdict) : 'no figure',
            change: changed ? `→ ${VERDICT_LABEL[verdict as keyof typeof VERDICT_LABEL] ?? verdict}` : '',
          };
        });
        const noDifference = k.scale === 'hazard_ratio' ? 1 : 0;
        const x = { field: 'run', type: 'ordinal' as const, sort: labels, scale: { domain: labels }, title: 'Run (extract date)', axis: { labelAngle: 0 } };
        const y = { type: 'quantitative' as const, title: AXIS_TITLE[k.scale] ?? k.scale, scale: k.scale === 'hazard_ratio' ? { type: 'log' as const, nice: false, padding: 10 } : { zero: false, nice: true } };
        return {
          title: { text: outcomeWords(results, k), anchor: 'start' as const, fontSize: 12, fontWeight: 'bold' as const, offset: 16 },
          data: { values: rows },
          width: 420,
          height: 150,
          layer: [
            { mark: { type: 'rule' as const, color: GUIDE_COLOUR, strokeWidth: 1 }, encoding: { y: { datum: noDifference, ...y } } },
            { mark: { type: 'line' as const, color: SIGNAL_COLOUR, strokeDash: [5, 3], invalid: 'filter' as const }, encoding: { x, y: { field: 'margin', ...y } } },
            { mark: { type: 'rule' as const, color: TREATMENT_COLOUR, strokeWidth: 2, invalid: 'filter' as const }, encoding: { x, y: { field: 'ci_low', ...y }, y2: { field: 'ci_high' } } },
            {
              mark: { type: 'point' as const, filled: true, size: 60, color: TREATMENT_COLOUR, invalid: 'filter' as const },
              encoding: { x, y: { field: 'estimate', ...y }, tooltip: [{ field: 'run', title: 'Run' }, { field: 'verdict', title: 'Verdict' }, { field: 'estimate', title: 'Estimate', format: '.2f' }, { field: 'ci_low', title: '95% CI from', format: '.2f' }, { field: 'ci_high', title: '95% CI to', format: '.2f' }, { field: 'margin', title: 'Margin', format: '.2f' }] },
            },
            // Each run's verdict above the plot: a change from the run before in bold.
            { transform: [{ filter: 'datum.change === ""' }], mark: { type: 'text' as const, fontSize: 9, color: '#555555', dy: -8 }, encoding: { x, y: { value: 0 }, text: { field: 'verdict' } } },
            { transform: [{ filter: 'datum.change !== ""' }], mark: { type: 'text' as const, fontSize: 10, fontWeight: 'bold' as const, color: SIGNAL_COLOUR, dy: -8 }, encoding: { x, y: { value: 0 }, text: { field: 'change' } } },
          ],
        };
      });
    const sentences = [
      'Each run\'s estimate with its 95% confidence interval, as that run published it; the dashed line is the margin (how much worse still counts as at least as good), the thin line no difference.',
      'Each run\'s verdict is written above it, in bold where it changed from the run before. Figures withheld in a run are left out.',
    ];
    const heading = `${title}: ${comparisonName(results, comparison)}`;
    return {
      id: chartId('trend', comparison),
      title: heading,
      spec: { $schema: VEGA_LITE_SCHEMA, title: chartTitle(heading, sentences), vconcat: panels, spacing: 28 },
    };
  });
}
