/**
 * Does the attrition-weighted ANCOVA remove the bias a complete-case ANCOVA has when post
 * scores are missing at random given the covariates and the effect varies with them? The
 * generator plants informative attrition (options.attrition): a programme or toolkit
 * starter's log-odds of a post assessment falls by --risk-log-odds per SD of risk z (the
 * standardised logit of OGRS, a plan covariate), and the Building Choices attitude effect
 * changes by --effect-risk-slope SD per SD of z. The starters with a post score are then
 * lower-risk than those who started, and improve less under Building Choices.
 *
 * For each seed: generate, load, and analyse with the demo plan's programme-family
 * comparisons (fixtures/plans/building-choices.yaml: `programme`, Building Choices vs legacy
 * specialist holding the facilitator band fixed, and `programme_as_delivered`; the plan's
 * other comparisons do not change these records and are left out to save time), then read
 * results.attitudes.ancova for --measure, complete case (`weighting: "none"`) and weighted
 * for attrition (`weighting: "attrition"`), each unadjusted and adjusted for the plan's
 * covariates. Each is scored against truth.json's all-starters estimand
 * (estimands.attrition.attitudes[m].building_choices_vs_legacy_specialist.all_starters_with_pre:
 * building_choices_effect for `programme`, expected for `programme_as_delivered`), the average
 * planted effect over every starter with a pre score, which the weighted analysis stands for.
 * with_pre_and_post gives the same average over the complete cases, for reference.
 *
 * Reported per comparison, covariates and weighting: mean estimate, mean bias against the
 * all-starters estimand (± its Monte Carlo SE), coverage of that estimand by the 95% CI, and
 * for the weighted rows the share of the complete-case bias removed, 1 − |bias_w| / |bias_cc|.
 *
 *   npm run recovery:attrition -- [--seeds 40] [--people 3000] [--risk-log-odds 1.2]
 *     [--effect-risk-slope 0.3] [--measure offence_supportive_attitudes] [--extract-date 2028-10-31]
 *
 * The defaults plant a complete-case bias of about 0.7 points on offence_supportive_attitudes
 * (SD 11), some 8 Monte Carlo SEs over 40 seeds × 3000 people. It runs before the pipeline
 * has attrition-weighted records too, and then says it found none.
 */
import { fileURLToPath } from 'node:url';
import { readPlan } from '../../pipeline/analyse/readPlan.ts';
import { analyseSeeds, numberArg, stringArg } from './analyseSeeds.ts';

const seeds = numberArg('seeds', 40);
const people = numberArg('people', 3000);
const riskLogOdds = numberArg('risk-log-odds', 1.2);
const effectRiskSlope = numberArg('effect-risk-slope', 0.3);
const measure = stringArg('measure', 'offence_supportive_attitudes');
const extractDate = stringArg('extract-date', '2028-10-31');

const DEMO_PLAN = readPlan(fileURLToPath(new URL('../../fixtures/plans/building-choices.yaml', import.meta.url)));
/** The programme-family comparisons of the demo plan, and the all-starters estimand each is scored against. */
const ESTIMAND: Record<string, 'building_choices_effect' | 'expected'> = { programme: 'building_choices_effect', programme_as_delivered: 'expected' };
const PLAN = { ...DEMO_PLAN, comparisons: DEMO_PLAN.comparisons.filter((c) => c.id in ESTIMAND) };
if (PLAN.comparisons.length !== Object.keys(ESTIMAND).length) throw new Error(`the demo plan no longer has the comparisons ${Object.keys(ESTIMAND).join(', ')}`);

/** What is read of an ANCOVA record (`weighting` absent before the pipeline has it: complete case). */
interface AncovaLike {
  comparison: string;
  measure: string;
  adjusted: boolean;
  weighting?: string;
  estimate: number | null;
  ci_low: number | null;
  ci_high: number | null;
}

