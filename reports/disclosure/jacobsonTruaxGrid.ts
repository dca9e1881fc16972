/**
 * Jacobson–Truax grids that show no small count and no place where one sits. Greying out
 * the bins that hold 1 to minCell − 1 people still tells a reader where those people are on
 * the pre/post plane; the ONS / GSS "Disclosure control guidance for tables produced from
 * administrative data" recommends *table redesign* (collapsing categories) before
 * suppression. So for each measure the grid is coarsened, the same way for every level
 * (bins stay aligned, so levels can be tied to one another), to the finest of 10, 5 or 2
 * bins a side in which every bin of every level with at least minCell pairs holds none or
 * at least minCell people. When even 2 × 2 does not do, the grid is not published; the
 * reliable change counts remain as its marginal summary.
 */
import { BINS_PER_SIDE } from '../../pipeline/analyse/attitudes/jacobsonTruax.ts';
import type { AnalysisResults } from '../../schemas/results.ts';

type Bin = AnalysisResults['attitudes']['jacobson_truax'][number];
type Measure = AnalysisResults['attitudes']['measures'][number];

/** Fine bins merged per coarse bin, a side: 10, 5 and 2 bins a side. */
export const MERGE_FACTORS = [1, 2, 5] as const;

/** The grid chosen for each measure: bins a side, or null when no grid is published. */
export interface GridChoice {
  measure: string;
  bins_per_side: number | null;
}

const fineWidth = (m: Measure) => (m.max - m.min) / BINS_PER_SIDE;
const index = (low: number, m: Measure, width: number) => Math.round((low - m.min) / width);

/** The fine-bin concepts of the linkage that a (possibly coarse) bin covers. */
export function jacobsonTruaxConcepts(bin: Bin, measures: readonly Measure[]): string[] {
  const m = measures.find((x) => x.measure === bin.measure);
  if (!m) return [];
  const f = Math.round(bin.bin_width / fineWidth(m));
  const i0 = index(bin.pre_low, m, bin.bin_width) * f;
  const j0 = index(bin.post_low, m, bin.bin_width) * f;
  const out: string[] = [];
  for (let i = i0; i < i0 + f; i++) for (let j = j0; j < j0 + f; j++) out.push(`jt|${bin.measure}|${i}|${j}`);
  return out;
}

function coarsen(bins: readonly Bin[], m: Measure, f: number): Bin[] {
  const width = fineWidth(m) * f;
  const merged = new Map<string, Bin>();
  for (const b of bins) {
    const i = Math.floor(index(b.pre_low, m, fineWidth(m)) / f);
    const j = Math.floor(index(b.post_low, m, fineWidth(m)) / f);
    const key = `${b.comparison}|${b.level}|${i}|${j}`;
    const found = merged.get(key);
    if (found) found.count = (found.count ?? 0) + (b.count ?? 0);
    else merged.set(key, { comparison: b.comparison, level: b.level, measure: b.measure, bin_width: width, pre_low: m.min + i * width, post_low: m.min + j * width, count: b.count ?? 0 });
  }
  return [...merged.values()];
}

/** The results with each measure's grid coarsened as the file comment says, and the choices. */
export function coarsenJacobsonTruax(results: AnalysisResults, minCell: number): { results: AnalysisResults; grids: GridChoice[] } {
  const pairs = new Map(results.attitudes.change.map((c) => [`${c.comparison}|${c.level}|${c.measure}`, c.n]));
  const out: Bin[] = [];
  const grids: GridChoice[] = [];
  for (const m of results.attitudes.measures) {
    const bins = results.attitudes.jacobson_truax.filter((b) => b.measure === m.measure);
    if (!bins.length) continue;
    const published = (b: Bin) => (pairs.get(`${b.comparison}|${b.level}|${b.measure}`) ?? 0) >= minCell;
    const f = MERGE_FACTORS.find((factor) => coarsen(bins, m, factor).every((b) => !published(b) || b.count === 0 || b.count! >= minCell));
    grids.push({ measure: m.measure, bins_per_side: f === undefined ? null : BINS_PER_SIDE / f });
    if (f !== undefined) out.push(...coarsen(bins, m, f));
  }
  return { results: { ...results, attitudes: { ...results.attitudes, jacobson_truax: out } }, grids };
}
