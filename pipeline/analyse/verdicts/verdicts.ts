/**
 * The non-inferiority verdicts of a plan's questions (CONSORT extension for non-inferiority
 * trials, Piaggio et al. 2012): for every comparison that answers a question, and every
 * outcome with a margin in the plan,
 * - proven reoffending within each window: the matched risk difference (the Justice Data Lab
 *   design) against `margins.reoffending.risk_difference`;
 * - time to first proven reoffence: the Cox hazard ratio (adjusted when the plan adjusts)
 *   against `margins.reoffending.hazard_ratio`;
 * - each attitude measure: the ANCOVA difference in points (adjusted when the plan adjusts)
 *   against `margins.attitudes` (points, or standard deviations of the pre scores, for every
 *   measure or by measure id), signed by the measure's direction.
 * A comparison "as delivered" that an adjusted one refines gets no verdict (the adjusted one
 * answers the question); see `asDeliveredOf` in schemas/plan.ts.
 */
import type { Comparison, Margins, Plan } from '../../../schemas/plan.ts';
import { refinedBy } from '../../../schemas/plan.ts';
import type { AncovaRecord, CoxRecord, MatchedRecord, VerdictRecord } from '../../../schemas/results.ts';
import { nonInferiorityVerdict } from './nonInferiorityVerdict.ts';

export interface VerdictSources {
  attitudes: { ancova: readonly AncovaRecord[]; measures: readonly { measure: string; label: string; direction: 'higher_better' | 'lower_better' }[] };
  reconviction: { matched: readonly MatchedRecord[]; cox: readonly CoxRecord[] };
}

/** The comparisons that answer a question: every one but those as delivered that an adjusted one refines. */
export const questionComparisons = (plan: Plan): Comparison[] => plan.comparisons.filter((c) => !refinedBy(c, plan.comparisons));

/** The Cox record a verdict reads: the adjusted model when there is one. */
export function verdictCox<T extends { comparison: string; adjusted: boolean }>(cox: readonly T[], comparison: string): T | undefined {
  const mine = cox.filter((c) => c.comparison === comparison);
  return mine.find((c) => c.adjusted) ?? mine[0];
}

/** The ANCOVA record a verdict reads for a measure: the adjusted model when there is one. */
export function verdictAncova<T extends { comparison: string; measure: string; adjusted: boolean; weighting: string }>(ancova: readonly T[], comparison: string, measure: string, weighting: 'none' | 'attrition' = 'none'): T | undefined {
  const mine = ancova.filter((a) => a.comparison === comparison && a.measure === measure && a.weighting === weighting);
  return mine.find((a) => a.adjusted) ?? mine[0];
}

/** An attitude margin for a measure: its own entry, else the one for every measure. */
export function attitudeMargin(margins: Margins | undefined, measure: string): { points?: number; standardised?: number } | undefined {
  const a = margins?.attitudes;
  if (!a) return undefined;
  const own = (a as Record<string, unknown>)[measure];
  if (own && typeof own === 'object') return own as { points?: number; standardised?: number };
  if (a.points !== undefined) return { points: a.points };
  if (a.standardised !== undefined) return { standardised: a.standardised };
  return undefined;
}

type Base = Omit<VerdictRecord, 'verdict' | 'note' | 'estimate' | 'ci_low' | 'ci_high'>;

function judged(base: Base, estimate: number | null, low: number | null, high: number | null, why: string | null, marginNote: string | null = null): VerdictRecord {
  if (base.margin === null) return { ...base, estimate, ci_low: low, ci_high: high, verdict: 'not_assessable', note: why ?? 'the plan sets no margin for this outcome (margins:, see progeval plan init)' };
  if (estimate === null || low === null || high === null) return { ...base, estimate, ci_low: low, ci_high: high, verdict: 'not_assessable', note: why ?? 'no estimate' };
  const { verdict, worse } = nonInferiorityVerdict({ ciLow: low, ciHigh: high, margin: base.margin, noDifference: base.no_difference });
  const notes = [marginNote, worse && verdict === 'non_inferior' ? 'worse than the reference, but by less than the margin' : null, worse && verdict === 'inconclusive' ? 'worse than the reference; the data cannot yet say whether by more than the margin' : null];
  return { ...base, estimate, ci_low: low, ci_high: high, verdict, note: notes.filter(Boolean).join('; ') || null };
}

