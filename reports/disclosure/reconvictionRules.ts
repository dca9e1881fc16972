/**
 * Disclosure rules for participant flow and the reconviction sections. Threshold rule and
 * complementary suppression as in the ONS / GSS "Disclosure control guidance for tables
 * produced from administrative data"; like Justice Data Lab reports, no reoffending rate or
 * estimate is published for fewer than the minimum number of people, and a rate whose
 * reoffenders (or non-reoffenders) are few goes with them.
 *
 * Counts and their bases (the level's members = flow.referred = n + excluded of any window):
 * - flow: every count has base referred; classed.W.n is the same cell as the rates' n for W.
 * - rates: n (base itself); reoffended and the implied non-reoffenders (n − reoffended) have
 *   base n; excluded has base the members. n and excluded are one cell across categories.
 * - survival_curves: n; events and the implied censored (n − events) with base n; excluded.
 * - cox: n, events, censored (implied); logistic: n; both with dropped_missing_covariates as
 *   a part of the people in scope; matched: the pairs (n_treated = n_control, one cell),
 *   unmatched_treated; observed_expected: n, observed and the implied n − observed.
 *
 * Relations protected (checked ones only when the values obey them):
 * - members = referred = n + excluded (each window) = curve n + curve excluded;
 * - n = reoffended + not reoffended (a rate and its complement); curve n = events + censored;
 * - referred = started + not started; started = completed + not completed; referred =
 *   with_pre + without; with_pre = with_pre_and_post + pre only; referred = classed + not;
 * - cox: n + dropped = Σ the levels' curve n; the unadjusted events = Σ the curves' events;
 *   logistic: n + dropped = Σ the levels' n for the window; matched: pairs + unmatched_treated
 *   = the treated in scope; the logistic and matched dropped counts are one cell when equal;
 * - observed_expected: n = the level's 24-month n, observed = its `any` reoffended;
 * - a curve's events = Σ the events its survival rows show + the events they hide.
 * Categories: `any` is not the sum of `sexual` and `violent` (one person can be in both, and
 * other offences are not published), so there is no linear relation to protect; the bounds
 * sexual ≤ any and violent ≤ any cannot narrow a withheld count below minCell, because a
 * shown `any` below minCell is impossible.
 *
 * Statistics: rate, its CI and offences_per_100 (the offences of the reoffenders) go with n
 * or reoffended; a difference goes with either rate; logrank, Cox and logistic have base the
 * smaller level (and, for Cox and logrank, the events); matched rates go when the implied
 * reoffenders or non-reoffenders of either arm (rate × pairs) are few, the difference with
 * either rate, the balance table with the pairs; O/E's ratio, CI, p and observed rate go
 * with observed or n, expected with n.
 */
import type { AnalysisResults } from '../../schemas/results.ts';
import { addCell, addSum, type CellTable } from './cellTable.ts';
import { covariateKey } from '../../pipeline/analyse/modelCovariates.ts';
import { linkedCount } from './linkedCells.ts';
import { isDisclosiveCount, isSmallBase } from './countRule.ts';
import { applyNoteRule, applyStatisticRules } from './statisticRule.ts';
import { survivalCurveRows, survivalEventsShown } from './survivalRuns.ts';
import { isWithheld, withhold, type WithheldFields } from './withheldFields.ts';

const levelId = (comparison: string, level: string) => `level|${comparison}|${level}`;
const windowNId = (comparison: string, level: string, window: number) => `${levelId(comparison, level)}|classed|${window}`;
const minOf = (values: readonly (number | null | undefined)[]): number | null => {
  if (values.some((v) => v === null)) return null;
  const known = values.filter((v): v is number => v !== undefined);
  return known.length ? Math.min(...known) : null;
};
const plus = (a: number | null, b: number | null) => (a === null || b === null ? null : a + b);
const minus = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);

/** The levels of each comparison, as the reconviction records name them. */
function levelsOf(results: AnalysisResults): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  const add = (c: string, l: string) => out.set(c, (out.get(c) ?? new Set()).add(l));
  for (const r of results.reconviction.rates) add(r.comparison, r.level);
  for (const r of results.reconviction.survival_curves) add(r.comparison, r.level);
  for (const r of results.flow) add(r.comparison, r.level);
  return new Map([...out].map(([c, ls]) => [c, [...ls]]));
}

