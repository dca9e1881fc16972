/**
 * The reconviction analyses of a plan, for every comparison: proven reoffending rates and
 * differences per window and category, Kaplan–Meier curves, landmark survival with cluster-bootstrap intervals and the log-rank test, Cox
 * models (unadjusted and adjusted), logistic regression, the propensity-matched
 * comparison, observed against OGRS-expected reoffending, and the Justice Data Lab's
 * frequency (a Poisson rate ratio) and time to first reoffence among reoffenders.
 */
import type { Plan } from '../../../schemas/plan.ts';
import type { CohortMember } from '../../derive/cohort.ts';
import { coxModels } from './coxModels.ts';
import { byClassedModel, logisticRecord } from './logisticModels.ts';
import { matchedRecord } from './matchedComparison.ts';
import { observedAgainstExpected } from './observedAgainstExpected.ts';
import { reoffendingRates } from './rates.ts';
import { survivalAnalyses } from './survival.ts';
import { frequencyRecord } from './frequency.ts';
import { timeToReoffence } from './timeToReoffence.ts';
import { landmarkSurvival } from './landmarks.ts';

export function analyseReconviction(cohort: readonly CohortMember[], plan: Plan) {
  const { rates, differences } = reoffendingRates(cohort, plan);
  const { survival, curves, logrank } = survivalAnalyses(cohort, plan);
  // The logistic, matched and frequency analyses of a comparison and window read the same
  // classed model: each is made once for the three, then let go.
  const classed = byClassedModel(cohort, plan, (cols, comparison, window) => ({
    logistic: logisticRecord(cols, comparison, window, plan),
    matched: matchedRecord(cols, comparison, window, plan),
    frequency: frequencyRecord(cols, comparison, window, plan),
  }));
  return {
    rates,
    differences,
    survival,
    survival_curves: curves,
    landmarks: landmarkSurvival(cohort, plan),
    logrank,
    cox: coxModels(cohort, plan),
    logistic: classed.map((c) => c.logistic),
    matched: classed.map((c) => c.matched),
    observed_expected: observedAgainstExpected(cohort, plan),
    frequency: classed.map((c) => c.frequency),
    time_to_reoffence: timeToReoffence(cohort, plan),
  };
}
