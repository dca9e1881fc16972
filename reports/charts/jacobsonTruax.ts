/**
 * Jacobson–Truax plots: score after against score before, from binned counts only (never
 * individual people), with the line of no change, the reliable change band and the
 * clinical cut-off, one panel per level.
 *
 * Disclosure control coarsens each measure's grid (10, 5 or 2 bins a side, `bin_width` on
 * every bin) until no bin shows fewer than min_cell people, or withholds the grid altogether.
 * The chart draws the bins it is given at their own width; a bin withheld as [c] is drawn
 * hatched and labelled [c]; a bin withheld as [low] is not drawn at all (a grey square would
 * still say where a few people sit), and a level whose bins are all [low] loses its panel. A
 * measure without bins gets no empty grid: one line says why instead.
 */
import type { Results } from '../../schemas/results.ts';
import { chartTitle } from './chartTitle.ts';
import { chartId, VEGA_LITE_SCHEMA, type ChartSpec } from './chartSpec.ts';
import { emptyChart, noteChart, type NoteItem } from './emptyChart.ts';
import { comparisonName, levelLabel, orderLevels } from './levels.ts';
import { BINS_PER_SIDE } from '../../pipeline/analyse/attitudes/jacobsonTruax.ts';
import { measureInfo, type MeasureInfo } from './measures.ts';
import { COUNT_SCHEME, GUIDE_COLOUR, SIGNAL_COLOUR, WITHHELD_HATCH } from './palette.ts';
import { withheldReason } from './suppression.ts';

type Bin = Results['attitudes']['jacobson_truax'][number];
type Band = Results['attitudes']['reliable_change_bands'][number];

const PANEL_SIZE = 240;

/** A guide line segment of the plot, clipped to the measure's range. */
interface Segment {
  line: string;
  x: number;
  y: number;
  x2: number;
  y2: number;
}

const LINE_NAMES = { none: 'No change', band: 'Reliable change band', csc: 'Clinical cut-off' } as const;
const LINE_DASHES = { [LINE_NAMES.none]: [1, 0], [LINE_NAMES.band]: [6, 4], [LINE_NAMES.csc]: [2, 2] };

/** The axis range: the measure's range from the catalogue, else the extent of the bins. */
function axisRange(info: MeasureInfo, bins: readonly Bin[]): [number, number] {
  if (info.min !== null && info.max !== null) return [info.min, info.max];
  const lows = bins.flatMap((b) => [b.pre_low, b.post_low]);
  const highs = bins.flatMap((b) => [b.pre_low + b.bin_width, b.post_low + b.bin_width]);
  return [Math.min(...lows), Math.max(...highs)];
}

/**
 * The guide lines of one panel: post = pre, post = pre ± threshold (when known), and the
 * clinical cut-off on both axes (when known), each clipped to [lo, hi].
 */
export function guideSegments(lo: number, hi: number, band: Band | undefined): Segment[] {
  const segments: Segment[] = [{ line: LINE_NAMES.none, x: lo, y: lo, x2: hi, y2: hi }];
  const t = band?.threshold ?? null;
  if (t !== null && t > 0 && t < hi - lo) {
    segments.push({ line: LINE_NAMES.band, x: lo, y: lo + t, x2: hi - t, y2: hi });
    segments.push({ line: LINE_NAMES.band, x: lo + t, y: lo, x2: hi, y2: hi - t });
  }
  const c = band?.csc_cutoff ?? null;
  if (c !== null && c > lo && c < hi) {
    segments.push({ line: LINE_NAMES.csc, x: c, y: lo, x2: c, y2: hi });
    segments.push({ line: LINE_NAMES.csc, x: lo, y: c, x2: hi, y2: c });
  }
  return segments;
}

/** "Better after" and "Worse after" in the corners where they apply for this measure. */
function cornerLabels(info: MeasureInfo, lo: number, hi: number) {
  if (!info.direction) return [];
  const inset = (hi - lo) * 0.04;
  const lowerRight = { x: hi - inset, y: lo + inset, align: 'right' as const, baseline: 'bottom' as const };
  const upperLeft = { x: lo + inset, y: hi - inset, align: 'left' as const, baseline: 'top' as const };
  const better = info.direction === 'lower_better' ? lowerRight : upperLeft;
  const worse = info.direction === 'lower_better' ? upperLeft : lowerRight;
  return [
    { text: 'Better after', ...better },
    { text: 'Worse after', ...worse },
  ];
}

