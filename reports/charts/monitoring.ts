/**
 * Monitoring charts: proven reoffending by quarterly cohort against control limits, and a
 * funnel plot of observed against expected reoffending by region.
 */
import type { Results } from '../../schemas/results.ts';
import { chartTitle } from './chartTitle.ts';
import { VEGA_LITE_SCHEMA, type ChartSpec } from './chartSpec.ts';
import { emptyChart } from './emptyChart.ts';
import { levelLabel } from './levels.ts';
import { GUIDE_COLOUR, IN_CONTROL_COLOUR, SIGNAL_COLOUR, SIGNAL_COLOUR_NAME, WARNING_COLOUR } from './palette.ts';
import { countOmitted, missingLabel, omissionLines } from './suppression.ts';

type Quarter = Results['monitoring']['quarterly'][number];
type Region = Results['monitoring']['regions'][number];
type FunnelPoint = Results['monitoring']['funnel'][number];

const SIGNAL = { inside: 'Within the limits', outside: 'Outside the limits' } as const;
const PANEL_HEIGHT = 200;

/** True when the rate lies outside its control limits (both needed). */
export function outsideLimits(q: Pick<Quarter, 'rate' | 'lcl' | 'ucl'>): boolean {
  return q.rate !== null && ((q.ucl !== null && q.rate > q.ucl) || (q.lcl !== null && q.rate < q.lcl));
}

/** One programme family's control chart. */
function familyPanel(results: Results, family: string, quarters: readonly Quarter[], allQuarters: readonly string[], yMax: number) {
  const rows = [...quarters]
    .sort((a, b) => a.quarter.localeCompare(b.quarter))
    .map((q) => ({
      quarter: q.quarter,
      rate: q.rate,
      centre: q.centre,
      lcl: q.lcl,
      ucl: q.ucl,
      n: q.n,
      signal: outsideLimits(q) ? SIGNAL.outside : SIGNAL.inside,
      missing: q.rate === null ? missingLabel(q, 'rate', 'n/a') : '',
    }));
  const x = { field: 'quarter', type: 'ordinal' as const, sort: [...allQuarters], scale: { domain: [...allQuarters] }, title: 'Quarter follow-up started', axis: { labelAngle: -40 } };
  const y = { type: 'quantitative' as const, title: 'Proportion reoffending', scale: { domain: [0, yMax] }, axis: { format: '.0%' } };
  const limitLine = (field: 'lcl' | 'ucl') => ({
    mark: { type: 'line' as const, interpolate: 'step' as const, color: GUIDE_COLOUR, strokeDash: [5, 3], strokeWidth: 1 },
    encoding: { x, y: { field, ...y } },
  });
  return {
    title: { text: levelLabel(family), anchor: 'start' as const, fontSize: 12 },
    data: { values: rows },
    width: 460,
    height: PANEL_HEIGHT,
    layer: [
      { mark: { type: 'line' as const, color: GUIDE_COLOUR, strokeWidth: 1 }, encoding: { x, y: { field: 'centre', ...y } } },
      limitLine('ucl'),
      limitLine('lcl'),
      { mark: { type: 'line' as const, color: '#999999', strokeWidth: 1 }, encoding: { x, y: { field: 'rate', ...y } } },
      {
        mark: { type: 'point' as const, filled: true, size: 60, opacity: 1, invalid: 'filter' as const },
        encoding: {
          x,
          y: { field: 'rate', ...y },
          color: { field: 'signal', type: 'nominal' as const, title: null, scale: { domain: Object.values(SIGNAL), range: [IN_CONTROL_COLOUR, SIGNAL_COLOUR] }, legend: { orient: 'top' as const, direction: 'horizontal' as const } },
          shape: { field: 'signal', type: 'nominal' as const, scale: { domain: Object.values(SIGNAL), range: ['circle', 'diamond'] } },
          tooltip: [{ field: 'quarter', title: 'Quarter' }, { field: 'rate', title: 'Rate', format: '.1%' }, { field: 'n', title: 'People' }, { field: 'lcl', title: 'Lower limit', format: '.1%' }, { field: 'ucl', title: 'Upper limit', format: '.1%' }],
        },
      },
      { mark: { type: 'text' as const, fontSize: 8, fontStyle: 'italic', color: '#555555', baseline: 'bottom' as const, angle: -90, align: 'left' as const }, encoding: { x, y: { value: PANEL_HEIGHT - 4 }, text: { field: 'missing' } } },
    ],
  };
}

