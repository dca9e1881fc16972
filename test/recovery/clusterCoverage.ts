/**
 * Do the cluster-aware intervals and tests (issue 12) keep their level when outcomes cluster
 * by group, where the naive ones do not? Every planted effect is set to 0 (onlyEffects), so
 * the true difference between Building Choices and the legacy programmes is 0, and a group
 * log-frailty of SD --frailty makes people in one group share their hazard of reoffending.
 * For each seed, the 12-month difference in proven reoffending (any) and the log-rank test of
 * the programme comparison: how often the 95% CI covers 0 (Newcombe's, which treats people
 * as independent, against the CR2 linear probability model's clustered on group), and how
 * often each log-rank test rejects at 5% (survdiff's against the robust score test).
 *
 *   npm run recovery:clusters -- [--seeds 40] [--people 3000] [--frailty 0.8] [--extract-date 2028-10-31]
 */
import { onlyEffects } from '../../fixtures/generator/options.ts';
import { planSchema } from '../../schemas/plan.ts';
import { analyseSeeds, numberArg, stringArg } from './analyseSeeds.ts';

const seeds = numberArg('seeds', 40);
const people = numberArg('people', 3000);
const frailty = numberArg('frailty', 0.8);
const extractDate = stringArg('extract-date', '2028-10-31');

const PLAN = planSchema.parse({
  comparisons: [{ id: 'programme', by: 'programme_family', treatment: 'building_choices', reference: 'legacy_specialist' }],
  windows: [12],
});

const tally = { runs: 0, naiveCovers: 0, clusterCovers: 0, naiveWidth: 0, clusterWidth: 0, estimate: 0, logrankRuns: 0, naiveRejects: 0, robustRejects: 0 };
for await (const { results } of analyseSeeds(seeds, PLAN, { people, extractDate, effects: onlyEffects({ group_frailty_sd: frailty }) })) {
  const d = results.reconviction.differences.find((x) => x.comparison === 'programme' && x.window_months === 12 && x.category === 'any');
  if (d && d.difference !== null && d.ci_low !== null && d.ci_high !== null && d.cluster) {
    tally.runs++;
    tally.estimate += d.difference;
    tally.naiveCovers += d.ci_low <= 0 && 0 <= d.ci_high ? 1 : 0;
    tally.clusterCovers += d.cluster.ci_low <= 0 && 0 <= d.cluster.ci_high ? 1 : 0;
    tally.naiveWidth += d.ci_high - d.ci_low;
    tally.clusterWidth += d.cluster.ci_high - d.cluster.ci_low;
  }
  const lr = results.reconviction.logrank.find((x) => x.comparison === 'programme');
  if (lr && lr.p !== null && lr.robust_p != null) {
    tally.logrankRuns++;
    tally.naiveRejects += lr.p < 0.05 ? 1 : 0;
    tally.robustRejects += lr.robust_p < 0.05 ? 1 : 0;
  }
}
const pct = (x: number, n: number) => `${((100 * x) / Math.max(1, n)).toFixed(1)}%`;
process.stdout.write(
  `\nNo planted effects, group log-frailty SD ${frailty}: ${seeds} seeds × ${people} people, extract date ${extractDate}\n` +
    `12-month difference (BC − legacy), ${tally.runs} runs, mean ${(tally.estimate / Math.max(1, tally.runs)).toFixed(4)}:\n` +
    `  Newcombe CI covers 0: ${pct(tally.naiveCovers, tally.runs)} (mean width ${(tally.naiveWidth / Math.max(1, tally.runs)).toFixed(4)})\n` +
    `  CR2 CI by group covers 0: ${pct(tally.clusterCovers, tally.runs)} (mean width ${(tally.clusterWidth / Math.max(1, tally.runs)).toFixed(4)})\n` +
    `Log-rank, ${tally.logrankRuns} runs: survdiff rejects at 5% in ${pct(tally.naiveRejects, tally.logrankRuns)}; the robust score test in ${pct(tally.robustRejects, tally.logrankRuns)}\n`,
);
