/**
 * Records derived from others follow their sources (ONS / GSS "Disclosure control guidance
 * for tables produced from administrative data": a figure computed from withheld ones is
 * withheld with them). None of these records carries a count of its own, so none adds a cell
 * to the linked table:
 * - `reconviction.frequency` (the Poisson rate ratio) has the logistic model's sample for the
 *   same comparison and window: its statistics have that model's base (the smaller level's
 *   people, reoffenders and non-reoffenders) and go whenever the odds ratio goes;
 * - `reconviction.time_to_reoffence` is computed from a level's reoffenders within the
 *   window (the rates record's `reoffended`, category any): it goes when that count is below
 *   min_cell (`low`); a mean and its t interval do not give the count back, so a count
 *   withheld [c] does not take them with it;
 * - `verdicts` quote their source's estimate and CI (matched difference, Cox hazard ratio or
 *   ANCOVA difference): they go with them, and a standardised margin in points goes with the
 *   pooled SD it came from;
 * - `readiness` quotes its source's people and reoffences (`n_now`, `events_now`): each goes
 *   with the count it gives back. The ICC, design effect and what 80% power needs
 *   (`needed`) come from the whole comparison (both levels; for rates also the reference
 *   level's rate, which `needed` gives back through the power formula): they go when a level
 *   has fewer than min_cell people, or with the counts and rate they would give back. The
 *   minimum detectable effect and `assessable_now` (pairs against `needed`) go with any of
 *   these. A projected date after observation end (a month end from the rate of enrolment)
 *   stays; a date at observation end means "assessable now" and goes with `assessable_now`.
 * `discloseResults` then turns a verdict whose estimate is withheld into `not_assessable`.
 */
import type { AnalysisResults, ReadinessRecord, VerdictRecord } from '../../schemas/results.ts';
import { verdictAncova, verdictCox } from '../../pipeline/analyse/verdicts/verdicts.ts';
import type { SectionName } from './cellTable.ts';
import { isSmallBase } from './countRule.ts';
import { applyNoteRule, applyStatisticRules } from './statisticRule.ts';
import { isWithheld, withheldReason, withhold, type WithheldFields, type WithheldReason } from './withheldFields.ts';

const strongest = (reasons: readonly (WithheldReason | undefined)[]): WithheldReason | undefined => (reasons.includes('low') ? 'low' : reasons.includes('c') ? 'c' : undefined);

type Source = { section: SectionName; index: number; estimate: string[]; counts: string[]; sd?: string } | undefined;

/** Where a verdict's (or readiness record's) figures come from. */
function sourceOf(results: AnalysisResults, r: Pick<VerdictRecord, 'comparison' | 'method' | 'window_months' | 'measure'>): Source {
  const rec = results.reconviction;
  if (r.method === 'matched') {
    const index = rec.matched.findIndex((m) => m.comparison === r.comparison && m.window_months === r.window_months);
    return index < 0 ? undefined : { section: 'reconviction.matched', index, estimate: ['difference', 'ci_low', 'ci_high'], counts: ['n_treated', 'rate_treated', 'rate_control'] };
  }
  if (r.method === 'cox') {
    const record = verdictCox(rec.cox, r.comparison);
    return record ? { section: 'reconviction.cox', index: rec.cox.indexOf(record), estimate: ['hr', 'ci_low', 'ci_high'], counts: ['n', 'events'] } : undefined;
  }
  const record = verdictAncova(results.attitudes.ancova, r.comparison, r.measure ?? '');
  return record ? { section: 'attitudes.ancova', index: results.attitudes.ancova.indexOf(record), estimate: ['estimate', 'ci_low', 'ci_high'], counts: ['n'], sd: 'pooled_sd_pre' } : undefined;
}

/**
 * The level records a readiness record's comparison-wide figures rest on, each with whether
 * it is small and why a count it would give back is withheld: for rates, each level's people
 * classed for the window (and the reference level's rate, which the power calculation uses);
 * for hazard ratios, each level's survival curve; for points, each level's people with both
 * scores on the measure.
 */