/** The quarterly control chart: a panel per programme family, on one scale. */
function quarterlyChart(results: Results): ChartSpec {
  const quarterly = results.monitoring.quarterly;
  const window = quarterly[0]?.window_months ?? 12;
  const title = `Proven reoffending within ${window} months, by quarter`;
  if (!quarterly.length) return emptyChart('monitoring-quarterly', title, 'No quarterly cohorts in these results: no one has completed follow-up yet.');
  // A family whose quarters are mostly withheld or not computable is not drawn (a panel of
  // blanks says nothing); one sentence says so instead.
  const everyFamily = [...new Set(quarterly.map((q) => q.programme_family))];
  const shownOf = (f: string) => quarterly.filter((q) => q.programme_family === f && q.rate !== null).length;
  const quartersOf = (f: string) => quarterly.filter((q) => q.programme_family === f).length;
  const families = everyFamily.filter((f) => 2 * shownOf(f) > quartersOf(f));
  const notDrawn = everyFamily.filter((f) => !families.includes(f));
  const notDrawnLine = notDrawn.length
    ? `Not drawn, as most of their quarters are withheld or not yet computable: ${notDrawn.map((f) => `${levelLabel(f)} (${shownOf(f)} of ${quartersOf(f)} quarters shown)`).join('; ')}; their figures are in the table.`
    : '';
  if (!families.length) {
    return emptyChart('monitoring-quarterly', title, `No programme family has most of its quarters publishable yet (${notDrawn.map((f) => `${levelLabel(f)}: ${shownOf(f)} of ${quartersOf(f)}`).join('; ')}); each quarter's figures are in the table.`);
  }
  const drawn = quarterly.filter((q) => families.includes(q.programme_family));
  // A family's centre line (its overall rate) gives its counts back beside its quarters; when
  // disclosure control withholds it, the limits go with it and the quarters are drawn alone.
  const withoutCentre = families.filter((f) => quarterly.some((q) => q.programme_family === f && q.centre === null && q.rate !== null));
  const allQuarters = [...new Set(drawn.map((q) => q.quarter))].sort();
  const highest = Math.max(0.05, ...drawn.flatMap((q) => [q.rate, q.ucl]).filter((v): v is number => v !== null));
  const yMax = Math.min(1, Math.ceil(highest * 20) / 20);
  const hidden = drawn.filter((q) => q.rate === null).length;
  const omitted = countOmitted(drawn, ['rate']);
  const signals = drawn.filter(outsideLimits).length;
  const sentences = [
    `Share of each quarter's starters with a proven reoffence within ${window} months (dots), against the programme's overall rate (solid line) and 3-sigma control limits for a quarter of that size (dashed; p-chart).`,
    `A point outside the limits (a diamond, in ${SIGNAL_COLOUR_NAME}) is more variation than chance alone would usually give, and is worth looking into.`,
    ...(notDrawnLine ? [notDrawnLine] : []),
    ...(withoutCentre.length ? [`Drawn without the overall rate and control limits, which are withheld to protect another figure: ${withoutCentre.map((f) => levelLabel(f)).join('; ')}.`] : []),
    ...(signals ? [`${signals === 1 ? 'One quarter is' : `${signals} quarters are`} outside the limits.`] : []),
    ...omissionLines(results, omitted, ['quarter', 'quarters']),
    ...(hidden ? ['A quarter not shown is marked at the foot of its panel: [low], [c], or n/a when not computable.'] : []),
  ];
  return {
    id: 'monitoring-quarterly',
    title,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: chartTitle(title, sentences),
      vconcat: families.map((f) => familyPanel(results, f, quarterly.filter((q) => q.programme_family === f), allQuarters, yMax)),
      resolve: { scale: { y: 'shared', color: 'shared', shape: 'shared' } },
    },
  };
}

/** Funnel limits at `expected`, interpolated linearly between the tabulated points. */
export function funnelAt(funnel: readonly FunnelPoint[], expected: number): FunnelPoint | null {
  const sorted = [...funnel].sort((a, b) => a.expected - b.expected);
  const upper = sorted.findIndex((p) => p.expected >= expected);
  if (upper < 0) return null;
  const hi = sorted[upper];
  const lo = sorted[upper - 1];
  if (!hi) return null;
  if (!lo || hi.expected === expected) return hi.expected === expected ? hi : null;
  const w = (expected - lo.expected) / (hi.expected - lo.expected);
  const mix = (k: keyof FunnelPoint) => lo[k] + w * (hi[k] - lo[k]);
  return { expected, lower_95: mix('lower_95'), upper_95: mix('upper_95'), lower_998: mix('lower_998'), upper_998: mix('upper_998') };
}

const FUNNEL_ZONES = { inside: 'Within 95% limits', warn: 'Outside 95% limits', alarm: 'Outside 99.8% limits' } as const;

/** Which band of the funnel a region's ratio falls in. */
function zoneOf(ratio: number, limits: FunnelPoint | null): string {
  if (!limits) return FUNNEL_ZONES.inside;
  if (ratio > limits.upper_998 || ratio < limits.lower_998) return FUNNEL_ZONES.alarm;
  if (ratio > limits.upper_95 || ratio < limits.lower_95) return FUNNEL_ZONES.warn;
  return FUNNEL_ZONES.inside;
}

