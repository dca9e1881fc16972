/**
 * Time to first proven reoffence: Kaplan–Meier curves with 95% confidence bands per level,
 * and the numbers at risk beneath.
 */
import { planSchema } from '../../schemas/plan.ts';
import type { Results } from '../../schemas/results.ts';
import { chartTitle } from './chartTitle.ts';
import { chartId, VEGA_LITE_SCHEMA, type ChartSpec } from './chartSpec.ts';
import { emptyChart } from './emptyChart.ts';
import { comparisonLabel, levelColour, levelLabel, orderLevels } from './levels.ts';
import { suppressedMark } from './suppression.ts';

type Step = Results['reconviction']['survival'][number];
type Curve = Results['reconviction']['survival_curves'][number];

/** Days in an average month. */
export const DAYS_PER_MONTH = 365.25 / 12;
/** Times (months) of the numbers-at-risk table are multiples of this. */
const AT_RISK_EVERY = 6;

/**
 * The number at risk at `months` for one level's steps (sorted by time): the at_risk of the
 * last step at or before that time whose at_risk is published (disclosure control publishes
 * curves in runs and gives the risk set at the start of each run), or the curve's n before
 * the first reoffence. Null (blank) past the curve's last step, where the curve was cut or
 * ended and the number is not known. The count is the risk set at that step, so it can
 * include people censored or reoffending between it and `months`: it errs high.
 */
export function atRiskAt(months: number, steps: readonly Step[], n: number | null): number | null {
  const days = months * DAYS_PER_MONTH;
  const lastStep = steps.at(-1);
  if (lastStep && days > lastStep.time_days) return null;
  const published = steps.filter((s) => s.time_days <= days && s.at_risk !== null);
  return published.at(-1)?.at_risk ?? n;
}

/** The last month the chart covers: the plan's longest window, else the last step rounded up. */
function horizonMonths(results: Results, steps: readonly Step[]): number {
  const plan = planSchema.safeParse(results.plan);
  const lastStep = Math.max(0, ...steps.map((s) => s.time_days / DAYS_PER_MONTH));
  const planned = plan.success ? Math.max(...plan.data.windows) : 0;
  return Math.max(AT_RISK_EVERY, planned, Math.ceil(lastStep / AT_RISK_EVERY) * AT_RISK_EVERY);
}

/** The curve points of one level: (0, 1) then each step with a survival estimate. */
function curvePoints(level: string, steps: readonly Step[]) {
  const start = { level_label: levelLabel(level), months: 0, surv: 1, ci_low: 1, ci_high: 1, at_risk: null as number | null };
  const later = steps
    .filter((s) => s.surv !== null)
    .map((s) => ({ level_label: levelLabel(level), months: s.time_days / DAYS_PER_MONTH, surv: s.surv, ci_low: s.ci_low, ci_high: s.ci_high, at_risk: s.at_risk }));
  return [start, ...later];
}

