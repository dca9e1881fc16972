/**
 * A chart's key numbers in words, for the `<desc>` a screen reader gives (reports/render/
 * accessibleSvg.ts): what each mark's tooltip says, mark by mark, as sentences. The tooltip is
 * where each chart already names the numbers a reader hovers for, with their titles and
 * formats ("Estimate: −1.23; 95% CI from: −2.00; 95% CI to: −0.45."), so the description is
 * derived from the spec rather than written a second time beside each chart.
 *
 * - Every unit (layer, concatenation, facet) with a tooltip is read, with its own data or the
 *   data it inherits; values are formatted by the tooltip's d3 format, as vega formats them.
 * - A panel's title (a measure's name, say) heads the sentences of its marks; the chart's own
 *   title does not (the description follows it).
 * - A field with no value (withheld, or not estimated) is left out of its sentence; a mark
 *   with no value left says nothing.
 * - A long series (a survival curve's steps, a grid's cells) gives its first
 *   {@link MOST_PER_UNIT} marks and says how many more there are and where they are.
 *
 * @example
 * keyNumbers({
 *   data: { values: [{ row: 'Building Choices', estimate: -1.234, ci_low: -2, ci_high: -0.45 }] },
 *   mark: 'point',
 *   encoding: { tooltip: [{ field: 'row', title: 'Row' }, { field: 'estimate', title: 'Estimate', format: '.2f' }, { field: 'ci_low', title: '95% CI from', format: '.2f' }] },
 * }, 'charts/forest.vl.json');
 * // 'Row: Building Choices; Estimate: −1.23; 95% CI from: −2.00.'
 */
import { format as d3Format } from 'd3-format';

/** Marks described per unit before the rest are counted rather than read out. */
export const MOST_PER_UNIT = 20;

type Spec = Record<string, unknown>;
interface TooltipField {
  field: string;
  title?: string;
  format?: string;
}

const isObject = (value: unknown): value is Spec => typeof value === 'object' && value !== null && !Array.isArray(value);
const valuesOf = (spec: Spec): Spec[] | null => {
  const data = spec.data;
  return isObject(data) && Array.isArray(data.values) ? (data.values as Spec[]) : null;
};

function tooltipOf(spec: Spec): TooltipField[] {
  const encoding = spec.encoding;
  if (!isObject(encoding)) return [];
  const tooltip = encoding.tooltip;
  const fields = Array.isArray(tooltip) ? tooltip : isObject(tooltip) ? [tooltip] : [];
  return fields.filter((f): f is TooltipField => isObject(f) && typeof f.field === 'string');
}

function valueText(value: unknown, fieldFormat: string | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    return fieldFormat ? d3Format(fieldFormat)(value) : String(value);
  }
  return String(value);
}

function sentence(datum: Spec, fields: readonly TooltipField[]): string | null {
  const parts = fields.flatMap((f) => {
    const text = valueText(datum[f.field], f.format);
    return text === null ? [] : [`${f.title ?? f.field}: ${text}`];
  });
  // A mark whose numbers are all withheld or missing says nothing (the caption says what is withheld).
  const hasNumber = fields.some((f) => typeof datum[f.field] === 'number' && Number.isFinite(datum[f.field]));
  const lacksSome = parts.length < fields.length;
  return parts.length === 0 || (!hasNumber && lacksSome) ? null : `${parts.join('; ')}.`;
}

/** A panel's own title (a concatenated or layered unit's, not the chart's), as a heading sentence. */
function panelTitle(spec: Spec): string | null {
  const title = isObject(spec.title) ? spec.title.text : spec.title;
  const text = Array.isArray(title) ? title.join(' ') : typeof title === 'string' ? title : '';
  return text.trim() ? `${text.trim().replace(/[.:]$/, '')}:` : null;
}

function describe(spec: Spec, inherited: Spec[] | null, where: string, out: string[], root = false): void {
  const data = valuesOf(spec) ?? inherited;
  const heading = root ? null : panelTitle(spec);
  if (heading) out.push(heading);
  const fields = tooltipOf(spec);
  if (fields.length && data) {
    const sentences = data.map((datum) => sentence(datum, fields)).filter((s): s is string => s !== null);
    out.push(...sentences.slice(0, MOST_PER_UNIT));
    if (sentences.length > MOST_PER_UNIT) out.push(`${sentences.length - MOST_PER_UNIT} more marks like these are in ${where}.`);
  }
  for (const key of ['layer', 'vconcat', 'hconcat', 'concat']) {
    const children = spec[key];
    if (Array.isArray(children)) for (const child of children) if (isObject(child)) describe(child, data, where, out);
  }
  if (isObject(spec.spec)) describe(spec.spec, data, where, out);
}

/** The key numbers of a vega-lite spec's marks, as sentences; `where` names the file that holds all of them. */
export function keyNumbers(spec: unknown, where: string): string {
  if (!isObject(spec)) return '';
  const out: string[] = [];
  describe(spec, null, where, out, true);
  return out.join(' ');
}