/** A bin as a rectangle on the pre/post plane. */
function toRect(b: Bin) {
  return { pre_low: b.pre_low, pre_high: b.pre_low + b.bin_width, post_low: b.post_low, post_high: b.post_low + b.bin_width };
}

/** True when the bin is drawn: its count is published, or it is withheld as [c] (drawn hatched). */
function drawn(b: Bin): boolean {
  return b.count !== null || withheldReason(b, 'count') === 'c';
}

/**
 * The hatching of the bins withheld as [c]: three diagonal strokes per bin, clipped to it, so
 * the bin reads as "something here, withheld" without a colour that could pass for a count.
 */
export function hatchSegments(bins: readonly Bin[]): { x: number; y: number; x2: number; y2: number }[] {
  return bins.flatMap((b) => {
    const { pre_low: x0, post_low: y0 } = b;
    const w = b.bin_width;
    return [
      { x: x0, y: y0 + w / 2, x2: x0 + w / 2, y2: y0 + w },
      { x: x0, y: y0, x2: x0 + w, y2: y0 + w },
      { x: x0 + w / 2, y: y0, x2: x0 + w, y2: y0 + w / 2 },
    ];
  });
}

/** One level's panel: the binned counts and guide lines, its own data in each layer. */
function levelPanel(info: MeasureInfo, level: string, bins: readonly Bin[], band: Band | undefined, range: [number, number], lines: readonly string[]) {
  const [lo, hi] = range;
  // Ticks at the bins' edges, so the grid lines are the bins' own (the width is the same for every bin of a measure).
  const width = bins[0]?.bin_width ?? 0;
  const edges = width > 0 && (hi - lo) / width <= BINS_PER_SIDE + 0.5 ? Array.from({ length: Math.round((hi - lo) / width) + 1 }, (_, i) => Number((lo + i * width).toFixed(6))) : undefined;
  const axis = (title: string) => ({ type: 'quantitative' as const, title, scale: { domain: [lo, hi], nice: false, zero: false }, ...(edges ? { axis: { values: edges } } : {}) });
  const shown = bins.filter((b) => b.count !== null).map((b) => ({ ...toRect(b), count: b.count }));
  const secondary = bins.filter((b) => b.count === null && withheldReason(b, 'count') === 'c');
  const withheld = secondary.map((b) => ({ ...toRect(b), pre_mid: b.pre_low + b.bin_width / 2, post_mid: b.post_low + b.bin_width / 2, count_label: '[c]' }));
  const threshold = band?.threshold ?? null;
  const note = threshold === null ? 'Reliable change threshold not known' : `Reliable change: ±${threshold.toFixed(1)} points`;
  const corners = cornerLabels(info, lo, hi);
  return {
    title: { text: levelLabel(level), subtitle: note, anchor: 'start' as const, fontSize: 12, subtitleFontSize: 10 },
    width: PANEL_SIZE,
    height: PANEL_SIZE,
    layer: [
      {
        data: { values: shown },
        mark: { type: 'rect' as const, invalid: 'filter' as const, stroke: 'white', strokeWidth: 0.5 },
        encoding: {
          x: { field: 'pre_low', ...axis('Score before') },
          x2: { field: 'pre_high' },
          y: { field: 'post_low', ...axis('Score after') },
          y2: { field: 'post_high' },
          color: { field: 'count', type: 'quantitative' as const, title: 'People', scale: { scheme: COUNT_SCHEME, zero: true } },
          tooltip: [{ field: 'pre_low', title: 'Before from' }, { field: 'pre_high', title: 'Before to' }, { field: 'post_low', title: 'After from' }, { field: 'post_high', title: 'After to' }, { field: 'count', title: 'People' }],
        },
      },
      ...(withheld.length
        ? [
            {
              data: { values: withheld },
              mark: { type: 'rect' as const, fill: 'white', stroke: WITHHELD_HATCH, strokeWidth: 1 },
              encoding: { x: { field: 'pre_low', ...axis('') }, x2: { field: 'pre_high' }, y: { field: 'post_low', ...axis('') }, y2: { field: 'post_high' }, tooltip: [{ field: 'count_label', title: 'People' }] },
            },
            {
              data: { values: hatchSegments(secondary) },
              mark: { type: 'rule' as const, color: WITHHELD_HATCH, strokeWidth: 1 },
              encoding: { x: { field: 'x', ...axis('') }, y: { field: 'y', ...axis('') }, x2: { field: 'x2' }, y2: { field: 'y2' } },
            },
            {
              data: { values: withheld },
              mark: { type: 'text' as const, fontSize: 9, fontWeight: 'bold' as const, color: '#222222', stroke: 'white', strokeWidth: 3, strokeOpacity: 0.9 },
              encoding: { x: { field: 'pre_mid', ...axis('') }, y: { field: 'post_mid', ...axis('') }, text: { field: 'count_label' } },
            },
            {
              data: { values: withheld },
              mark: { type: 'text' as const, fontSize: 9, fontWeight: 'bold' as const, color: '#222222' },
              encoding: { x: { field: 'pre_mid', ...axis('') }, y: { field: 'post_mid', ...axis('') }, text: { field: 'count_label' } },
            },
          ]
        : []),
      {
        data: { values: guideSegments(lo, hi, band) },
        mark: { type: 'rule' as const, color: GUIDE_COLOUR, strokeWidth: 1.5 },
        encoding: {
          x: { field: 'x', ...axis('') },
          y: { field: 'y', ...axis('') },
          x2: { field: 'x2' },
          y2: { field: 'y2' },
          strokeDash: {
            field: 'line',
            type: 'nominal' as const,
            title: null,
            scale: { domain: [...lines], range: lines.map((l) => LINE_DASHES[l as keyof typeof LINE_DASHES] ?? [1, 0]) },
            legend: { orient: 'bottom' as const, direction: 'horizontal' as const, symbolType: 'stroke', symbolStrokeColor: GUIDE_COLOUR, labelLimit: 300 },
          },
        },
      },
      ...corners.map((corner) => ({
        data: { values: [corner] },
        mark: { type: 'text' as const, fontSize: 10, fontStyle: 'italic', color: SIGNAL_COLOUR, align: corner.align, baseline: corner.baseline },
        encoding: { x: { field: 'x', ...axis('') }, y: { field: 'y', ...axis('') }, text: { field: 'text' } },
      })),
    ],
  };
}