/** One comparison's Kaplan–Meier chart with its numbers-at-risk table. */
function kaplanMeierSpec(results: Results, comparison: string, steps: readonly Step[], curves: readonly Curve[]): ChartSpec {
  const levels = orderLevels(results, comparison, [...curves.map((c) => c.level), ...steps.map((s) => s.level)]);
  const stepsOf = (level: string) => steps.filter((s) => s.level === level).sort((a, b) => a.time_days - b.time_days);
  const horizon = horizonMonths(results, steps);
  const points = levels.flatMap((l) => curvePoints(l, stepsOf(l)));
  const band = points.filter((p) => p.ci_low !== null && p.ci_high !== null);
  const times = Array.from({ length: Math.floor(horizon / AT_RISK_EVERY) + 1 }, (_, i) => i * AT_RISK_EVERY);
  const table = levels.flatMap((l) => {
    const n = curves.find((c) => c.level === l)?.n ?? null;
    return times.map((months) => {
      const count = atRiskAt(months, stepsOf(l), n);
      return { level_label: levelLabel(l), months, count: count === null ? '' : count.toLocaleString('en-GB') };
    });
  });
  const lowest = Math.min(...band.map((p) => p.ci_low as number), ...points.map((p) => p.surv as number));
  const yMin = Math.max(0, Math.floor(lowest * 10) / 10 - 0.05);
  const logrank = results.reconviction.logrank.find((l) => l.comparison === comparison);
  const hiddenSteps = steps.filter((s) => s.surv === null).length;
  const hiddenCounts = table.filter((r) => r.count === '').length;
  const colour = levelColour(results, comparison, levels);
  const x = { field: 'months', type: 'quantitative' as const, scale: { domain: [0, horizon], nice: false, padding: 16 } };
  const xAxis = { values: times, title: 'Months since follow-up started' };
  const y = { type: 'quantitative' as const, scale: { domain: [yMin, 1], zero: false, nice: false }, axis: { format: '.0%' } };
  const title = `Time to first proven reoffence: ${comparisonLabel(results, comparison)}`;
  const sentences = [
    'Share of people not yet proven to have reoffended, by months since follow-up started (Kaplan–Meier), with shaded 95% confidence bands. A lower curve means reoffending came sooner or more often.',
    ...(logrank && logrank.p !== null ? [`Log-rank test of no difference between the curves: p = ${logrank.p < 0.001 ? '<0.001' : logrank.p.toFixed(3)}.`] : []),
    'Numbers at risk: people still followed up and not yet reoffended, as published at the last reoffence on or before each time (so they can run a little high).',
    ...(hiddenSteps ? [`Steps that would reveal fewer than ${results.disclosure.min_cell} people (${suppressedMark(results)}) are suppressed: each drop shown can pool several reoffences.`] : []),
    ...(hiddenCounts ? [`Blank numbers at risk are suppressed (fewer than ${results.disclosure.min_cell} people) or not known.`] : []),
  ];
  return {
    id: chartId('survival', comparison),
    title,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: chartTitle(title, sentences),
      vconcat: [
        {
          width: 460,
          height: 260,
          layer: [
            {
              data: { values: band },
              mark: { type: 'area' as const, interpolate: 'step-after' as const, fillOpacity: 0.18 },
              encoding: { x: { ...x, axis: xAxis }, y: { field: 'ci_low', ...y, title: 'Not yet reoffended' }, y2: { field: 'ci_high' }, color: colour },
            },
            {
              data: { values: points },
              mark: { type: 'line' as const, interpolate: 'step-after' as const, strokeWidth: 2 },
              encoding: {
                x: { ...x, axis: xAxis },
                y: { field: 'surv', ...y, title: 'Not yet reoffended' },
                color: colour,
                tooltip: [{ field: 'level_label', title: 'Group' }, { field: 'months', title: 'Months', format: '.1f' }, { field: 'surv', title: 'Not yet reoffended', format: '.1%' }, { field: 'at_risk', title: 'At risk' }],
              },
            },
          ],
        },
        {
          title: { text: 'Number at risk', anchor: 'start' as const, fontSize: 11, fontWeight: 'bold' as const },
          data: { values: table },
          width: 460,
          height: { step: 18 },
          view: { stroke: null },
          mark: { type: 'text' as const, fontSize: 10, color: '#222222' },
          encoding: {
            x: { ...x, axis: null },
            y: { field: 'level_label', type: 'nominal' as const, sort: levels.map(levelLabel), title: null, axis: { labelLimit: 400, domain: false, ticks: false } },
            text: { field: 'count' },
          },
        },
      ],
      resolve: { scale: { x: 'shared', color: 'shared' } },
      config: { concat: { spacing: 8 } },
    },
  };
}

/**
 * Kaplan–Meier curves of time to first proven reoffence, one chart per comparison: a step
 * line per level (treatment blue, reference orange) from 100% at the start of follow-up,
 * with its 95% confidence band shaded, the log-rank p in the subtitle, and beneath it the
 * number at risk at 0, 6, 12, … months (blank where suppressed), on the same time axis.
 * Suppressed steps are dropped from the line, never drawn at zero.
 */
export function kaplanMeierChart(results: Results): ChartSpec[] {
  const { survival, survival_curves: curves } = results.reconviction;
  const comparisons = [...new Set([...curves.map((c) => c.comparison), ...survival.map((s) => s.comparison)])];
  if (!survival.length) return [emptyChart('survival', 'Time to first proven reoffence', 'No survival curves in these results: no one has follow-up with a reoffence recorded.')];
  return comparisons.map((c) =>
    kaplanMeierSpec(
      results,
      c,
      survival.filter((s) => s.comparison === c),
      curves.filter((s) => s.comparison === c),
    ),
  );
}
