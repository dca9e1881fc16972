/**
 * The layers every forest plot of the report shares: a reference line (no change, no
 * difference, hazard ratio 1), a 95% confidence interval as a horizontal line, the estimate
 * as a point, and, for rows whose estimate is missing, a short grey note instead of a point.
 *
 * Rows carry `row` (the y label), `estimate`, `ci_low`, `ci_high` (numbers or null) and
 * `missing` (the note to print, empty when the estimate is present). Marks use vega-lite's
 * `invalid: 'filter'`, so a null is left out of the marks and the scales, never drawn at 0.
 * A chart with several panels stacks them (vconcat), each panel with its own data and x
 * scale, rather than faceting (faceted layers with independent scales draw warnings).
 */
import { GUIDE_COLOUR } from './palette.ts';

/** The row labels' axis of a forest panel (generous limits: Node estimates text widths high). */
const ROW_AXIS = { field: 'row', type: 'nominal' as const, sort: null, title: null, axis: { labelLimit: 400, minExtent: 200 } };

/** One row of a forest plot. */
export interface ForestRow {
  row: string;
  estimate: number | null;
  ci_low: number | null;
  ci_high: number | null;
  /** What to print in place of a missing estimate: its mark, [low] or [c], or e.g. "not estimable"; '' otherwise. */
  missing: string;
}

/** How the interval and point are coloured and shaped, and the x axis. */
export interface ForestStyle {
  /** Colour encoding (a field encoding with its scale). */
  color: Record<string, unknown>;
  /** Optional shape encoding. */
  shape?: Record<string, unknown>;
  xTitle: string;
  /** Where the reference line goes: 0 for differences, 1 for ratios. */
  reference: number;
  /** 'log' for ratios. */
  scale?: 'linear' | 'log';
  /** Extra tooltip fields. */
  tooltip?: Record<string, unknown>[];
}

/** The forest plot layers, for a spec whose data holds ForestRow-shaped rows. */
export function forestLayers(style: ForestStyle, domain?: readonly [number, number]) {
  const scale = {
    ...(style.scale === 'log' ? { type: 'log' as const, nice: false, padding: 14 } : { type: 'linear' as const, zero: true, nice: false, padding: 14 }),
    ...(domain ? { domain: [...domain] } : {}),
  };
  const x = { type: 'quantitative' as const, title: style.xTitle, scale };
  return [
    { mark: { type: 'rule' as const, color: GUIDE_COLOUR, strokeDash: [4, 3] }, encoding: { x: { datum: style.reference, ...x } } },
    {
      mark: { type: 'rule' as const, strokeWidth: 2, invalid: 'filter' as const },
      encoding: { y: ROW_AXIS, x: { field: 'ci_low', ...x }, x2: { field: 'ci_high' }, color: style.color },
    },
    {
      mark: { type: 'point' as const, filled: true, size: 70, opacity: 1, invalid: 'filter' as const },
      encoding: {
        y: ROW_AXIS,
        x: { field: 'estimate', ...x },
        color: style.color,
        ...(style.shape ? { shape: style.shape } : {}),
        tooltip: [{ field: 'row', title: 'Row' }, { field: 'estimate', title: 'Estimate', format: '.2f' }, { field: 'ci_low', title: '95% CI from', format: '.2f' }, { field: 'ci_high', title: '95% CI to', format: '.2f' }, ...(style.tooltip ?? [])],
      },
    },
    {
      mark: { type: 'text' as const, align: 'left' as const, fontSize: 10, fontStyle: 'italic', color: '#555555' },
      encoding: { y: ROW_AXIS, x: { value: 4 }, text: { field: 'missing' } },
    },
  ];
}

/**
 * One panel of a forest plot: a heading, one row per ForestRow (in the order given), its
 * own x scale. Stack panels with vconcat.
 */
export function forestPanel(heading: string, rows: readonly ForestRow[], style: ForestStyle, width = 420) {
  // A panel whose every row is withheld still has an axis: around the reference line, not a
  // range from the reference to itself (which Vega labels "0.000000 to 0.000000").
  const nothing = rows.every((r) => r.estimate === null && r.ci_low === null && r.ci_high === null);
  const around: [number, number] = style.scale === 'log' ? [style.reference / 2, style.reference * 2] : [style.reference - 1, style.reference + 1];
  return {
    title: { text: heading, anchor: 'start' as const, fontSize: 12, fontWeight: 'bold' as const, offset: 6 },
    data: { values: rows.map((r) => ({ ...r })) },
    width,
    height: { step: 26 },
    layer: forestLayers(style, nothing ? around : undefined),
  };
}
