/**
 * Disclosure rules for monitoring: quarterly p-charts and regional observed/expected, with
 * the funnel. Threshold rule and complementary suppression as in the ONS / GSS "Disclosure
 * control guidance for tables produced from administrative data"; Ministry of Justice
 * practice of publishing no proven reoffending count below the threshold.
 *
 * Counts: a quarter's n (base itself), reoffended and the implied n − reoffended (base n); a
 * region's n, observed and the implied n − observed.
 *
 * Relations protected (checked ones only when the values obey them):
 * - a family's n = Σ its quarters' n, its reoffended = Σ its quarters' reoffended (implied);
 * - the centre line is the family's reoffended ÷ its n, so beside either it gives the other:
 *   it is a published place of both (with every quarter's n shown it would give the family's
 *   reoffended, and a lone withheld quarter, back). Withholding either withholds the centre,
 *   and the control limits with it, rather than the quarters themselves;
 * - a family's totals equal its level's rates in any comparison by programme_family (the
 *   same people; never a cell that merely has the same value);
 * - the regions' n and observed add up to the programme arm's, which may equal an O/E record
 *   or a comparison's two O/E levels.
 *
 * Statistics: a quarter's rate goes with n or reoffended; lcl and ucl with n (they are the
 * centre ± 3 √(centre(1 − centre)/n), so give n back); the centre with the family's n. A
 * region's expected goes with n, its ratio with n or observed. The funnel is drawn over the
 * range of the regions' expected counts, and its first and last points (half the smallest,
 * one and a half times the largest) would give a withheld region's expected back: it is then
 * redrawn over the regions that are shown.
 */
import type { AnalysisResults } from '../../schemas/results.ts';
import { funnelCurve } from '../../pipeline/analyse/stats/funnelLimits.ts';
import { addCell, addSum, type CellTable } from './cellTable.ts';
import { applyStatisticRules } from './statisticRule.ts';
import { isWithheld, type WithheldFields } from './withheldFields.ts';

const minus = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);
const total = (xs: readonly (number | null)[]) => (xs.some((x) => x === null) ? null : (xs as number[]).reduce((s, x) => s + x, 0));

/** Quarterly records grouped by programme family and window. */
function families(results: AnalysisResults): Map<string, number[]> {
  const out = new Map<string, number[]>();
  results.monitoring.quarterly.forEach((q, i) => {
    const k = `${q.programme_family}|${q.window_months}`;
    out.set(k, [...(out.get(k) ?? []), i]);
  });
  return out;
}

/**
 * The centre line is the family's overall rate: × its n it gives the family's reoffenders back,
 * so it is published only when they and the non-reoffenders both number at least minCell.
 */
function centreShown(reoffended: number | null, n: number | null, minCell: number): boolean {
  return reoffended !== null && n !== null && reoffended >= minCell && n - reoffended >= minCell;
}