const noEstimate = (note: string | null) => note ?? 'no estimate';

export function verdicts(results: VerdictSources, plan: Plan): VerdictRecord[] {
  const out: VerdictRecord[] = [];
  const margins = plan.margins;
  for (const c of questionComparisons(plan)) {
    const rd = margins?.reoffending?.risk_difference;
    for (const window of plan.windows) {
      const m = results.reconviction.matched.find((r) => r.comparison === c.id && r.window_months === window);
      const base: Base = { comparison: c.id, outcome: 'reoffending', window_months: window, measure: null, method: 'matched', margin: rd ?? null, margin_scale: 'risk_difference', no_difference: 0 };
      out.push(judged(base, m?.difference ?? null, m?.ci_low ?? null, m?.ci_high ?? null, m && m.difference !== null ? null : noEstimate(m?.note ?? 'no matched comparison')));
    }
    const cox = verdictCox(results.reconviction.cox, c.id);
    const hrBase: Base = { comparison: c.id, outcome: 'reoffending', window_months: null, measure: null, method: 'cox', margin: margins?.reoffending?.hazard_ratio ?? null, margin_scale: 'hazard_ratio', no_difference: 1 };
    out.push(judged(hrBase, cox?.hr ?? null, cox?.ci_low ?? null, cox?.ci_high ?? null, cox && cox.hr !== null ? null : noEstimate(cox?.note ?? 'no Cox model')));
    for (const measure of results.attitudes.measures) {
      const a = verdictAncova(results.attitudes.ancova, c.id, measure.measure);
      if (!a) continue;
      const wanted = attitudeMargin(margins, measure.measure);
      const sign = measure.direction === 'lower_better' ? 1 : -1;
      let points: number | null = wanted?.points ?? null;
      let marginNote: string | null = null;
      let why: string | null = a.estimate === null ? noEstimate(a.note) : null;
      if (wanted?.standardised !== undefined) {
        const sd = a.pooled_sd_pre ?? null;
        points = sd === null ? null : wanted.standardised * sd;
        if (points !== null) marginNote = `the margin is ${wanted.standardised} standard deviations of the pre scores (${points.toFixed(2)} points)`;
        else why = why ?? 'the standardised margin needs the pooled SD of the pre scores, which is not available';
      }
      const base: Base = { comparison: c.id, outcome: 'attitudes', window_months: null, measure: measure.measure, method: 'ancova', margin: points === null ? null : sign * points, margin_scale: 'points', no_difference: 0 };
      const verdict: VerdictRecord = wanted && points === null
        ? { ...base, estimate: a.estimate, ci_low: a.ci_low, ci_high: a.ci_high, verdict: 'not_assessable', note: why }
        : judged(base, a.estimate, a.ci_low, a.ci_high, why, marginNote);
      // Does weighting for attrition change the answer? The same margin in points, on the weighted estimate.
      const w = verdictAncova(results.attitudes.ancova, c.id, measure.measure, 'attrition');
      const weighted = w && !(wanted && points === null) ? judged(base, w.estimate, w.ci_low, w.ci_high, w.estimate === null ? noEstimate(w.note) : null) : null;
      out.push({ ...verdict, attrition_weighted: weighted ? { estimate: weighted.estimate, ci_low: weighted.ci_low, ci_high: weighted.ci_high, verdict: weighted.verdict } : null });
    }
  }
  return out;
}

/** Measure ids named in `margins.attitudes` that the loaded data do not have. */
export function unknownMarginMeasures(margins: Margins | undefined, measures: readonly string[]): string[] {
  const a = margins?.attitudes;
  if (!a) return [];
  return Object.keys(a).filter((k) => k !== 'points' && k !== 'standardised' && !measures.includes(k));
}
