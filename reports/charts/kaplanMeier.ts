/**
 * Time to first proven reoffence: Kaplan–Meier curves with 95% confidence bands per level,
 * and the numbers at risk beneath.
 */
import { planSchema } from '../../schemas/plan.ts';
import type { Results } from '../../schemas/results.ts';
import { chartTitle } from './chartTitle.ts';
import { chartId, VEGA_LITE_SCHEMA, type ChartSpec } from './chartSpec.ts';
import { emptyChart } from './emptyChart.ts';
import { comparisonName, levelColour, levelLabel, orderLevels } from './levels.ts';
import { countOmitted, markOf, nothingToDraw, withheldKey } from './suppression.ts';
import { withP } from '../render/pValueText.ts';


type Step = Results['reconviction']['survival'][number];
type Curve = Results['reconviction']['survival_curves'][number];

/** Days in an average month. */
export const DAYS_PER_MONTH = 365.25 / 12;
/** Ticks of the time axis (months) are multiples of this. */
const AXIS_EVERY = 6;
/** Width of the plot, in pixels. */
const PLOT_WIDTH = 460;
/** Font size of the numbers at risk, and the width of one digit at that size (generous). */
const AT_RISK_FONT = 9;
const DIGIT_WIDTH = 6;

/** A number at risk as the chart prints it: at the time it is true, for one level. */
export interface AtRiskLabel {
  months: number;
  at_risk: number;
}

/**
 * The numbers at risk of one level, each at the time it is true and only where it is
 * published: the curve's n at the start (when published), then the at_risk of every step
 * (sorted by time) whose at_risk is not null. Disclosure control publishes curves in runs of
 * at least min_cell reoffences and gives the risk set only at the start of each run; a step
 * whose at_risk is withheld gets no number, and no earlier number is carried forward to it
 * or to any later time, nor past the point where the curve is cut.
 */
export function atRiskLabels(steps: readonly Step[], n: number | null): AtRiskLabel[] {
  const sorted = [...steps].sort((a, b) => a.time_days - b.time_days);
  const labels: AtRiskLabel[] = n === null ? [] : [{ months: 0, at_risk: n }];
  for (const s of sorted) if (s.at_risk !== null) labels.push({ months: s.time_days / DAYS_PER_MONTH, at_risk: s.at_risk });
  return labels;
}

/**
 * The labels that fit on one line of the strip without overlapping, in time order: a label
 * is left out (never moved, never replaced by another value) when it would touch the one
 * before. `monthsPerPixel` converts the printed width of a number to months.
 */
export function labelsThatFit(labels: readonly AtRiskLabel[], monthsPerPixel: number): AtRiskLabel[] {
  const halfWidth = (l: AtRiskLabel) => ((l.at_risk.toLocaleString('en-GB').length * DIGIT_WIDTH) / 2 + 2) * monthsPerPixel;
  const kept: AtRiskLabel[] = [];
  for (const l of labels) {
    const last = kept.at(-1);
    if (!last || l.months - halfWidth(l) >= last.months + halfWidth(last)) kept.push(l);
  }
  return kept;
}

/** The last month the chart covers: the plan's longest window, else the last step rounded up. */
function horizonMonths(results: Results, steps: readonly Step[]): number {
  const plan = planSchema.safeParse(results.plan);
  const lastStep = Math.max(0, ...steps.map((s) => s.time_days / DAYS_PER_MONTH));
  const planned = plan.success ? Math.max(...plan.data.windows) : 0;
  return Math.max(AXIS_EVERY, planned, Math.ceil(lastStep / AXIS_EVERY) * AXIS_EVERY);
}

/** The curve points of one level: (0, 1) then each step with a survival estimate. */
function curvePoints(level: string, steps: readonly Step[]) {
  const start = { level_label: levelLabel(level), months: 0, surv: 1, ci_low: 1, ci_high: 1, at_risk: null as number | null, at_risk_label: '' };
  const later = steps
    .filter((s) => s.surv !== null)
    .map((s) => ({ level_label: levelLabel(level), months: s.time_days / DAYS_PER_MONTH, surv: s.surv, ci_low: s.ci_low, ci_high: s.ci_high, at_risk: s.at_risk, at_risk_label: s.at_risk === null ? '' : s.at_risk.toLocaleString('en-GB') }));
  return [start, ...later];
}