interface Tally {
  runs: number;
  estimate: number;
  bias: number;
  bias2: number;
  covered: number;
  truthAll: number;
  truthCc: number;
  coveredCc: number;
}
const tallies = new Map<string, Tally>();
const key = (comparison: string, adjusted: boolean, weighting: string) => `${comparison}|${adjusted ? 'adjusted' : 'unadjusted'}|${weighting}`;
let weightedSeen = 0;

for await (const { results, truth } of analyseSeeds(seeds, PLAN, {
  people,
  extractDate,
  attrition: { risk_log_odds: riskLogOdds, effect_risk_slope: effectRiskSlope },
})) {
  const t = truth.estimands.attrition?.attitudes?.[measure]?.building_choices_vs_legacy_specialist;
  if (!t) throw new Error(`truth.json has no estimands.attrition.attitudes.${measure}`);
  for (const a of results.attitudes.ancova as readonly AncovaLike[]) {
    const field = ESTIMAND[a.comparison];
    if (a.measure !== measure || !field) continue;
    const weighting = a.weighting ?? 'none';
    if (weighting === 'attrition') weightedSeen++;
    if (a.estimate === null || a.ci_low === null || a.ci_high === null) continue;
    const all = t.all_starters_with_pre[field] as number;
    const cc = t.with_pre_and_post[field] as number;
    const s = tallies.get(key(a.comparison, a.adjusted, weighting)) ?? { runs: 0, estimate: 0, bias: 0, bias2: 0, covered: 0, truthAll: 0, truthCc: 0, coveredCc: 0 };
    s.runs++;
    s.estimate += a.estimate;
    s.bias += a.estimate - all;
    s.bias2 += (a.estimate - all) ** 2;
    s.covered += a.ci_low <= all && all <= a.ci_high ? 1 : 0;
    s.coveredCc += a.ci_low <= cc && cc <= a.ci_high ? 1 : 0;
    s.truthAll += all;
    s.truthCc += cc;
    tallies.set(key(a.comparison, a.adjusted, weighting), s);
  }
}

const f = (x: number, d = 3) => (x >= 0 ? ' ' : '') + x.toFixed(d);
const meanBias = (s: Tally) => s.bias / s.runs;
const mcse = (s: Tally) => (s.runs > 1 ? Math.sqrt((s.bias2 - s.bias ** 2 / s.runs) / (s.runs - 1) / s.runs) : NaN);
const rows: string[] = [];
for (const comparison of Object.keys(ESTIMAND)) {
  for (const adjusted of [false, true]) {
    const cc = tallies.get(key(comparison, adjusted, 'none'));
    for (const weighting of ['none', 'attrition']) {
      const s = tallies.get(key(comparison, adjusted, weighting));
      if (!s) continue;
      const removed = weighting === 'attrition' && cc ? `${(100 * (1 - Math.abs(meanBias(s)) / Math.abs(meanBias(cc)))).toFixed(0)}%` : '';
      rows.push(
        `| ${comparison} | ${adjusted ? 'adjusted' : 'unadjusted'} | ${weighting} | ${s.runs} | ${f(s.estimate / s.runs)} | ${f(s.truthAll / s.runs)} | ${f(s.truthCc / s.runs)} | ${f(meanBias(s))} ± ${mcse(s).toFixed(3)} | ${((100 * s.covered) / s.runs).toFixed(0)}% | ${((100 * s.coveredCc) / s.runs).toFixed(0)}% | ${removed} |`,
      );
    }
  }
}
process.stdout.write(
  `\nAttrition on risk (risk_log_odds ${riskLogOdds}) with the Building Choices effect varying by ${effectRiskSlope} SD per SD of risk: ${seeds} seeds × ${people} people, extract date ${extractDate}, measure ${measure} (score units, signed in its direction)\n\n` +
    `| comparison | covariates | weighting | runs | mean estimate | estimand: all starters with pre | complete-case average | mean bias vs all starters (± MC SE) | 95% CI covers all-starters | covers complete-case | bias removed |\n` +
    `|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n` +
    `${rows.join('\n')}\n` +
    (weightedSeen === 0 ? `\nNo attrition-weighted ANCOVA records (weighting: "attrition") were found: the pipeline does not make them yet.\n` : ''),
);
