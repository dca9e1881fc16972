/**
 * The headline figures of a run, for the run registry and the trend chart (issue 13): each
 * verdict (its estimate, CI, margin and word), each readiness row (whether and from when the
 * margin is assessable), and each comparison's complete-case ANCOVA (per measure, the adjusted
 * model where there is one) and Cox hazard ratio (adjusted where there is one), and each
 * CUSUM's last published value and first signal (its threshold as `ci_high`). Read from the
 * disclosed results only, so a figure withheld in the report is null here too.
 *
 * @example
 * headlineEstimates(disclosed).find((e) => e.key === 'verdict|programme|reoffending||12');
 * // { kind: 'verdict', comparison: 'programme', scale: 'risk_difference', estimate: 0.012, ci_low: -0.03, ..., verdict: 'inconclusive' }
 */
import type { DisclosedResults } from '../../schemas/results.ts';
import type { HeadlineEstimate } from '../../schemas/runHistory.ts';
import { verdictAncova, verdictCox } from '../../pipeline/analyse/verdicts/verdicts.ts';

const keyOf = (e: Pick<HeadlineEstimate, 'kind' | 'comparison' | 'outcome' | 'measure' | 'window_months'>) =>
  [e.kind, e.comparison, e.outcome, e.measure ?? '', e.window_months ?? ''].join('|');

function estimate(e: Omit<HeadlineEstimate, 'key'>): HeadlineEstimate {
  return { key: keyOf(e), ...e };
}

export function headlineEstimates(results: DisclosedResults): HeadlineEstimate[] {
  const out: HeadlineEstimate[] = [];
  for (const v of results.verdicts) {
    out.push(estimate({ kind: 'verdict', comparison: v.comparison, outcome: v.outcome, measure: v.measure, window_months: v.window_months, scale: v.margin_scale, estimate: v.estimate, ci_low: v.ci_low, ci_high: v.ci_high, margin: v.margin, verdict: v.verdict }));
  }
  for (const r of results.readiness) {
    const when = r.assessable_now ? 'now' : r.assessable_from;
    out.push(estimate({ kind: 'readiness', comparison: r.comparison, outcome: r.outcome, measure: r.measure, window_months: r.window_months, scale: r.margin_scale, estimate: r.mde, ci_low: null, ci_high: null, margin: null, verdict: when ?? null }));
  }
  // The models the verdicts read: the complete-case ANCOVA and the Cox model, adjusted where there is one.
  for (const a of results.attitudes.ancova) {
    if (verdictAncova(results.attitudes.ancova, a.comparison, a.measure) !== a) continue;
    out.push(estimate({ kind: 'ancova', comparison: a.comparison, outcome: 'attitudes', measure: a.measure, window_months: null, scale: 'points', estimate: a.estimate, ci_low: a.ci_low, ci_high: a.ci_high, margin: null, verdict: null }));
  }
  for (const c of results.reconviction.cox) {
    if (verdictCox(results.reconviction.cox, c.comparison) !== c) continue;
    out.push(estimate({ kind: 'cox', comparison: c.comparison, outcome: 'reoffending', measure: null, window_months: null, scale: 'hazard_ratio', estimate: c.hr, ci_low: c.ci_low, ci_high: c.ci_high, margin: null, verdict: null }));
  }
  for (const c of results.monitoring.cusum) {
    const last = c.points.at(-1);
    out.push(estimate({ kind: 'cusum', comparison: c.factor, outcome: c.level, measure: null, window_months: c.window_months, scale: 'cusum', estimate: last?.s ?? null, ci_low: null, ci_high: c.threshold, margin: null, verdict: c.first_signal ? `signal from ${c.first_signal}` : last ? 'in control' : null }));
  }
  return out;
}