/** One comparison's Kaplan–Meier chart with its numbers-at-risk table. */
function kaplanMeierSpec(results: Results, comparison: string, steps: readonly Step[], curves: readonly Curve[]): ChartSpec {
  const levels = orderLevels(results, comparison, [...curves.map((c) => c.level), ...steps.map((s) => s.level)]);
  const stepsOf = (level: string) => steps.filter((s) => s.level === level).sort((a, b) => a.time_days - b.time_days);
  const horizon = horizonMonths(results, steps);
  const points = levels.flatMap((l) => curvePoints(l, stepsOf(l)));
  const band = points.filter((p) => p.ci_low !== null && p.ci_high !== null);
  const times = Array.from({ length: Math.floor(horizon / AXIS_EVERY) + 1 }, (_, i) => i * AXIS_EVERY);
  // x has 16 px of padding each side, so the plot's months span PLOT_WIDTH − 32 pixels.
  const monthsPerPixel = horizon / (PLOT_WIDTH - 32);
  const published = levels.map((l) => ({ level: l, labels: atRiskLabels(stepsOf(l), curves.find((c) => c.level === l)?.n ?? null) }));
  const table = published.flatMap(({ level, labels }) =>
    labelsThatFit(labels, monthsPerPixel).map((a) => ({ level_label: levelLabel(level), months: a.months, count: a.at_risk.toLocaleString('en-GB') })),
  );
  const crowded = published.some(({ labels }) => labelsThatFit(labels, monthsPerPixel).length < labels.length);
  const levelsWithout = published.filter(({ labels }) => !labels.length).map(({ level }) => level);
  const lowest = Math.min(...band.map((p) => p.ci_low as number), ...points.map((p) => p.surv as number));
  const yMin = Math.max(0, Math.floor(lowest * 10) / 10 - 0.05);
  const logrank = results.reconviction.logrank.find((l) => l.comparison === comparison);
  const hiddenSteps = steps.filter((s) => s.surv === null).length;
  // A level none of whose steps is published has no curve: the legend leaves it out and a sentence says so.
  const drawn = levels.filter((l) => stepsOf(l).some((s) => s.surv !== null));
  const withheldCurves = levels
    .filter((l) => !drawn.includes(l))
    .map((l) => ({ level: l, rows: stepsOf(l) }))
    .map(({ level, rows }) => (rows.length ? `${levelLabel(level)} ${markOf(rows[0]!, 'surv') || '(not known)'}` : levelLabel(level)));
  if (!drawn.length) {
    return emptyChart(chartId('survival', comparison), `Time to first proven reoffence: ${comparisonName(results, comparison)}`, nothingToDraw(results, countOmitted(steps, ['surv']), ['step of a curve', 'steps of the curves']));
  }
  const colour = levelColour(results, comparison, drawn);
  const x = { field: 'months', type: 'quantitative' as const, scale: { domain: [0, horizon], nice: false, padding: 16 } };
  const xAxis = { values: times, title: 'Months since follow-up started' };
  const y = { type: 'quantitative' as const, scale: { domain: [yMin, 1], zero: false, nice: false }, axis: { format: '.0%' } };
  const title = `Time to first proven reoffence: ${comparisonName(results, comparison)}`;
  const sentences = [
    'Share of people not yet proven to have reoffended, by months since follow-up started (Kaplan–Meier), with shaded 95% confidence bands. A lower curve means reoffending came sooner or more often.',
    ...(logrank && logrank.p !== null ? [`Log-rank test of no difference between the curves: ${withP(logrank.p)}${logrank.robust_p != null ? `; allowing for groups (robust score test): ${withP(logrank.robust_p)}` : ''}.`] : []),
    'Numbers at risk: people still followed up and not yet reoffended, printed at the times they are published (the start, and the first reoffence of each step shown); between them none is printed.',
    ...(hiddenSteps ? [`Each drop shown pools at least ${results.disclosure.min_cell} reoffences, and a curve stops where fewer than ${results.disclosure.min_cell} people remain at risk: steps in between are withheld.`] : []),
    ...(withheldCurves.length ? [`No curve is drawn for ${withheldCurves.join(' or ')}: ${withheldKey(results.disclosure.min_cell)}.`] : []),
    ...(crowded ? ['Some numbers at risk are left out where they would overlap the one before.'] : []),
    ...(levelsWithout.length ? [`No number at risk is published for ${levelsWithout.map(levelLabel).join(' or ')}.`] : []),
  ];
  return {
    id: chartId('survival', comparison),
    title,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: chartTitle(title, sentences),
      vconcat: [
        {
          width: PLOT_WIDTH,
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
                tooltip: [{ field: 'level_label', title: 'Group' }, { field: 'months', title: 'Months', format: '.1f' }, { field: 'surv', title: 'Not yet reoffended', format: '.1%' }, { field: 'at_risk_label', title: 'At risk' }],
              },
            },
          ],
        },
        {
          title: { text: 'Number at risk', anchor: 'start' as const, fontSize: 11, fontWeight: 'bold' as const },
          data: { values: table },
          width: PLOT_WIDTH,
          height: { step: 18 },
          view: { stroke: null },
          mark: { type: 'text' as const, fontSize: AT_RISK_FONT, color: '#222222' },
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
 * numbers at risk on the same time axis, each at the time it is true and only where disclosure
 * control publishes it (never carried forward). Withheld steps are dropped from the line,
 * never drawn at zero.
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
