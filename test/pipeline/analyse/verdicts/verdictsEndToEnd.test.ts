/**
 * Issue 11 end to end on generated cohorts: the plan's questions get non-inferiority verdicts
 * from the separated estimates (never the comparison as delivered), readiness says what 80%
 * power needs and when, the JDL frequency and time-to-reoffence records and E-values are
 * filled, and a later extract date moves Building Choices' 12-month reoffending from "follow-up
 * too short" to an estimate with a verdict.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateExtract } from '../../../../fixtures/generator/index.ts';
import { runAnalysis } from '../../../../pipeline/analyse/runAnalysis.ts';
import { nonInferiorityVerdict } from '../../../../pipeline/analyse/verdicts/nonInferiorityVerdict.ts';
import { proportionsPower, proportionsSampleSize } from '../../../../pipeline/analyse/stats/powerProportions.ts';
import { openDatabase } from '../../../../pipeline/db/open.ts';
import { loadExtract } from '../../../../pipeline/load/loadExtract.ts';
import { planSchema } from '../../../../schemas/plan.ts';
import type { AnalysisResults } from '../../../../schemas/results.ts';
import { scratchDir } from '../../../support/extracts.ts';

const PLAN = planSchema.parse({
  comparisons: [
    { id: 'programme', by: 'programme_family', treatment: 'building_choices', reference: 'legacy_specialist', adjust_for: ['facilitator_band'] },
    { id: 'programme_as_delivered', by: 'programme_family', treatment: 'building_choices', reference: 'legacy_specialist' },
  ],
  covariates: ['ogrs', 'age_at_index'],
  windows: [12],
  margins: { reoffending: { risk_difference: 0.03, hazard_ratio: 1.25 }, attitudes: { standardised: 0.2, self_management: { points: 2 } } },
});

async function analyse(extractDate: string): Promise<AnalysisResults> {
  const dir = join(scratchDir(), `extract-${extractDate}`);
  await generateExtract({ out: dir, people: 1500, seed: 11, extractDate });
  const database = await openDatabase(':memory:');
  await loadExtract(database, dir);
  const results = await runAnalysis(database, PLAN);
  await database.close();
  return results;
}

let early: AnalysisResults;
let late: AnalysisResults;
beforeAll(async () => {
  early = await analyse('2026-10-31');
  late = await analyse('2028-10-31');
}, 240_000);

describe('verdicts (issue 11)', () => {
  it('judge the question from the comparison holding band fixed; the one as delivered gets none', () => {
    for (const r of [early, late]) {
      expect(new Set(r.verdicts.map((v) => v.comparison))).toEqual(new Set(['programme']));
      // One per window, one hazard ratio, one per measure with an ANCOVA.
      expect(r.verdicts.filter((v) => v.method === 'matched')).toHaveLength(1);
      expect(r.verdicts.filter((v) => v.method === 'cox')).toHaveLength(1);
      expect(r.verdicts.filter((v) => v.method === 'ancova')).toHaveLength(r.attitudes.measures.length);
    }
  });

  it('take their estimate and CI from the source record and apply the CONSORT reading', () => {
    for (const v of late.verdicts.filter((x) => x.estimate !== null)) {
      const source =
        v.method === 'matched'
          ? late.reconviction.matched.find((m) => m.comparison === v.comparison && m.window_months === v.window_months)!
          : v.method === 'cox'
            ? late.reconviction.cox.find((c) => c.comparison === v.comparison && c.adjusted)!
            : late.attitudes.ancova.find((a) => a.comparison === v.comparison && a.measure === v.measure && a.adjusted)!;
      const [estimate, low, high] = 'difference' in source ? [source.difference, source.ci_low, source.ci_high] : 'hr' in source ? [source.hr, source.ci_low, source.ci_high] : [source.estimate, source.ci_low, source.ci_high];
      expect([v.estimate, v.ci_low, v.ci_high]).toEqual([estimate, low, high]);
      expect(v.verdict).toBe(nonInferiorityVerdict({ ciLow: low!, ciHigh: high!, margin: v.margin!, noDifference: v.no_difference }).verdict);
    }
  });

  it('sign each margin on the worse side: + for reoffending and lower-is-better measures, − for higher-is-better', () => {
    const v = (method: string, measure: string | null = null) => late.verdicts.find((x) => x.method === method && x.measure === measure)!;
    expect(v('matched').margin).toBe(0.03);
    expect(v('cox').margin).toBe(1.25);
    for (const m of late.attitudes.measures) {
      const verdict = v('ancova', m.measure);
      const ancova = late.attitudes.ancova.find((a) => a.comparison === 'programme' && a.measure === m.measure && a.adjusted)!;
      const points = m.measure === 'self_management' ? 2 : 0.2 * ancova.pooled_sd_pre!;
      expect(verdict.margin).toBeCloseTo(m.direction === 'lower_better' ? points : -points, 12);
    }
  });

  it('a later extract moves Building Choices from too little follow-up to a 12-month estimate and verdict', () => {
    const matched = (r: AnalysisResults) => r.reconviction.matched.find((m) => m.comparison === 'programme' && m.window_months === 12)!;
    const classed = (r: AnalysisResults) => r.reconviction.rates.find((x) => x.comparison === 'programme' && x.level === 'building_choices' && x.window_months === 12 && x.category === 'any')!.n!;
    expect(classed(early)).toBeLessThan(30);
    expect(classed(late)).toBeGreaterThan(100);
    expect(matched(late).difference).not.toBeNull();
    const verdict = late.verdicts.find((v) => v.method === 'matched')!.verdict;
    expect(['superior', 'non_inferior', 'inconclusive', 'inferior']).toContain(verdict);
  });
});

describe('readiness (issue 11)', () => {
  it('one record per verdict; n_now and events_now are the source records\' people and reoffences', () => {
    for (const r of [early, late]) {
      expect(r.readiness.map((x) => [x.comparison, x.margin_scale, x.window_months, x.measure])).toEqual(r.verdicts.map((v) => [v.comparison, v.margin_scale, v.window_months, v.measure]));
      const rd = r.readiness.find((x) => x.margin_scale === 'risk_difference')!;
      const m = r.reconviction.matched.find((x) => x.comparison === 'programme' && x.window_months === 12)!;
      expect(rd.n_now).toBe(m.n_treated === null ? null : 2 * m.n_treated);
      const hr = r.readiness.find((x) => x.margin_scale === 'hazard_ratio')!;
      const cox = r.reconviction.cox.find((c) => c.comparison === 'programme' && c.adjusted)!;
      expect([hr.n_now, hr.events_now]).toEqual([cox.n, cox.events]);
    }
  });

  it('needs power.prop.test\'s n × design effect, and the MDE is what the pairs detect with 80% power', () => {
    const rd = late.readiness.find((x) => x.margin_scale === 'risk_difference')!;
    const ref = late.reconviction.rates.find((x) => x.comparison === 'programme' && x.level === 'legacy_specialist' && x.window_months === 12 && x.category === 'any')!;
    const p0 = ref.reoffended! / ref.n!;
    expect(rd.design_effect).toBeGreaterThanOrEqual(1);
    expect(rd.needed).toBeCloseTo(proportionsSampleSize(p0, p0 + 0.03, 0.8) * rd.design_effect!, 6);
    const pairs = rd.n_now! / 2;
    expect(proportionsPower(pairs / rd.design_effect!, p0, p0 + rd.mde!)).toBeCloseTo(0.8, 9);
    expect(rd.assessable_now).toBe(pairs >= rd.needed!);
  });

  it('gives a month end no earlier than observation end, or null with a note', () => {
    for (const r of [early, late]) {
      const end = r.data.dates!.observation_end!;
      for (const x of r.readiness) {
        if (x.assessable_from !== null) {
          expect(x.assessable_from >= end).toBe(true);
          expect(x.note).toMatch(/from about \d{4}-\d{2}|now/);
        } else expect(x.note).toMatch(/within ten years|no margin/);
      }
    }
    // More follow-up can only bring the 12-month date nearer or keep it.
    expect(late.data.dates!.observation_end).toBe('2028-10-31');
    expect(late.data.dates!.extract_date).toBe('2028-10-31');
  });
});

describe('the JDL headline measures and E-values (issue 11)', () => {
  it('frequency: per-person means of each side and a rate ratio with its CI', () => {
    const f = late.reconviction.frequency.find((x) => x.comparison === 'programme_as_delivered' && x.window_months === 12)!;
    expect(f.rate_ratio).not.toBeNull();
    expect(f.ci_low!).toBeLessThan(f.rate_ratio!);
    expect(f.ci_high!).toBeGreaterThan(f.rate_ratio!);
    expect(f.per_person_treated!).toBeGreaterThan(0);
  });

  it('the matched difference also has the paired interval (Newcombe 1998, method 10) around it', () => {
    const m = late.reconviction.matched.filter((x) => x.difference !== null);
    expect(m.length).toBeGreaterThan(0);
    for (const x of m) {
      expect(x.paired_ci_low!).toBeLessThanOrEqual(x.difference!);
      expect(x.paired_ci_high!).toBeGreaterThanOrEqual(x.difference!);
      expect(x.paired_smallest_cell).toBeGreaterThanOrEqual(0);
    }
  });

  it('time to first reoffence among reoffenders lies within the window', () => {
    for (const t of late.reconviction.time_to_reoffence.filter((x) => x.mean_days !== null)) {
      expect(t.mean_days!).toBeGreaterThan(0);
      expect(t.mean_days!).toBeLessThan(366);
    }
  });

  it('every Cox, logistic, matched and ANCOVA record with an estimate has an E-value of at least 1, its CI E-value no larger', () => {
    const records = [...late.reconviction.cox.filter((r) => r.hr !== null), ...late.reconviction.logistic.filter((r) => r.or !== null), ...late.reconviction.matched.filter((r) => r.difference !== null && r.rate_control! > 0), ...late.attitudes.ancova.filter((r) => r.estimate !== null)];
    expect(records.length).toBeGreaterThan(4);
    for (const r of records) {
      expect(r.e_value!).toBeGreaterThanOrEqual(1);
      expect(r.e_value_ci!).toBeGreaterThanOrEqual(1);
      expect(r.e_value_ci!).toBeLessThanOrEqual(r.e_value! + 1e-12);
    }
  });
});
