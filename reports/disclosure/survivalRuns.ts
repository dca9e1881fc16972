/**
 * Kaplan–Meier steps published in runs, so that no step reveals a handful of reoffenders.
 *
 * A Kaplan–Meier row with 2 events among 140 at risk is a cell of 2 people, and hiding the
 * events alone is not enough: S(t)/S(t−) = 1 − events/at_risk gives them back. Following the
 * threshold rule of the ONS / GSS "Disclosure control guidance for tables produced from
 * administrative data" and the common practice of publishing survival curves only where at
 * least a minimum number are at risk (the curve is cut there):
 * - consecutive event times are pooled into runs of at least minCell events;
 * - a run shows at_risk on its first row and surv (with its CI) on its last; the rows in
 *   between show neither; events show only for a run of one step (≥ minCell events at once);
 * - a landmark (reconviction.landmarks) whose step would fall inside a run ends the run before
 *   it instead: the steps up to the landmark join the previous run (still ≥ minCell events),
 *   when that leaves at least minCell at risk; so the landmark's S is a published run end;
 * - the curve is cut, every field withheld, from the first run that starts with fewer than
 *   minCell at risk, leaves fewer than minCell at risk after its last step (censoring
 *   included), or cannot gather minCell events before the curve ends;
 * - a curve whose level has fewer than minCell people, reoffences or non-reoffences is not
 *   published at all (no step of a model from so few).
 * From what is shown, a run's events are only known together with the people censored in it.
 */
import type { AnalysisResults } from '../../schemas/results.ts';
import { isWithheld, withhold, type WithheldFields } from './withheldFields.ts';

const ROW_FIELDS = ['at_risk', 'events', 'surv', 'ci_low', 'ci_high'] as const;

/** The survival rows' indices, per curve (comparison and level), in time order. */
export function survivalCurveRows(results: AnalysisResults): Map<string, number[]> {
  const curves = new Map<string, number[]>();
  results.reconviction.survival.forEach((row, i) => {
    const key = `${row.comparison}|${row.level}`;
    curves.set(key, [...(curves.get(key) ?? []), i]);
  });
  for (const rows of curves.values()) rows.sort((a, b) => results.reconviction.survival[a]!.time_days - results.reconviction.survival[b]!.time_days);
  return curves;
}

/** Mark the withheld fields of every survival row (in place). */
export function withholdSurvivalRuns(withheld: WithheldFields, results: AnalysisResults, minCell: number): void {
  const rows = results.reconviction.survival;
  const curves = new Map(results.reconviction.survival_curves.map((c) => [`${c.comparison}|${c.level}`, c]));
  for (const [key, indices] of survivalCurveRows(results)) {
    let i = 0;
    let cutFrom = indices.length;
    const curve = curves.get(key);
    if (!curve || curve.n === null || curve.events === null || Math.min(curve.n, curve.events, curve.n - curve.events) < minCell) i = cutFrom = 0;
    const ends = landmarkSteps(results, key, indices);
    const runs: [number, number][] = [];
    const leftAfter = (k: number) => {
      const row = rows[indices[k]!]!;
      return row.at_risk === null || row.events === null ? null : row.at_risk - row.events;
    };
    while (cutFrom > 0 && i < indices.length) {
      const atRisk = rows[indices[i]!]!.at_risk;
      let events = 0;
      let j = i;
      let unknown = false;
      while (j < indices.length && events < minCell) {
        const e = rows[indices[j]!]!.events;
        if (e === null) unknown = true;
        events += e ?? 0;
        j++;
      }
      const left = leftAfter(j - 1);
      const valid = !(unknown || atRisk === null || atRisk < minCell || events < minCell || left === null || left < minCell);
      // A landmark whose step falls inside this run (or in a tail too short to publish) would be
      // withheld with it: end the previous run at that step instead, when it still leaves min_cell at risk.
      const inside = [...ends].filter((k) => k >= i && (valid ? k < j - 1 : k < j)).pop();
      const known = inside !== undefined && indices.slice(i, inside + 1).every((index) => rows[index]!.events !== null);
      const leftThere = inside === undefined ? null : leftAfter(inside);
      if (runs.length && inside !== undefined && known && leftThere !== null && leftThere >= minCell) {
        runs[runs.length - 1]![1] = inside + 1;
        i = inside + 1;
        continue;
      }
      if (!valid) {
        cutFrom = i;
        break;
      }
      runs.push([i, j]);
      i = j;
    }
    for (const [a, b] of runs) {
      for (let k = a; k < b; k++) {
        const index = indices[k]!;
        if (k > a) withhold(withheld, 'reconviction.survival', index, 'at_risk');
        if (b - a > 1) withhold(withheld, 'reconviction.survival', index, 'events');
        if (k < b - 1) for (const f of ['surv', 'ci_low', 'ci_high']) withhold(withheld, 'reconviction.survival', index, f);
      }
    }
    for (let k = cutFrom; k < indices.length; k++) for (const f of ROW_FIELDS) withhold(withheld, 'reconviction.survival', indices[k]!, f);
  }
}

/**
 * The positions (in the curve's time order) of the steps the curve's landmarks equal: for each
 * landmark, the last step on or before it.
 */
function landmarkSteps(results: AnalysisResults, key: string, indices: readonly number[]): Set<number> {
  const out = new Set<number>();
  for (const l of results.reconviction.landmarks ?? []) {
    if (`${l.comparison}|${l.level}` !== key) continue;
    let k = -1;
    indices.forEach((index, position) => {
      if (results.reconviction.survival[index]!.time_days <= l.time_days) k = position;
    });
    if (k >= 0) out.add(k);
  }
  return new Set([...out].sort((a, b) => a - b));
}

/** True when the row's events are shown by the runs (a one-step run). */
export function survivalEventsShown(withheld: WithheldFields, index: number): boolean {
  return !isWithheld(withheld, 'reconviction.survival', index, 'events');
}