/** The funnel plot of regions. */
function funnelChart(results: Results): ChartSpec {
  const { regions, funnel } = results.monitoring;
  const title = 'Reoffending by region: observed against expected (24 months)';
  const shown = regions.filter((r): r is Region & { expected: number; ratio: number } => r.expected !== null && r.ratio !== null);
  if (!shown.length) return emptyChart('monitoring-regions', title, 'No regional observed/expected ratios in these results.');
  const points = shown.map((r) => ({ region: r.region, expected: r.expected, ratio: r.ratio, observed: r.observed, n: r.n, zone: zoneOf(r.ratio, funnelAt(funnel, r.expected)) }));
  const lines = funnel.flatMap((p) => [
    { expected: p.expected, value: p.lower_95, limit: '95% limits', side: 'lower 95' },
    { expected: p.expected, value: p.upper_95, limit: '95% limits', side: 'upper 95' },
    { expected: p.expected, value: p.lower_998, limit: '99.8% limits', side: 'lower 99.8' },
    { expected: p.expected, value: p.upper_998, limit: '99.8% limits', side: 'upper 99.8' },
  ]);
  const omitted = countOmitted(regions, ['expected', 'ratio']);
  const maxRatio = Math.max(2, ...points.map((p) => p.ratio));
  const x = { field: 'expected', type: 'quantitative' as const, title: 'Expected reoffenders (OGRS)', scale: { zero: true } };
  const y = { type: 'quantitative' as const, title: 'Observed ÷ expected', scale: { domain: [0, Math.ceil(maxRatio * 2) / 2] } };
  const sentences = [
    'Each dot is a region: its proven reoffending within 24 months divided by the number OGRS predicts for its people (1 = as expected), against how many were expected.',
    'The funnel shows how far a region can sit from 1 by chance alone: 95% limits dashed, 99.8% solid. Regions outside the 99.8% limits stand out; smaller regions naturally scatter more.',
    ...(funnel.length ? [] : ['Funnel limits are not available in these results.']),
    ...omissionLines(results, omitted, ['region', 'regions']),
  ];
  return {
    id: 'monitoring-regions',
    title,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: chartTitle(title, sentences),
      width: 460,
      height: 300,
      layer: [
        { data: { values: [{ one: 1 }] }, mark: { type: 'rule' as const, color: GUIDE_COLOUR }, encoding: { y: { field: 'one', ...y } } },
        ...(lines.length
          ? [
              {
                data: { values: lines },
                mark: { type: 'line' as const, color: GUIDE_COLOUR, strokeWidth: 1, clip: true },
                encoding: {
                  x,
                  y: { field: 'value', ...y },
                  detail: { field: 'side', type: 'nominal' as const },
                  strokeDash: { field: 'limit', type: 'nominal' as const, title: null, scale: { domain: ['95% limits', '99.8% limits'], range: [[5, 3], [1, 0]] }, legend: { orient: 'top' as const, direction: 'horizontal' as const, symbolType: 'stroke' } },
                },
              },
            ]
          : []),
        {
          data: { values: points },
          mark: { type: 'point' as const, filled: true, size: 70, opacity: 1 },
          encoding: {
            x,
            y: { field: 'ratio', ...y },
            color: { field: 'zone', type: 'nominal' as const, title: null, scale: { domain: Object.values(FUNNEL_ZONES), range: [IN_CONTROL_COLOUR, WARNING_COLOUR, SIGNAL_COLOUR] }, legend: { orient: 'top' as const, direction: 'horizontal' as const, labelLimit: 300 } },
            tooltip: [{ field: 'region', title: 'Region' }, { field: 'observed', title: 'Observed' }, { field: 'expected', title: 'Expected', format: '.1f' }, { field: 'ratio', title: 'Observed ÷ expected', format: '.2f' }, { field: 'n', title: 'People' }],
          },
        },
        { data: { values: points }, mark: { type: 'text' as const, align: 'left' as const, dx: 6, fontSize: 9 }, encoding: { x, y: { field: 'ratio', ...y }, text: { field: 'region' } } },
      ],
      resolve: { legend: { color: 'independent', strokeDash: 'independent' } },
    },
  };
}

/**
 * The monitoring charts: (a) a p-chart of proven reoffending by quarter follow-up
 * started, a panel per programme family on one scale, with the family's overall rate as
 * the centre line and stepped 3-sigma limits for each quarter's size, points outside the
 * limits as orange-red diamonds and withheld quarters marked [low] or [c] at the foot; (b) a funnel
 * plot of each region's observed ÷ expected (OGRS) reoffending against its expected
 * count, with 95% (dashed) and 99.8% (solid) limits around 1 and regions coloured by the
 * band they fall in. Either gives an explanatory chart when its section is empty.
 */
export function monitoringChart(results: Results): ChartSpec[] {
  return [quarterlyChart(results), funnelChart(results)];
}
