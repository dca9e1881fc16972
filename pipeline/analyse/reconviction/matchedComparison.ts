/**
 * The Justice Data Lab design: among people classed for a window, a logistic propensity
 * score on the plan's covariates; greedy 1:1 nearest-neighbour matching on its logit,
 * treated taken in descending score order, without replacement, caliper 0.2 SD of the
 * logit (as MatchIt's `method = "nearest"`, `link = "linear.logit"`, `m.order = "largest"`).
 * Reports matched rates and their difference, and covariate balance (SMD standardised by
 * the treated SD, as MatchIt does for the ATT) before and after; |SMD| > 0.1 is flagged.
 *
 * A comparison's `adjust_for` factors enter the propensity model as dummies and matching is
 * exact on them (MatchIt's `exact =`), so every pair shares its programme family, period, ….
 *
 * The difference's CI is Newcombe's hybrid score interval for independent proportions,
 * which ignores the pairing and so errs on the wide side; `paired_ci_*` is Newcombe's
 * interval for paired proportions (method 10) from the pairs' 2 × 2 table, published only
 * when every cell of that table has at least min_cell pairs (it gives the table back).
 */
import type { Comparison, Plan } from '../../../schemas/plan.ts';
import { guarded } from '../guarded.ts';
import { nearestNeighbourMatching } from '../stats/nearestNeighbourMatching.ts';
import { newcombeDifference } from '../stats/newcombeDifference.ts';
import { wilsonInterval } from '../stats/wilsonInterval.ts';
import { newcombePairedDifference } from '../stats/newcombePairedDifference.ts';
import { standardisedMeanDifference } from '../stats/standardisedMeanDifference.ts';
import { adjustedFor, heldFixedFields } from '../comparisonMembers.ts';
import { strataOf } from '../factorDummies.ts';
import { atRows, informativeColumns } from './cohortColumns.ts';
import { reoffendedIn, type ClassedModel } from './logisticModels.ts';

export const SMD_FLAG = 0.1;
export const CALIPER_SD = 0.2;

/** The matched comparison of one comparison and window, from its classed model. */
export function matchedRecord(cols: ClassedModel, comparison: Comparison, window: number, plan: Plan) {
  const factors = adjustedFor(comparison);
  const base = { comparison: comparison.id, window_months: window, covariates: [...plan.covariates], ...heldFixedFields(comparison), dropped_terms: cols.droppedTerms, dropped_missing_covariates: cols.droppedMissingCovariates };
  if (!plan.covariates.length) {
    return { ...base, n_treated: 0, n_control: 0, unmatched_treated: 0, rate_treated: null, rate_control: null, difference: null, ci_low: null, ci_high: null, balance: [], note: 'the plan names no covariates to match on' };
  }
  // A held-fixed level with only treated (or only comparison) people sends its propensity
  // dummy to ±∞ and can match no one exactly: its people are left out of the propensity
  // model and the matching, and its treated count as unmatched.
  const informing = informativeColumns(cols, comparison, plan.covariates, cols.treated, true);
  const fit = informing.fit;
  base.dropped_terms = fit.droppedTerms;
  const y = reoffendedIn(fit, window);
  const treatedLeftOut = cols.treated.reduce((s, t) => s + t, 0) - fit.treated.reduce((s, t) => s + t, 0);
  const { treatment: _indicator, ...covariates } = fit.covariates;
  const exact = factors.length ? strataOf(factors.map((f) => atRows(fit, (c) => c.level(f))), factors) : undefined;
  const matched = guarded(() => nearestNeighbourMatching({ treated: fit.treated, covariates, ...(exact ? { exact } : {}) }, { caliper: CALIPER_SD }));
  if (!matched.value) {
    // Not matched: no count of the matched sample exists (a 0 would claim one).
    return { ...base, n_treated: null, n_control: null, unmatched_treated: null, rate_treated: null, rate_control: null, difference: null, ci_low: null, ci_high: null, balance: [], note: matched.note };
  }
  const pairs = matched.value.pairs;
  const xt = pairs.reduce((s, p) => s + y[p.treated]!, 0);
  const xc = pairs.reduce((s, p) => s + y[p.control]!, 0);
  const diff = guarded(() => newcombeDifference(xt, pairs.length, xc, pairs.length));
  // The pairs' 2 × 2 table: the paired interval uses the pairing the independent one ignores.
  const table = { both: 0, treatedOnly: 0, controlOnly: 0, neither: 0 };
  for (const pair of pairs) {
    const [t, c] = [y[pair.treated]!, y[pair.control]!];
    if (t && c) table.both++;
    else if (t) table.treatedOnly++;
    else if (c) table.controlOnly++;
    else table.neither++;
  }
  const paired = guarded(() => newcombePairedDifference(table)).value;
  const rateCi = (x: number) => guarded(() => wilsonInterval(x, pairs.length)).value;
  const [ciT, ciC] = [rateCi(xt), rateCi(xc)];
  const balance = Object.entries(covariates).map(([covariate, x]) => {
    const before = guarded(() => standardisedMeanDifference(x, fit.treated));
    const after = guarded(() => standardisedMeanDifference(x, fit.treated, matched.value!.weights));
    const smdAfter = after.value?.smd ?? null;
    return { covariate, smd_before: before.value?.smd ?? null, smd_after: smdAfter, imbalanced: smdAfter === null ? null : Math.abs(smdAfter) > SMD_FLAG };
  });
  return {
    ...base,
    n_treated: pairs.length,
    n_control: pairs.length,
    unmatched_treated: matched.value.unmatchedTreated.length + treatedLeftOut,
    rate_treated: diff.value?.proportion1 ?? null,
    rate_control: diff.value?.proportion2 ?? null,
    difference: diff.value?.difference ?? null,
    ci_low: diff.value?.lower ?? null,
    ci_high: diff.value?.upper ?? null,
    balance,
    paired_ci_low: paired?.lower ?? null,
    paired_ci_high: paired?.upper ?? null,
    paired_smallest_cell: Math.min(table.both, table.treatedOnly, table.controlOnly, table.neither),
    rate_treated_ci_low: ciT?.lower ?? null,
    rate_treated_ci_high: ciT?.upper ?? null,
    rate_control_ci_low: ciC?.lower ?? null,
    rate_control_ci_high: ciC?.upper ?? null,
    note:
      diff.note ??
      (informing.leftOut ? `${informing.leftOut} people at held-fixed levels with only treated or only comparison people were left out of the propensity model and matching (their treated are counted unmatched)` : null),
  };
}