/** Add monitoring counts and their relations to the table. */
export function addMonitoringCells(table: CellTable, results: AnalysisResults, minCell: number): void {
  const quarterly = results.monitoring.quarterly;
  // A family's quarterly totals are the people of that programme family: the same cells as
  // its level in any comparison by programme_family (never a cell that merely has the same value).
  const plan = results.plan as { comparisons?: { id: string; by: string }[] } | null;
  const byFamily = (plan?.comparisons ?? []).filter((c) => c.by === 'programme_family').map((c) => c.id);
  const ratesCells = (family: string, window: number, field: 'n' | 'reoffended') =>
    byFamily.map((c) => `level|${c}|${family}|classed|${window}${field === 'n' ? '' : '|any|reoffended'}`).filter((id) => table.cells.has(id));
  for (const [family, indices] of families(results)) {
    const ns: string[] = [];
    const reoffs: string[] = [];
    for (const i of indices) {
      const q = quarterly[i]!;
      const at = (path: string) => ({ section: 'monitoring.quarterly' as const, index: i, path });
      const qk = `quarter|${q.programme_family}|${q.quarter}|${q.window_months}`;
      const n = addCell(table, { id: `${qk}|n`, value: q.n, place: at('n'), base: q.n, total: true });
      const r = addCell(table, { id: `${qk}|reoffended`, value: q.reoffended, place: at('reoffended'), base: q.n });
      addSum(table, n, [r, addCell(table, { id: `${qk}|not_reoffended`, value: minus(q.n, q.reoffended), base: q.n })], 'quarterly: n = reoffended + not reoffended', 'defining');
      ns.push(n);
      reoffs.push(r);
    }
    const nValue = total(indices.map((i) => quarterly[i]!.n));
    const rValue = total(indices.map((i) => quarterly[i]!.reoffended));
    const familyN = addCell(table, { id: `family|${family}|n`, value: nValue, base: nValue, total: true });
    const familyR = addCell(table, { id: `family|${family}|reoffended`, value: rValue, base: nValue });
    addSum(table, familyN, ns, "quarterly: the family's n = Σ quarters' n", 'defining');
    addSum(table, familyR, reoffs, "quarterly: the family's reoffended = Σ quarters' reoffended", 'defining');
    const centre = quarterly[indices[0]!]!.centre;
    // The centre line is published only when it cannot give a small count back (see below).
    // It is reoffended ÷ n for the family, so beside either it gives the other: it is printed
    // as a place of both family cells, and withholding either (when a level of the family
    // must be protected) withholds the centre line, not every quarter.
    if (centre !== null && centreShown(rValue, nValue, minCell) && indices.every((i) => quarterly[i]!.centre === centre)) {
      for (const i of indices) {
        const at = { section: 'monitoring.quarterly' as const, index: i, path: 'centre' };
        addCell(table, { id: familyN, value: nValue, base: nValue, place: at });
        addCell(table, { id: familyR, value: rValue, base: nValue, place: at });
      }
    }
    const window = quarterly[indices[0]!]!.window_months;
    const familyName = quarterly[indices[0]!]!.programme_family;
    for (const id of ratesCells(familyName, window, 'n')) addSum(table, id, [familyN], "quarterly: the family's n = its level's n", 'checked');
    for (const id of ratesCells(familyName, window, 'reoffended')) addSum(table, id, [familyR], "quarterly: the family's reoffended = its level's reoffended", 'checked');
  }

  const regions = results.monitoring.regions;
  const ns: string[] = [];
  const obs: string[] = [];
  regions.forEach((r, index) => {
    const at = (path: string) => ({ section: 'monitoring.regions' as const, index, path });
    const n = addCell(table, { id: `region|${r.region}|n`, value: r.n, place: at('n'), base: r.n, total: true });
    const o = addCell(table, { id: `region|${r.region}|observed`, value: r.observed, place: at('observed'), base: r.n });
    addSum(table, n, [o, addCell(table, { id: `region|${r.region}|not_observed`, value: minus(r.n, r.observed), base: r.n })], 'regions: n = observed + not observed', 'defining');
    ns.push(n);
    obs.push(o);
  });
  if (!regions.length) return;
  const nValue = total(regions.map((r) => r.n));
  const allN = addCell(table, { id: 'regions|n', value: nValue, base: nValue, total: true });
  const allO = addCell(table, { id: 'regions|observed', value: total(regions.map((r) => r.observed)), base: nValue });
  addSum(table, allN, ns, "regions: the arm's n = Σ regions' n", 'defining');
  addSum(table, allO, obs, "regions: the arm's observed = Σ regions' observed", 'defining');
  const oe = [...table.cells.keys()].filter((id) => /\|oe\|\d+\|(n|observed)$/.test(id));
  for (const id of oe) addSum(table, id.endsWith('|n') ? allN : allO, [id], "regions: the arm's totals = an O/E record's", 'checked');
  const byComparison = new Map<string, string[]>();
  for (const id of oe) {
    const [, comparison, , , window, field] = id.split('|');
    const key = `${comparison}|${window}|${field}`;
    byComparison.set(key, [...(byComparison.get(key) ?? []), id]);
  }
  for (const [key, ids] of byComparison) if (ids.length >= 2) addSum(table, key.endsWith('|n') ? allN : allO, ids, "regions: the arm's totals = a comparison's O/E levels", 'checked');
}

/** Mark the monitoring statistics that follow withheld or small counts. */
export function withholdMonitoringStatistics(withheld: WithheldFields, results: AnalysisResults, minCell: number): void {
  const quarterly = results.monitoring.quarterly;
  for (const indices of families(results).values()) {
    const familyN = total(indices.map((i) => quarterly[i]!.n));
    for (const i of indices) {
      const q = quarterly[i]!;
      applyStatisticRules(
        withheld,
        'monitoring.quarterly',
        i,
        [
          { fields: ['rate'], base: q.n, dependsOn: ['n', 'reoffended'] },
          { fields: ['centre'], base: centreShown(total(indices.map((k) => quarterly[k]!.reoffended)), familyN, minCell) ? familyN : null },
          // The limits are centre ± 3 √(centre(1 − centre)/n): they give n and the centre back.
          { fields: ['lcl', 'ucl'], base: q.n, dependsOn: ['n', 'centre'] },
        ],
        minCell,
      );
    }
  }
  results.monitoring.regions.forEach((r, index) => {
    applyStatisticRules(
      withheld,
      'monitoring.regions',
      index,
      [
        { fields: ['expected'], base: r.n, dependsOn: ['n'] },
        { fields: ['ratio'], base: r.n, dependsOn: ['n', 'observed'] },
      ],
      minCell,
    );
  });
}

/**
 * The funnel to publish: unchanged unless a withheld region's expected count could be read
 * off its ends, in which case it is redrawn over the shown regions' range (empty if none).
 */
export function disclosedFunnel(results: AnalysisResults, withheld: WithheldFields): AnalysisResults['monitoring']['funnel'] {
  const { regions, funnel } = results.monitoring;
  const hidden = regions.filter((r, i) => r.expected !== null && isWithheld(withheld, 'monitoring.regions', i, 'expected')).map((r) => r.expected!);
  if (!hidden.length || !funnel.length) return funnel;
  const ends = [funnel[0]!.expected, funnel[funnel.length - 1]!.expected];
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
  const leaks = hidden.some((e) => ends.some((end) => close(end, e / 2) || close(end, e * 1.5)));
  if (!leaks) return funnel;
  const shown = regions.filter((r, i) => r.expected !== null && r.expected > 0 && !isWithheld(withheld, 'monitoring.regions', i, 'expected')).map((r) => r.expected!);
  if (!shown.length) return [];
  try {
    return funnelCurve(Math.max(0.5, Math.min(...shown) / 2), Math.max(...shown) * 1.5, funnel.length);
  } catch {
    return [];
  }
}