/** "20.0 points wide (5 a side)": the squares' width, and how many fit a side of the range. */
function widthWords(width: number, range: [number, number]): string {
  const perSide = Math.round((range[1] - range[0]) / width);
  return `${Number.isInteger(width) ? width : width.toFixed(1)} points wide (${perSide} a side)`;
}

/**
 * The chart of one comparison and measure, a panel per level with something to draw; null
 * when no level has (every bin [low]).
 */
function jacobsonTruaxSpec(results: Results, comparison: string, measure: string, bins: readonly Bin[], bands: readonly Band[]): { chart: ChartSpec | null; left: string[] } {
  const info = measureInfo(results, measure);
  const range = axisRange(info, bins);
  const minCell = results.disclosure.min_cell;
  const allLevels = orderLevels(results, comparison, bins.map((b) => b.level));
  const levels = allLevels.filter((l) => bins.some((b) => b.level === l && drawn(b)));
  const left = allLevels.filter((l) => !levels.includes(l)).map((l) => `${levelLabel(l)} [low]`);
  if (!levels.length) return { chart: null, left };
  const width = bins[0]?.bin_width ?? 0;
  const perSide = Math.round((range[1] - range[0]) / width);
  const hatched = bins.filter((b) => levels.includes(b.level) && b.count === null && withheldReason(b, 'count') === 'c').length;
  const lines = Object.values(LINE_NAMES).filter((name) => levels.some((l) => guideSegments(range[0], range[1], bands.find((b) => b.level === l)).some((s) => s.line === name)));
  const better = info.direction === 'lower_better' ? 'below' : 'above';
  const title = `${info.label}, scores before and after: ${comparisonName(results, comparison)}`;
  const sentences = [
    `Each square counts the people whose scores fell in it before (across) and after (up); squares are ${widthWords(width, range)}, darker means more people.`,
    ...(perSide < BINS_PER_SIDE ? [`The grid is coarser than ${BINS_PER_SIDE} a side so that no square shows fewer than ${minCell} people.`] : []),
    ...(info.direction ? [`People ${better} the solid diagonal scored better after the programme; on it, no change.`] : []),
    'Outside the dashed lines the change is larger than measurement error alone would give (reliable change). Dotted lines mark the clinical cut-off, where known.',
    ...(hatched ? [`Hatched squares marked [c] are withheld to protect another figure.`] : []),
    ...(left.length ? [`Not shown: ${left.join(', ')}: fewer than ${minCell} people (or too few for a model).`] : []),
  ];
  return {
    left,
    chart: {
      id: chartId('jacobson-truax', comparison, measure),
      title,
      spec: {
        $schema: VEGA_LITE_SCHEMA,
        title: chartTitle(title, sentences),
        hconcat: levels.map((level) =>
          levelPanel(
            info,
            level,
            bins.filter((b) => b.level === level),
            bands.find((b) => b.level === level),
            range,
            lines,
          ),
        ),
        resolve: { scale: { color: 'shared', strokeDash: 'shared' } },
      },
    },
  };
}

