/**
 * Sequential monitoring that does not cry wolf from repeated looks (issue 13): for each level
 * of the group-assigned factors a plan compares (programme family; facilitator band), a
 * risk-adjusted Bernoulli CUSUM (Steiner, Cook, Farewell & Treasure 2000;
 * stats/riskAdjustedCusum.ts) of 12-month proven reoffending against each person's expected
 * risk, in order of follow-up start (so of the date their 12 months and court lag end).
 *
 * - Expected risk: a logistic model of 12-month proven reoffending on logit(OGRS/100), fitted
 *   on the comparison's reference level (legacy programmes; band 4) — what a person would be
 *   expected to do there. OGRS predicts two-year reoffending, so it is recalibrated, not used raw.
 * - Threshold h: by simulation, for an in-control average run length of `plan.monitoring.arl0`
 *   people (default 1,000) with the reference level's expected risks, seeded with `plan.seed`
 *   (stats/cusumThreshold.ts); the chart restarts at 0 after a signal.
 * - Disclosure by design: a step of the path gives away one person's outcome, so the path is
 *   published only at the ends of blocks of people holding at least min_cell reoffenders and
 *   min_cell who did not reoffend (the Kaplan–Meier runs rule); a block with a signal says so,
 *   dated by its last person's follow-up start month. A level without a complete block
 *   publishes no path.
 */
import type { Plan } from '../../../schemas/plan.ts';
import type { CohortMember } from '../../derive/cohort.ts';
import { guarded } from '../guarded.ts';
import { memberColumns, rowsWhere } from '../memberColumns.ts';
import { cusumThreshold } from '../stats/cusumThreshold.ts';
import { logisticRegression } from '../stats/logisticRegression.ts';
import { riskAdjustedCusum } from '../stats/riskAdjustedCusum.ts';
import { QUARTERLY_WINDOW_MONTHS } from './monitoring.ts';

export const CUSUM_FACTORS = ['programme_family', 'facilitator_band'] as const;

export interface CusumRecord {
  factor: string;
  level: string;
  /** The level whose people the expected-risk model was fitted on. */
  reference: string;
  window_months: number;
  odds_ratio: number;
  arl0: number;
  threshold: number | null;
  /** The CUSUM at the end of each published block, with whether it signalled within it. */
  points: { through: string; s: number; signal: boolean }[];
  /** The follow-up start month of the block of the first signal, or null. */
  first_signal: string | null;
  note: string | null;
}

const logit = (p: number) => Math.log(p / (1 - p));

export function riskAdjustedCusums(cohort: readonly CohortMember[], plan: Plan): CusumRecord[] {
  const minCell = plan.disclosure.min_cell;
  const { arl0, odds_ratio: oddsRatio } = plan.monitoring;
  const out: CusumRecord[] = [];
  const outcomes = memberColumns(cohort).reoffending(QUARTERLY_WINDOW_MONTHS, 'any');
  for (const factor of CUSUM_FACTORS) {
    const comparison = plan.comparisons.find((c) => c.by === factor);
    if (!comparison) continue;
    const reference = comparison.reference;
    const classed = rowsWhere(cohort, (m, i) => m.arm === 'programme' && m.covariates.ogrs !== null && m.covariates.ogrs > 0 && m.covariates.ogrs < 100 && outcomes[i]!.classed)
      .map((i) => ({ m: cohort[i]!, o: outcomes[i]! }))
      .sort((a, b) => (a.m.followUp.followUpStart < b.m.followUp.followUpStart ? -1 : a.m.followUp.followUpStart > b.m.followUp.followUpStart ? 1 : a.m.enrolmentId < b.m.enrolmentId ? -1 : 1));
    const base = { factor, reference, window_months: QUARTERLY_WINDOW_MONTHS, odds_ratio: oddsRatio, arl0 };
    const levels = [...new Set(classed.map((x) => x.m.levels[factor]))].sort();
    const atReference = classed.filter((x) => x.m.levels[factor] === reference);
    const model = guarded(() => logisticRegression({ y: atReference.map((x) => (x.o.reoffended ? 1 : 0)), covariates: { logit_ogrs: atReference.map((x) => logit(x.m.covariates.ogrs! / 100)) } }));
    if (!model.value) {
      for (const level of levels) out.push({ ...base, level, threshold: null, points: [], first_signal: null, note: `no expected-risk model on ${reference}: ${model.note}` });
      continue;
    }
    const [b0, b1] = model.value.terms.map((t) => t.coefficient) as [number, number];
    const expected = (m: CohortMember) => 1 / (1 + Math.exp(-(b0 + b1 * logit(m.covariates.ogrs! / 100))));
    const h = guarded(() => cusumThreshold({ expected: atReference.map((x) => expected(x.m)), oddsRatio, arl0, seed: plan.seed }));
    for (const level of levels) {
      const people = classed.filter((x) => x.m.levels[factor] === level);
      if (!h.value) {
        out.push({ ...base, level, threshold: null, points: [], first_signal: null, note: h.note });
        continue;
      }
      const chart = riskAdjustedCusum({ outcome: people.map((x) => x.o.reoffended), expected: people.map((x) => expected(x.m)), oddsRatio, threshold: h.value.threshold });
      const signals = new Set(chart.signals);
      // Blocks of at least min_cell reoffenders and min_cell non-reoffenders; a short tail joins the block before.
      const ends: number[] = [];
      let yes = 0;
      let no = 0;
      people.forEach((x, i) => {
        if (x.o.reoffended) yes++;
        else no++;
        if (yes >= minCell && no >= minCell) {
          ends.push(i);
          yes = no = 0;
        }
      });
      if (ends.length && (yes > 0 || no > 0)) ends[ends.length - 1] = people.length - 1;
      const points = ends.map((end, k) => {
        const start = k === 0 ? 0 : ends[k - 1]! + 1;
        let signal = false;
        for (let i = start; i <= end; i++) if (signals.has(i)) signal = true;
        return { through: people[end]!.m.followUp.followUpStart.slice(0, 7), s: chart.path[end]!, signal };
      });
      const first = points.find((p) => p.signal);
      out.push({
        ...base,
        level,
        threshold: h.value.threshold,
        points,
        first_signal: first?.through ?? null,
        note: points.length ? null : `fewer than ${minCell} people reoffended, or did not, within ${QUARTERLY_WINDOW_MONTHS} months at this level: no part of the chart can be published`,
      });
    }
  }
  return out;
}