function readinessLevels(results: AnalysisResults, r: ReadinessRecord, withheld: WithheldFields, minCell: number): { small: boolean; reason: WithheldReason | undefined }[] {
  const plan = results.plan as { comparisons: { id: string; treatment: string; reference: string }[] };
  const c = plan.comparisons.find((x) => x.id === r.comparison);
  if (!c) return [{ small: true, reason: 'low' }];
  const rec = results.reconviction;
  return [c.treatment, c.reference].map((level) => {
    if (r.margin_scale === 'risk_difference') {
      const i = rec.rates.findIndex((x) => x.comparison === r.comparison && x.level === level && x.window_months === r.window_months && x.category === 'any');
      if (i < 0) return { small: true, reason: 'low' };
      const paths = level === c.reference ? ['n', 'reoffended', 'rate'] : ['n'];
      return { small: isSmallBase(rec.rates[i]!.n, minCell), reason: strongest(paths.map((p) => withheldReason(withheld, 'reconviction.rates', i, p))) };
    }
    if (r.margin_scale === 'hazard_ratio') {
      const i = rec.survival_curves.findIndex((x) => x.comparison === r.comparison && x.level === level);
      if (i < 0) return { small: true, reason: 'low' };
      return { small: isSmallBase(rec.survival_curves[i]!.n, minCell), reason: strongest(['n', 'events'].map((p) => withheldReason(withheld, 'reconviction.survival_curves', i, p))) };
    }
    const i = results.attitudes.change.findIndex((x) => x.comparison === r.comparison && x.level === level && x.measure === r.measure);
    if (i < 0) return { small: true, reason: 'low' };
    return { small: isSmallBase(results.attitudes.change[i]!.n, minCell), reason: withheldReason(withheld, 'attitudes.change', i, 'n') };
  });
}

const methodOf = (r: ReadinessRecord): VerdictRecord['method'] => (r.margin_scale === 'risk_difference' ? 'matched' : r.margin_scale === 'hazard_ratio' ? 'cox' : 'ancova');

export function withholdDerivedStatistics(withheld: WithheldFields, results: AnalysisResults, minCell: number): void {
  const rec = results.reconviction;
  rec.frequency.forEach((f, index) => {
    const li = rec.logistic.findIndex((l) => l.comparison === f.comparison && l.window_months === f.window_months);
    const reason = li < 0 ? 'low' : withheldReason(withheld, 'reconviction.logistic', li, 'or');
    const fields = ['per_person_treated', 'per_person_control', 'rate_ratio', 'ci_low', 'ci_high', 'se', 'p'];
    const base = li < 0 ? null : rec.logistic[li]!.n;
    if (reason) for (const field of fields) withhold(withheld, 'reconviction.frequency', index, field, reason);
    applyStatisticRules(withheld, 'reconviction.frequency', index, [{ fields, base }], minCell);
    applyNoteRule(withheld, 'reconviction.frequency', index, f.note, reason === 'low' ? 0 : base, minCell);
  });
  rec.time_to_reoffence.forEach((t, index) => {
    const ri = rec.rates.findIndex((r) => r.comparison === t.comparison && r.level === t.level && r.window_months === t.window_months && r.category === 'any');
    const reoffended = ri < 0 ? null : rec.rates[ri]!.reoffended;
    // Only a small base withholds it: a mean and its t interval do not give the count back (the
    // width needs the SD too), so a count withheld [c] to protect another figure stays protected.
    const reason = ri < 0 || isSmallBase(reoffended, minCell) || withheldReason(withheld, 'reconviction.rates', ri, 'reoffended') === 'low' ? 'low' : undefined;
    if (reason) for (const field of ['mean_days', 'ci_low', 'ci_high']) withhold(withheld, 'reconviction.time_to_reoffence', index, field, reason);
    applyNoteRule(withheld, 'reconviction.time_to_reoffence', index, t.note, reason === 'low' ? 0 : reoffended, minCell);
  });
  withholdLandmarks(withheld, results, minCell);
  const reasonsAt = (source: Source, paths: readonly string[]) => (source ? paths.map((p) => withheldReason(withheld, source.section, source.index, p)) : []);
  results.verdicts.forEach((v, index) => {
    const source = sourceOf(results, v);
    const reason = strongest(reasonsAt(source, source?.estimate ?? []));
    if (reason) for (const field of ['estimate', 'ci_low', 'ci_high', 'note']) withhold(withheld, 'verdicts', index, field, reason);
    const sd = source?.sd ? withheldReason(withheld, source.section, source.index, source.sd) : undefined;
    if (sd && v.note?.includes('standard deviations')) for (const field of ['margin', 'note']) withhold(withheld, 'verdicts', index, field, sd);
    // The attrition-weighted verdict follows the weighted ANCOVA it comes from.
    if (v.attrition_weighted) {
      const wi = v.method === 'ancova' ? results.attitudes.ancova.indexOf(verdictAncova(results.attitudes.ancova, v.comparison, v.measure ?? '', 'attrition')!) : -1;
      const weightedReason = wi < 0 ? 'low' : strongest(['estimate', 'ci_low', 'ci_high'].map((p) => withheldReason(withheld, 'attitudes.ancova', wi, p)));
      if (weightedReason) for (const field of ['estimate', 'ci_low', 'ci_high']) withhold(withheld, 'verdicts', index, `attrition_weighted.${field}`, weightedReason);
    }
  });
  results.readiness.forEach((r, index) => {
    const source = sourceOf(results, { ...r, method: methodOf(r) });
    const [n, ...events] = source?.counts ?? [];
    const nReason = strongest(reasonsAt(source, n ? [n] : []));
    const eventReason = strongest(reasonsAt(source, events));
    // The ICC, design effect and what power needs come from the whole comparison's sample
    // (both levels) and, for rates, the reference level's rate: they go when a level has
    // fewer than min_cell people in it, or when the counts they would give back are withheld.
    const levels = readinessLevels(results, r, withheld, minCell);
    const levelReason = levels.some((l) => l.small) ? 'low' : strongest(levels.map((l) => l.reason));
    if (nReason) withhold(withheld, 'readiness', index, 'n_now', nReason);
    if (eventReason) withhold(withheld, 'readiness', index, 'events_now', eventReason);
    if (levelReason) for (const field of ['icc', 'design_effect', 'needed']) withhold(withheld, 'readiness', index, field, levelReason);
    const stats = strongest([nReason, eventReason, levelReason]);
    if (stats) for (const field of ['mde', 'assessable_now', 'note']) withhold(withheld, 'readiness', index, field, stats);
    // A date no later than observation end says "assessable now": it goes with assessable_now.
    const now = results.data.dates?.observation_end ?? null;
    if (stats && r.assessable_from !== null && now !== null && r.assessable_from <= now) withhold(withheld, 'readiness', index, 'assessable_from', stats);
  });
}