/** Why a measure's grid is not drawn, in one line. */
export function gridWithheldLine(minCell: number): string {
  return `grid withheld: even 2 × 2 bins would show fewer than ${minCell} people; see the reliable change counts.`;
}

/**
 * Jacobson–Truax plots, one chart per comparison and measure, a panel per level: squares of
 * the binned pre/post grid (at the width disclosure control chose) coloured by how many people
 * they hold, [c] bins hatched and labelled (never coloured as a count), [low] bins not drawn,
 * the solid diagonal of no change, dashed lines post = pre ± the reliable change threshold,
 * and dotted lines at the clinical cut-off where norms exist. Corner labels say which side is
 * "better after" for the measure. Read: mass off the diagonal on the better side, beyond the
 * dashed line, is reliable improvement. A measure with attitude change results but no bins
 * (its grid withheld) gets one line in a closing note chart, never an empty grid.
 */
export function jacobsonTruaxChart(results: Results): ChartSpec[] {
  const { jacobson_truax: bins, reliable_change_bands: bands, change } = results.attitudes;
  const minCell = results.disclosure.min_cell;
  const scored = [...new Set(change.filter((c) => c.n === null || c.n > 0).map((c) => c.measure))];
  const withheldGrids = scored.filter((m) => !bins.some((b) => b.measure === m));
  if (!bins.length && !withheldGrids.length) return [emptyChart('jacobson-truax', 'Scores before and after', 'No binned before-and-after scores in these results.')];
  const keys = [...new Map(bins.map((b) => [`${b.comparison}\u0000${b.measure}`, { comparison: b.comparison, measure: b.measure }])).values()];
  const charts: ChartSpec[] = [];
  const notes: NoteItem[] = withheldGrids.map((m) => ({ label: measureInfo(results, m).label, text: gridWithheldLine(minCell) }));
  for (const { comparison, measure } of keys) {
    const { chart } = jacobsonTruaxSpec(
      results,
      comparison,
      measure,
      bins.filter((b) => b.comparison === comparison && b.measure === measure),
      bands.filter((b) => b.comparison === comparison && b.measure === measure),
    );
    if (chart) charts.push(chart);
    else notes.push({ label: `${measureInfo(results, measure).label}, ${comparisonName(results, comparison)}`, text: `not shown: every group has fewer than ${minCell} people with scores before and after ([low]).` });
  }
  if (notes.length) charts.push(noteChart('jacobson-truax-withheld', 'Scores before and after: grids not shown', notes));
  return charts;
}
