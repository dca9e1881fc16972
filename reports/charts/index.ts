/**
 * Every chart of the report, in reading order: who took part, what changed in attitudes,
 * how the groups compare on attitudes and on reoffending, how well matching balanced
 * them, and the monitoring views. Each chart is a vega-lite spec with its data inline.
 */
import type { Results } from '../../schemas/results.ts';
import { ancovaForestChart } from './ancovaForest.ts';
import { changeForestChart } from './changeForest.ts';
import type { ChartSpec } from './chartSpec.ts';
import { coxForestChart } from './coxForest.ts';
import { jacobsonTruaxChart } from './jacobsonTruax.ts';
import { kaplanMeierChart } from './kaplanMeier.ts';
import { lovePlotChart } from './lovePlot.ts';
import { headlineTrendChart } from './headlineTrend.ts';
import { cusumChart } from './cusum.ts';
import { monitoringChart } from './monitoring.ts';
import { participantFlowChart } from './participantFlow.ts';
import { reoffendingRatesChart } from './reoffendingRates.ts';

export type { ChartSpec } from './chartSpec.ts';
export { cusumChart, headlineTrendChart, ancovaForestChart, changeForestChart, coxForestChart, jacobsonTruaxChart, kaplanMeierChart, lovePlotChart, monitoringChart, participantFlowChart, reoffendingRatesChart };

/** The chart builders in report order. */
export const CHART_BUILDERS: readonly ((results: Results) => ChartSpec[])[] = [
  participantFlowChart,
  changeForestChart,
  jacobsonTruaxChart,
  ancovaForestChart,
  reoffendingRatesChart,
  kaplanMeierChart,
  coxForestChart,
  lovePlotChart,
  monitoringChart,
  cusumChart,
  headlineTrendChart,
];

/**
 * All charts for a Results object (after disclosure control), in report order: flow,
 * attitude change, Jacobson–Truax, ANCOVA, reoffending rates, Kaplan–Meier, Cox, love
 * plots, monitoring, the CUSUMs, and the trend across runs. An empty section gives a chart that says so rather than nothing.
 * Chart ids are unique.
 */
export function allCharts(results: Results): ChartSpec[] {
  return CHART_BUILDERS.flatMap((build) => build(results));
}