/**
 * Landmark survival follows the Kaplan–Meier steps it equals. S(t) is the curve at its last
 * step on or before t; the survival runs (survivalRuns.ts) publish a step's S only at the end
 * of a run of at least min_cell reoffences, so a landmark falling inside a run, or after the
 * curve is cut, would give back a withheld step: it is withheld with that step's reason, both
 * intervals with it (Greenwood's is the step's own; the bootstrap one is centred on it). A
 * curve not published at all (fewer than min_cell people, reoffences or non-reoffences)
 * publishes no landmark. Before the first reoffence S = 1: "none of these people reoffended
 * yet", safe for a published curve.
 */
function withholdLandmarks(withheld: WithheldFields, results: AnalysisResults, minCell: number): void {
  const rec = results.reconviction;
  const fields = ['surv', 'ci_low', 'ci_high', 'boot_ci_low', 'boot_ci_high'];
  rec.landmarks.forEach((l, index) => {
    const ci = rec.survival_curves.findIndex((c) => c.comparison === l.comparison && c.level === l.level);
    const curve = rec.survival_curves[ci];
    const small = !curve || curve.n === null || curve.events === null || Math.min(curve.n, curve.events, curve.n - curve.events) < minCell;
    // A curve whose counts are withheld [c] to protect other cells still publishes its steps; a
    // landmark equal to a published step adds nothing to them, so only a small curve withholds all.
    let reason: WithheldReason | undefined = small ? 'low' : undefined;
    if (!reason) {
      let step = -1;
      rec.survival.forEach((row, i) => {
        if (row.comparison === l.comparison && row.level === l.level && row.time_days <= l.time_days && (step < 0 || row.time_days > rec.survival[step]!.time_days)) step = i;
      });
      if (step >= 0 && isWithheld(withheld, 'reconviction.survival', step, 'surv')) reason = withheldReason(withheld, 'reconviction.survival', step, 'surv') ?? 'c';
    }
    if (reason) for (const field of fields) withhold(withheld, 'reconviction.landmarks', index, field, reason);
    applyNoteRule(withheld, 'reconviction.landmarks', index, l.note, small ? 0 : curve?.n, minCell);
  });
}