/** Add flow and reconviction counts and their relations to the table. */
export function addReconvictionCells(table: CellTable, results: AnalysisResults, withheld: WithheldFields): void {
  const members = (comparison: string, level: string, value: number | null) =>
    addCell(table, { id: `${levelId(comparison, level)}|members`, value, base: value, total: true });

  results.flow.forEach((f, index) => {
    const k = levelId(f.comparison, f.level);
    const at = (path: string) => ({ section: 'flow' as const, index, path });
    const link = (concept: string) => ({ comparison: f.comparison, levels: [f.level], concepts: [concept] });
    const referred = addCell(table, { id: `${k}|referred`, value: f.referred, place: at('referred'), base: f.referred, total: true, link: link('referred') });
    addSum(table, members(f.comparison, f.level, f.referred), [referred], 'flow: members = referred', 'checked');
    // Enrolments set aside as a person's later one: a count of people beside the level's, in no sum.
    addCell(table, { id: `${k}|later_enrolments`, value: f.later_enrolments, place: at('later_enrolments'), base: f.referred });
    const part = (path: 'started' | 'completed' | 'with_pre' | 'with_pre_and_post') => addCell(table, { id: `${k}|${path}`, value: f[path], place: at(path), base: f.referred, link: link(path) });
    const rest = (name: string, value: number | null, base: number | null) => addCell(table, { id: `${k}|${name}`, value: value !== null && value >= 0 ? value : null, base });
    const started = part('started');
    const completed = part('completed');
    const withPre = part('with_pre');
    const withBoth = part('with_pre_and_post');
    addSum(table, referred, [started, rest('not_started', minus(f.referred, f.started), f.referred)], 'flow: referred = started + not started', 'checked');
    addSum(table, started, [completed, rest('not_completed', minus(f.started, f.completed), f.started)], 'flow: started = completed + not completed', 'checked');
    addSum(table, referred, [withPre, rest('without_pre', minus(f.referred, f.with_pre), f.referred)], 'flow: referred = with_pre + without a pre score', 'checked');
    addSum(table, withPre, [withBoth, rest('pre_only', minus(f.with_pre, f.with_pre_and_post), f.with_pre)], 'flow: with_pre = with_pre_and_post + pre only', 'checked');
    for (const c of f.classed) {
      const n = addCell(table, { id: windowNId(f.comparison, f.level, c.window_months), value: c.n, place: at(`classed.${c.window_months}.n`), base: c.n, total: true, link: link(`classed|${c.window_months}`) });
      addSum(table, referred, [n, rest(`not_classed|${c.window_months}`, minus(f.referred, c.n), f.referred)], 'flow: referred = classed + not classed', 'checked');
    }
  });

  results.reconviction.rates.forEach((r, index) => {
    const at = (path: string) => ({ section: 'reconviction.rates' as const, index, path });
    const memberCount = plus(r.n, r.excluded);
    const m = members(r.comparison, r.level, memberCount);
    const link = (concept: string) => ({ comparison: r.comparison, levels: [r.level], concepts: [concept] });
    const n = addCell(table, { id: windowNId(r.comparison, r.level, r.window_months), value: r.n, place: at('n'), base: r.n, total: true, link: link(`classed|${r.window_months}`) });
    const excluded = addCell(table, { id: `${windowNId(r.comparison, r.level, r.window_months)}|excluded`, value: r.excluded, place: at('excluded'), base: memberCount, link: link(`not_classed|${r.window_months}`) });
    addSum(table, m, [n, excluded], 'rates: members = n + excluded', 'defining');
    const k = `${windowNId(r.comparison, r.level, r.window_months)}|${r.category}`;
    const reoffended = addCell(table, { id: `${k}|reoffended`, value: r.reoffended, place: at('reoffended'), base: r.n, link: link(`reoffended|${r.window_months}|${r.category}`) });
    const not = addCell(table, { id: `${k}|not_reoffended`, value: minus(r.n, r.reoffended), base: r.n });
    addSum(table, n, [reoffended, not], 'rates: n = reoffended + not reoffended', 'defining');
  });

  const curveCells = new Map<string, { n: string; events: string }>();
  results.reconviction.survival_curves.forEach((c, index) => {
    const k = `${levelId(c.comparison, c.level)}|curve`;
    const at = (path: string) => ({ section: 'reconviction.survival_curves' as const, index, path });
    const memberCount = plus(c.n, c.excluded);
    const link = (concept: string) => ({ comparison: c.comparison, levels: [c.level], concepts: [concept] });
    const n = addCell(table, { id: `${k}|n`, value: c.n, place: at('n'), base: c.n, total: true, link: link('curve') });
    const excluded = addCell(table, { id: `${k}|excluded`, value: c.excluded, place: at('excluded'), base: memberCount, link: link('not_curve') });
    addSum(table, members(c.comparison, c.level, memberCount), [n, excluded], 'survival_curves: members = n + excluded', 'defining');
    const events = addCell(table, { id: `${k}|events`, value: c.events, place: at('events'), base: c.n, link: link('curve_event') });
    addSum(table, n, [events, addCell(table, { id: `${k}|censored`, value: minus(c.n, c.events), base: c.n })], 'survival_curves: n = events + censored', 'defining');
    curveCells.set(`${c.comparison}|${c.level}`, { n, events });
  });
  for (const [key, indices] of survivalCurveRows(results)) {
    const curve = curveCells.get(key);
    const curveRecord = results.reconviction.survival_curves.find((c) => `${c.comparison}|${c.level}` === key);
    if (!curve || !curveRecord) continue;
    const shown = indices.filter((i) => survivalEventsShown(withheld, i));
    const shownCells = shown.map((i) =>
      addCell(table, { id: `survival|${key}|${results.reconviction.survival[i]!.time_days}|events`, value: results.reconviction.survival[i]!.events, place: { section: 'reconviction.survival', index: i, path: 'events' }, base: results.reconviction.survival[i]!.at_risk }),
    );
    const shownTotal = shown.reduce((s, i) => s + (results.reconviction.survival[i]!.events ?? 0), 0);
    const hidden = addCell(table, { id: `${key}|hidden_events`, value: minus(curveRecord.events, shownTotal), base: curveRecord.n });
    addSum(table, curve.events, [...shownCells, hidden], "survival: a curve's events = the events its rows show + those they hide", 'defining');
    // A number at risk is a count of people too: the curve's n = those at risk at a step +
    // those who left (reoffended or were censored) before it.
    for (const i of indices) {
      const row = results.reconviction.survival[i]!;
      if (isWithheld(withheld, 'reconviction.survival', i, 'at_risk') || row.at_risk === null) continue;
      // At day 0 nobody can have left yet (follow-up starts there): those at risk are the
      // curve's n itself, one cell printed twice, withheld together.
      if (row.time_days <= 0 && row.at_risk === curveRecord.n) {
        addCell(table, { id: curve.n, value: row.at_risk, place: { section: 'reconviction.survival', index: i, path: 'at_risk' }, base: row.at_risk, total: true });
        continue;
      }
      const atRisk = addCell(table, { id: `survival|${key}|${row.time_days}|at_risk`, value: row.at_risk, place: { section: 'reconviction.survival', index: i, path: 'at_risk' }, base: row.at_risk, total: true });
      const gone = addCell(table, { id: `survival|${key}|${row.time_days}|left_before`, value: minus(curveRecord.n, row.at_risk), base: curveRecord.n });
      addSum(table, curve.n, [atRisk, gone], "survival: a curve's n = those at risk at a step + those who left before it", 'defining');
    }
  }

  const levels = levelsOf(results);
  // Models: cells keyed by comparison and covariate set, so the model with covariates and the
  // one without share their people (in scope) and the people the first dropped are a cell.
  results.reconviction.cox.forEach((r, index) => {
    const at = (path: string) => ({ section: 'reconviction.cox' as const, index, path });
    const cov = covariateKey(r.covariates);
    const both = levels.get(r.comparison) ?? [];
    const link = (concept: string) => ({ comparison: r.comparison, levels: both, concepts: [concept] });
    const k = `cox|${r.comparison}|cov=${cov}`;
    const inScopeValue = plus(r.n, r.dropped_missing_covariates);
    const inScope = addCell(table, { id: `cox|${r.comparison}|in_scope`, value: inScopeValue, base: inScopeValue, total: true, link: link('curve') });
    const n = addCell(table, { id: `${k}|n`, value: r.n, place: at('n'), base: r.n, total: true, link: link(cov ? `cox|${cov}` : 'curve') });
    const dropped = addCell(table, { id: `${k}|dropped`, value: r.dropped_missing_covariates, place: at('dropped_missing_covariates'), base: inScopeValue, ...(cov ? { link: link(`cox_dropped|${cov}`) } : {}) });
    addSum(table, inScope, [n, dropped], 'cox: in scope = n + dropped_missing_covariates', 'defining');
    const events = addCell(table, { id: `${k}|events`, value: r.events, place: at('events'), base: r.n, link: link(cov ? `cox_event|${cov}` : 'curve_event') });
    addSum(table, n, [events, addCell(table, { id: `${k}|censored`, value: minus(r.n, r.events), base: r.n })], 'cox: n = events + censored', 'defining');
    // The reoffenders among the people dropped: unadjusted events − adjusted events.
    const allEvents = addCell(table, { id: `cox|${r.comparison}|in_scope_events`, value: null, base: inScopeValue, link: link('curve_event') });
    if (cov) {
      const droppedEvents = linkedCount(results.linkage, r.comparison, both, `cox_dropped_event|${cov}`);
      const de = addCell(table, { id: `${k}|dropped_events`, value: droppedEvents, base: r.dropped_missing_covariates, link: link(`cox_dropped_event|${cov}`) });
      const dn = addCell(table, { id: `${k}|dropped_non_events`, value: minus(r.dropped_missing_covariates, droppedEvents), base: r.dropped_missing_covariates });
      addSum(table, dropped, [de, dn], 'cox: dropped = dropped reoffenders + dropped non-reoffenders', 'defining');
      table.cells.get(allEvents)!.value ??= plus(r.events, droppedEvents);
      addSum(table, allEvents, [events, de], 'cox: reoffenders in scope = in the model + dropped', 'checked');
    } else {
      table.cells.get(allEvents)!.value ??= r.events;
      addSum(table, allEvents, [events], 'cox: reoffenders in scope = the unadjusted model\'s events', 'checked');
    }
    const curves = both.map((l) => curveCells.get(`${r.comparison}|${l}`));
    if (curves.length >= 2 && curves.every((c) => c)) {
      addSum(table, inScope, curves.map((c) => c!.n), "cox: in scope = Σ the levels' curve n", 'checked');
      addSum(table, allEvents, curves.map((c) => c!.events), "cox: reoffenders in scope = Σ the levels' curve events", 'checked');
    }
  });

  const inScopeId = (comparison: string, window: number) => `classed|${comparison}|${window}|in_scope`;
  const droppedId = (comparison: string, window: number, cov: string) => `classed|${comparison}|${window}|cov=${cov}|dropped`;
  const windowLevels = (comparison: string, window: number) =>
    (levels.get(comparison) ?? []).map((l) => windowNId(comparison, l, window)).filter((id) => table.cells.has(id));
  results.reconviction.logistic.forEach((r, index) => {
    const at = (path: string) => ({ section: 'reconviction.logistic' as const, index, path });
    const cov = covariateKey(r.covariates);
    const w = r.window_months;
    const link = (concept: string) => ({ comparison: r.comparison, levels: levels.get(r.comparison) ?? [], concepts: [concept] });
    const inScopeValue = plus(r.n, r.dropped_missing_covariates);
    const inScope = addCell(table, { id: inScopeId(r.comparison, w), value: inScopeValue, base: inScopeValue, total: true, link: link(`classed|${w}`) });
    const n = addCell(table, { id: `logistic|${r.comparison}|${w}|cov=${cov}|n`, value: r.n, place: at('n'), base: r.n, total: true, link: link(cov ? `classed_complete|${w}|${cov}` : `classed|${w}`) });
    const dropped = addCell(table, { id: droppedId(r.comparison, w, cov), value: r.dropped_missing_covariates, place: at('dropped_missing_covariates'), base: inScopeValue, ...(cov ? { link: link(`classed_dropped|${w}|${cov}`) } : {}) });
    addSum(table, inScope, [n, dropped], 'logistic: in scope = n + dropped_missing_covariates', 'defining');
    const parts = windowLevels(r.comparison, w);
    if (parts.length >= 2) addSum(table, inScope, parts, "logistic: in scope = Σ the levels' n for the window", 'checked');
  });

  results.reconviction.matched.forEach((r, index) => {
    const at = (path: string) => ({ section: 'reconviction.matched' as const, index, path });
    const cov = covariateKey(r.covariates);
    const w = r.window_months;
    const k = `matched|${r.comparison}|${w}|cov=${cov}`;
    const pairs = addCell(table, { id: `${k}|pairs`, value: r.n_treated, place: at('n_treated'), base: r.n_treated, total: true });
    addCell(table, { id: `${k}|pairs`, value: r.n_control, place: at('n_control'), base: r.n_control, total: true });
    const treatedLevel = (levels.get(r.comparison) ?? [])[0];
    const treatedValue = plus(r.n_treated, r.unmatched_treated);
    const treated = addCell(table, {
      id: `${k}|treated_in_scope`,
      value: treatedValue,
      base: treatedValue,
      total: true,
      ...(treatedLevel !== undefined ? { link: { comparison: r.comparison, levels: [treatedLevel], concepts: [cov ? `classed_complete|${w}|${cov}` : `classed|${w}`] } } : {}),
    });
    const unmatched = addCell(table, { id: `${k}|unmatched`, value: r.unmatched_treated, place: at('unmatched_treated'), base: treatedValue });
    addSum(table, treated, [pairs, unmatched], 'matched: treated in scope = pairs + unmatched_treated', 'defining');
    // The controls in scope: the pairs' controls and those left unmatched.
    const referenceLevel = (levels.get(r.comparison) ?? [])[1];
    if (referenceLevel !== undefined && r.n_control !== null) {
      const concept = cov ? `classed_complete|${w}|${cov}` : `classed|${w}`;
      const controlValue = linkedCount(results.linkage, r.comparison, [referenceLevel], concept);
      const control = addCell(table, { id: `${k}|control_in_scope`, value: controlValue, base: controlValue, total: true, link: { comparison: r.comparison, levels: [referenceLevel], concepts: [concept] } });
      addSum(table, control, [pairs, addCell(table, { id: `${k}|unmatched_control`, value: minus(controlValue, r.n_control), base: controlValue })], 'matched: controls in scope = pairs + unmatched controls', 'defining');
    }
    // A matched rate × the pairs gives the matched reoffenders: a part of each level's reoffenders in scope.
    const arms: [string | undefined, number | null, string][] = [
      [treatedLevel, r.rate_treated, 'treated'],
      [referenceLevel, r.rate_control, 'control'],
    ];
    for (const [level, rate, arm] of arms) {
      if (level === undefined || rate === null || r.n_treated === null) continue;
      const concept = cov ? `classed_complete_reoff|${w}|${cov}` : `reoffended|${w}|any`;
      const inScope = linkedCount(results.linkage, r.comparison, [level], concept);
      const matchedReoffenders = Math.round(rate * r.n_treated);
      const all = addCell(table, { id: `${k}|${arm}_reoffenders_in_scope`, value: inScope, base: null, link: { comparison: r.comparison, levels: [level], concepts: [concept] } });
      const matched = addCell(table, { id: `${k}|${arm}_matched_reoffenders`, value: matchedReoffenders, place: at(`rate_${arm}`), base: r.n_treated });
      addSum(table, all, [matched, addCell(table, { id: `${k}|${arm}_unmatched_reoffenders`, value: minus(inScope, matchedReoffenders), base: null })], 'matched: reoffenders in scope = matched reoffenders + the rest', 'defining');
    }
    addCell(table, { id: droppedId(r.comparison, w, cov), value: r.dropped_missing_covariates, place: at('dropped_missing_covariates'), base: null });
  });

  results.reconviction.observed_expected.forEach((r, index) => {
    const at = (path: string) => ({ section: 'reconviction.observed_expected' as const, index, path });
    const link = (concept: string) => ({ comparison: r.comparison, levels: [r.level], concepts: [concept] });
    const k = `${levelId(r.comparison, r.level)}|oe|${r.window_months}`;
    const n = addCell(table, { id: `${k}|n`, value: r.n, place: at('n'), base: r.n, total: true, link: link(`classed_ogrs|${r.window_months}`) });
    const observed = addCell(table, { id: `${k}|observed`, value: r.observed, place: at('observed'), base: r.n, link: link(`classed_ogrs_reoff|${r.window_months}`) });
    addSum(table, n, [observed, addCell(table, { id: `${k}|not_observed`, value: minus(r.n, r.observed), base: r.n })], 'observed_expected: n = observed + not observed', 'defining');
    const ratesN = windowNId(r.comparison, r.level, r.window_months);
    if (table.cells.has(ratesN)) {
      addSum(table, ratesN, [n], "observed_expected: n = the level's n for the window", 'checked');
      const any = `${ratesN}|any|reoffended`;
      if (table.cells.has(any)) addSum(table, any, [observed], "observed_expected: observed = the level's reoffended (any)", 'checked');
    }
  });
}

