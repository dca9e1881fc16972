/**
 * Are the non-inferiority verdicts (issue 11) right about the effects the generator planted?
 * A verdict makes a claim about the true effect t (truth.json estimands.conditional: score
 * units for the ANCOVA, log HR for Cox, conditional on the factors held fixed):
 *   superior      t is better than no difference
 *   non_inferior  t is better than the margin
 *   inferior      t is worse than the margin
 *   inconclusive  no claim
 * A verdict is wrong when its claim is false for the planted t. Each claim is a one-sided
 * 97.5% statement, so each kind of wrong verdict should happen in at most about 2.5% of seeds
 * (less where t lies far from the boundary). The planted effects: Building Choices better by
 * 0.2 SD on every measure and HR 0.9; band 3 worse by 0.1 SD and HR 1.1, both inside the
 * plan's margins (0.2 SD, HR 1.25), so the right answers are "better" / "at least as good"
 * (or, with too little data, "not yet known"), never "worse than the margin".
 *
 *   npm run recovery:verdicts -- [--seeds 40] [--people 4000] [--extract-date 2028-10-31]
 */
import { planSchema } from '../../schemas/plan.ts';
import { analyseSeeds, numberArg, stringArg } from './analyseSeeds.ts';

const seeds = numberArg('seeds', 40);
const people = numberArg('people', 4000);
const extractDate = stringArg('extract-date', '2028-10-31');

const PLAN = planSchema.parse({
  comparisons: [
    { id: 'programme', by: 'programme_family', treatment: 'building_choices', reference: 'legacy_specialist', adjust_for: ['facilitator_band'] },
    { id: 'band', by: 'facilitator_band', treatment: 'band_3', reference: 'band_4', adjust_for: ['programme_family', 'start_period'] },
  ],
  margins: { reoffending: { hazard_ratio: 1.25 }, attitudes: { standardised: 0.2 } },
});
const CONTRAST: Record<string, string> = { programme: 'building_choices_vs_legacy_specialist', band: 'band_3_vs_band_4' };
const VERDICTS = ['superior', 'non_inferior', 'inconclusive', 'inferior', 'not_assessable'] as const;

/** Whether a verdict's claim is false for the true effect `t` (margin on the worse side of `zero`). */
export function wrongVerdict(verdict: string, t: number, margin: number, zero: number): boolean {
  const worseIsHigher = margin > zero;
  const worseThan = (a: number, b: number) => (worseIsHigher ? a > b : a < b);
  if (verdict === 'superior') return !worseThan(zero, t); // claims t better than zero
  if (verdict === 'non_inferior') return !worseThan(margin, t); // claims t better than the margin
  if (verdict === 'inferior') return !worseThan(t, margin); // claims t worse than the margin
  return false;
}

const rows = new Map<string, { counts: Record<string, number>; wrong: number; truth: number }>();
for await (const { results, truth } of analyseSeeds(seeds, PLAN, { people, extractDate })) {
  for (const v of results.verdicts) {
    if (v.method === 'matched') continue; // no planted risk difference in truth.json
    const contrast = CONTRAST[v.comparison]!;
    const t = v.method === 'cox' ? Math.exp(truth.estimands.conditional.hazard[contrast]) : truth.estimands.conditional.attitudes[v.measure!][contrast];
    const key = `${v.comparison}\t${v.method === 'cox' ? 'hazard ratio' : v.measure}`;
    const row = rows.get(key) ?? { counts: Object.fromEntries(VERDICTS.map((x) => [x, 0])), wrong: 0, truth: t };
    row.counts[v.verdict]! += 1;
    if (v.margin !== null && wrongVerdict(v.verdict, t, v.margin, v.no_difference)) row.wrong += 1;
    rows.set(key, row);
  }
}
process.stdout.write(`\nVerdicts against the planted conditional effects, ${seeds} seeds × ${people} people, extract date ${extractDate}\n`);
process.stdout.write(`question\toutcome\tplanted\t${VERDICTS.join('\t')}\twrong\twrong %\n`);
for (const [key, r] of rows) {
  process.stdout.write(`${key}\t${r.truth.toFixed(3)}\t${VERDICTS.map((v) => r.counts[v]).join('\t')}\t${r.wrong}\t${((100 * r.wrong) / seeds).toFixed(1)}\n`);
}