/** Mark the reconviction statistics that follow withheld or small counts. */
export function withholdReconvictionStatistics(withheld: WithheldFields, results: AnalysisResults, minCell: number): void {
  const rec = results.reconviction;
  const rateKey = (c: string, l: string, w: number, k: string) => `${c}|${l}|${w}|${k}`;
  const rateIndex = new Map(rec.rates.map((r, i) => [rateKey(r.comparison, r.level, r.window_months, r.category), i]));
  rec.rates.forEach((r, index) => {
    applyStatisticRules(withheld, 'reconviction.rates', index, [{ fields: ['rate', 'ci_low', 'ci_high', 'offences_per_100'], base: r.n, dependsOn: ['n', 'reoffended'] }], minCell);
    applyNoteRule(withheld, 'reconviction.rates', index, r.note, r.n, minCell);
  });
  rec.differences.forEach((d, index) => {
    const sides = [d.treatment, d.reference].map((l) => rateIndex.get(rateKey(d.comparison, l, d.window_months, d.category)));
    const hidden = sides.some((i) => i === undefined || isWithheld(withheld, 'reconviction.rates', i, 'rate'));
    const base = minOf(sides.map((i) => (i === undefined ? null : rec.rates[i]!.n)));
    if (hidden) for (const f of ['difference', 'ci_low', 'ci_high', 'cluster']) withhold(withheld, 'reconviction.differences', index, f);
    applyNoteRule(withheld, 'reconviction.differences', index, d.note, hidden ? null : base, minCell);
  });

  rec.survival_curves.forEach((c, index) => applyNoteRule(withheld, 'reconviction.survival_curves', index, c.note, c.n, minCell));
  const levels = levelsOf(results);
  // No model estimate when any level it compares has fewer than minCell people, reoffences
  // or non-reoffences in the model's own sample (counted from the linkage).
  const modelBase = (comparison: string, people: string, events: string | null, extra: readonly (number | null)[] = []) => {
    const counts: (number | null)[] = [...extra];
    for (const level of levels.get(comparison) ?? []) {
      const n = linkedCount(results.linkage, comparison, [level], people);
      counts.push(n);
      if (events !== null) {
        const e = linkedCount(results.linkage, comparison, [level], events);
        counts.push(e, minus(n, e));
      }
    }
    return (levels.get(comparison) ?? []).length >= 2 ? minOf(counts) : null;
  };
  rec.logrank.forEach((r, index) => {
    const base = modelBase(r.comparison, 'curve', 'curve_event');
    applyStatisticRules(withheld, 'reconviction.logrank', index, [{ fields: ['chisq', 'df', 'p', 'robust_chisq', 'robust_p'], base }], minCell);
    applyNoteRule(withheld, 'reconviction.logrank', index, r.note, base, minCell);
  });
  rec.cox.forEach((r, index) => {
    const cov = covariateKey(r.covariates);
    const base = modelBase(r.comparison, cov ? `cox|${cov}` : 'curve', cov ? `cox_event|${cov}` : 'curve_event', [r.n, r.events]);
    applyStatisticRules(withheld, 'reconviction.cox', index, [{ fields: ['hr', 'ci_low', 'ci_high', 'se', 'p', 'ph_p', 'ph_violated', 'e_value', 'e_value_ci'], base }], minCell);
    applyNoteRule(withheld, 'reconviction.cox', index, r.note, base, minCell);
  });
  rec.logistic.forEach((r, index) => {
    const cov = covariateKey(r.covariates);
    const w = r.window_months;
    const base = modelBase(r.comparison, cov ? `classed_complete|${w}|${cov}` : `classed|${w}`, cov ? `classed_complete_reoff|${w}|${cov}` : `reoffended|${w}|any`, [r.n]);
    applyStatisticRules(withheld, 'reconviction.logistic', index, [{ fields: ['or', 'ci_low', 'ci_high', 'se', 'p', 'e_value', 'e_value_ci'], base }], minCell);
    applyNoteRule(withheld, 'reconviction.logistic', index, r.note, base, minCell);
  });
  rec.matched.forEach((r, index) => {
    const arm = (rate: number | null, n: number | null) => {
      if (rate === null) return false;
      if (n === null || isSmallBase(n, minCell)) return true;
      const reoffended = Math.round(rate * n);
      return isDisclosiveCount(reoffended, n, minCell) || isDisclosiveCount(n - reoffended, n, minCell);
    };
    if (arm(r.rate_treated, r.n_treated) || isWithheld(withheld, 'reconviction.matched', index, 'n_treated')) withhold(withheld, 'reconviction.matched', index, 'rate_treated');
    if (arm(r.rate_control, r.n_control) || isWithheld(withheld, 'reconviction.matched', index, 'n_control')) withhold(withheld, 'reconviction.matched', index, 'rate_control');
    applyStatisticRules(
      withheld,
      'reconviction.matched',
      index,
      [
        { fields: ['difference', 'ci_low', 'ci_high', 'e_value', 'e_value_ci'], base: minOf([r.n_treated, r.n_control]), dependsOn: ['rate_treated', 'rate_control'] },
        // The paired interval gives back the pairs' 2 × 2 table: every cell must be at least min_cell.
        { fields: ['paired_ci_low', 'paired_ci_high'], base: r.paired_smallest_cell ?? null, dependsOn: ['difference', 'rate_treated', 'rate_control'] },
        { fields: ['rate_treated_ci_low', 'rate_treated_ci_high'], base: r.n_treated, dependsOn: ['rate_treated'] },
        { fields: ['rate_control_ci_low', 'rate_control_ci_high'], base: r.n_control, dependsOn: ['rate_control'] },
        { fields: r.balance.flatMap((b) => ['smd_before', 'smd_after', 'imbalanced'].map((f) => `balance.${b.covariate}.${f}`)), base: r.n_treated },
      ],
      minCell,
    );
    applyNoteRule(withheld, 'reconviction.matched', index, r.note, r.n_treated, minCell);
  });
  rec.observed_expected.forEach((r, index) => {
    applyStatisticRules(
      withheld,
      'reconviction.observed_expected',
      index,
      [
        { fields: ['expected', 'expected_rate'], base: r.n, dependsOn: ['n'] },
        { fields: ['observed_rate', 'ratio', 'ci_low', 'ci_high', 'p'], base: r.n, dependsOn: ['n', 'observed'] },
      ],
      minCell,
    );
    applyNoteRule(withheld, 'reconviction.observed_expected', index, r.note, r.n, minCell);
  });
}
