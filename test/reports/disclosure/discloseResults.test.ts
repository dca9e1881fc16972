import { describe, expect, it } from 'vitest';
import { discloseResults } from '../../../reports/disclosure/discloseResults.ts';
import { resultsSchema, type AnalysisResults, type Results } from '../../../schemas/results.ts';
import { disclosureFailures } from './support/disclosureAudit.ts';
import { changeRecord, emptyResults, flowRecord, rateRecord, rci, resultsWith } from './support/handBuiltResults.ts';

const MIN = 10;

async function disclose(results: AnalysisResults, minCell = MIN): Promise<Results> {
  const before = structuredClone(results);
  const { results: out, log } = await discloseResults(results, { minCell });
  expect(log.unprotected).toEqual([]);
  expect(results, 'the input is not mutated').toEqual(before);
  expect(() => resultsSchema.parse(out)).not.toThrow();
  expect(disclosureFailures(results, out, minCell)).toEqual([]);
  return out;
}

describe('discloseResults: reoffending rates', () => {
  it('suppresses every figure of a level with fewer than min_cell people classed', async () => {
    const results = resultsWith({ reconviction: { rates: [rateRecord({ level: 'band_3', n: 7, excluded: 30, reoffended: 2 }), rateRecord({ level: 'band_4', n: 120, excluded: 30, reoffended: 40 })] } });
    const out = await disclose(results);
    const small = out.reconviction.rates[0]!;
    expect(small).toMatchObject({ n: null, reoffended: null, rate: null, ci_low: null, ci_high: null, offences_per_100: null });
    expect(small.suppressed).toEqual(expect.arrayContaining(['n', 'reoffended', 'rate', 'ci_low', 'ci_high', 'offences_per_100']));
    expect(out.reconviction.rates[1]).toEqual(results.reconviction.rates[1]);
  });

  it('suppresses a rate and its interval with its small numerator, and with a small complement', async () => {
    const results = resultsWith({
      reconviction: {
        rates: [
          rateRecord({ level: 'a', n: 60, excluded: 15, reoffended: 4 }),
          rateRecord({ level: 'b', n: 60, excluded: 15, reoffended: 55, window_months: 12, comparison: 'other' }),
        ],
      },
    });
    const out = await disclose(results);
    expect(out.reconviction.rates[0]).toMatchObject({ n: 60, reoffended: null, rate: null, ci_low: null, ci_high: null });
    // 55 of 60: the 5 who did not reoffend are a small cell, so reoffended (and the rate) go.
    expect(out.reconviction.rates[1]).toMatchObject({ n: 60, reoffended: null, rate: null });
  });

  it('shows a zero where at least min_cell people are involved, and hides it in a small group', async () => {
    const out = await disclose(resultsWith({ reconviction: { rates: [rateRecord({ level: 'a', n: 80, excluded: 20, reoffended: 0 }), rateRecord({ level: 'b', comparison: 'x', n: 6, excluded: 20, reoffended: 0 })] } }));
    expect(out.reconviction.rates[0]).toMatchObject({ reoffended: 0, rate: 0 });
    expect(out.reconviction.rates[1]).toMatchObject({ reoffended: null, rate: null });
  });

  it('does not let excluded be worked out from members = n + excluded in another window or the flow', async () => {
    const results = resultsWith({
      flow: [flowRecord({ level: 'a', referred: 100, started: 90, completed: 70, with_pre: 80, with_pre_and_post: 60, classed: [[12, 95], [24, 60]] })],
      reconviction: {
        rates: [rateRecord({ level: 'a', window_months: 12, n: 95, excluded: 5, reoffended: 30 }), rateRecord({ level: 'a', window_months: 24, n: 60, excluded: 40, reoffended: 25 })],
      },
    });
    const out = await disclose(results);
    expect(out.reconviction.rates[0]!.excluded).toBeNull();
    // 95 classed of 100 referred would give the 5 back: one of them must go too.
    const shownN = out.reconviction.rates[0]!.n !== null && out.flow[0]!.referred !== null && out.flow[0]!.classed[0]!.n !== null;
    expect(shownN).toBe(false);
  });

  it('suppresses a difference when either rate is suppressed', async () => {
    const results = resultsWith({
      reconviction: {
        rates: [rateRecord({ level: 't', n: 50, excluded: 10, reoffended: 3 }), rateRecord({ level: 'r', n: 200, excluded: 10, reoffended: 60 })],
        differences: [{ comparison: 'programme', window_months: 12, category: 'any', treatment: 't', reference: 'r', difference: -0.24, ci_low: -0.3, ci_high: -0.1, note: null }],
      },
    });
    const out = await disclose(results);
    expect(out.reconviction.differences[0]).toMatchObject({ difference: null, ci_low: null, ci_high: null, suppressed: ['ci_high', 'ci_low', 'difference'] });
  });
});

describe('discloseResults: attitude change', () => {
  it('suppresses every paired statistic, the RCI and the CSC block when n is small', async () => {
    const results = resultsWith({
      attitudes: {
        change: [changeRecord({ n: 8, rci: rci(3, 4, 1), csc: { criterion: 'c', cutoff: 28.5, recovered: 1, improved: 2, unchanged: 4, deteriorated: 1 }, note: 'fewer than 2 people with both pre and post scores (8)' })],
      },
    });
    const out = await disclose(results);
    const r = out.attitudes.change[0]!;
    expect(r).toMatchObject({ n: null, mean_change: null, t: null, df: null, p: null, d_av: null, g_av: null, csc: null, note: null });
    expect(r.rci).toEqual({ improved: null, unchanged: null, deteriorated: null, pct_improved: null, pct_unchanged: null, pct_deteriorated: null });
    expect(r.suppressed).toEqual(expect.arrayContaining(['n', 'csc', 'note', 'rci.improved']));
  });

  it('when one RCI count is small, suppresses a second so that improved + unchanged + deteriorated = n cannot be solved', async () => {
    const results = resultsWith({ attitudes: { change: [changeRecord({ n: 60, rci: rci(25, 30, 5) })] } });
    const out = await disclose(results);
    const r = out.attitudes.change[0]!;
    expect(r.rci!.deteriorated).toBeNull();
    const unknown = [r.n, r.rci!.improved, r.rci!.unchanged, r.rci!.deteriorated].filter((v) => v === null).length;
    expect(unknown).toBeGreaterThanOrEqual(2);
    expect(r.rci!.pct_deteriorated).toBeNull();
    // The smallest other part (improved, 25) goes, n and the paired statistics stay.
    expect(r).toMatchObject({ n: 60, mean_change: 3.75, rci: { improved: null, unchanged: 30 } });
  });

  it('coarsens a Jacobson–Truax grid until no bin is small, rather than marking where small counts sit', async () => {
    // 10 bins a side over 0–30: a bin of 3 people sits at the bottom left.
    const measure = { measure: 'self_management', label: 'Self-management', min: 0, max: 30, direction: 'higher_better' as const, reliability: 0.8, norm_mean: null, norm_sd: null };
    const bin = (count: number, pre_low: number) => ({ comparison: 'programme', level: 'building_choices', measure: 'self_management', bin_width: 3, pre_low, post_low: pre_low, count });
    const results = resultsWith({ attitudes: { measures: [measure], change: [changeRecord({ n: 50 })], jacobson_truax: [bin(3, 0), bin(12, 3), bin(20, 6), bin(15, 9)] } });
    const { results: out, log } = await discloseResults(results, { minCell: MIN });
    // 5 bins a side (width 6): 3 + 12 and 20 + 15 together; no small count, and no mark where it was.
    expect(out.attitudes.jacobson_truax.map((b) => [b.bin_width, b.pre_low, b.post_low, b.count])).toEqual([
      [6, 0, 0, 15],
      [6, 6, 6, 35],
    ]);
    expect(log.grids).toEqual([{ measure: 'self_management', bins_per_side: 5 }]);
  });

  it('withholds a grid whose bins are small even at 2 × 2, and says so', async () => {
    const measure = { measure: 'self_management', label: 'Self-management', min: 0, max: 30, direction: 'higher_better' as const, reliability: 0.8, norm_mean: null, norm_sd: null };
    const bin = (count: number, pre_low: number, post_low: number) => ({ comparison: 'programme', level: 'building_choices', measure: 'self_management', bin_width: 3, pre_low, post_low, count });
    const results = resultsWith({ attitudes: { measures: [measure], change: [changeRecord({ n: 50 })], jacobson_truax: [bin(2, 0, 27), bin(48, 15, 15)] } });
    const { results: out } = await discloseResults(results, { minCell: MIN });
    expect(out.attitudes.jacobson_truax).toEqual([]);
    // The note names the measure by its label (people read it), not its code.
    expect(out.disclosure.notes.some((n) => n.includes('grid of Self-management is not shown'))).toBe(true);
  });

  it('keeps a level ANCOVA n from giving a withheld level n back', async () => {
    const ancova = {
      comparison: 'band', measure: 'self_management', treatment: 'band_3', reference: 'band_4', adjusted: false, covariates: [],
      estimate: 1.2, se: 0.5, df: 20, p: 0.03, ci_low: 0.1, ci_high: 2.3, std_estimate: 0.2, weighting: 'none' as const, attrition_model: null, weight_range: null, n: 7 + 40, clusters: 12, dropped_missing_covariates: 0, p_holm: 0.05, note: null,
    };
    const results = resultsWith({ attitudes: { change: [changeRecord({ comparison: 'band', level: 'band_3', n: 7 }), changeRecord({ comparison: 'band', level: 'band_4', n: 40 })], ancova: [ancova] } });
    const out = await disclose(results);
    expect(out.attitudes.change[0]!.n).toBeNull();
    expect([out.attitudes.change[1]!.n, out.attitudes.ancova[0]!.n]).toContain(null);
    expect(out.attitudes.ancova[0]).toMatchObject({ estimate: null, p: null });
  });
});

describe('discloseResults: flow, survival and monitoring', () => {
  it('protects referred ≥ started ≥ completed', async () => {
    const out = await disclose(resultsWith({ flow: [flowRecord({ level: 'a', referred: 140, started: 134, completed: 100, with_pre: 120, with_pre_and_post: 90, classed: [[12, 100]] })] }));
    const f = out.flow[0]!;
    expect(f.referred === null || f.started === null).toBe(true);
    expect(f.completed).toBe(100);
  });

  it('publishes a Kaplan–Meier curve in runs of at least min_cell events and cuts it where few remain at risk', async () => {
    const rows: Results['reconviction']['survival'] = [];
    let atRisk = 60;
    let surv = 1;
    for (let t = 1; t <= 20; t++) {
      const events = t % 3 === 0 ? 2 : 1;
      surv *= 1 - events / atRisk;
      rows.push({ comparison: 'programme', level: 'a', time_days: 10 * t, at_risk: atRisk, events, surv, ci_low: surv - 0.05, ci_high: Math.min(1, surv + 0.05) });
      atRisk -= events + 1;
    }
    const curve = { comparison: 'programme', level: 'a', n: 60, excluded: 12, events: rows.reduce((s, r) => s + r.events!, 0), note: null };
    const out = await disclose(resultsWith({ reconviction: { survival: rows, survival_curves: [curve] } }));
    const shown = out.reconviction.survival.filter((r) => r.surv !== null);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThan(rows.length);
    expect(out.reconviction.survival.every((r) => r.events === null || r.events >= MIN)).toBe(true);
    expect(out.disclosure.notes.join(' ')).toContain('steps of at least 10 reoffences');
  });

  it('ends a run at each landmark\'s step where it can, and otherwise withholds the landmark with the step', async () => {
    // 40 steps of one reoffence each, 300 at risk: without landmarks, runs of 10 events publish S at steps 10, 20, 30, 40.
    const rows: Results['reconviction']['survival'] = [];
    let atRisk = 300;
    let surv = 1;
    for (let t = 1; t <= 40; t++) {
      surv *= 1 - 1 / atRisk;
      rows.push({ comparison: 'programme', level: 'a', time_days: 10 * t, at_risk: atRisk, events: 1, surv, ci_low: surv - 0.02, ci_high: Math.min(1, surv + 0.02) });
      atRisk -= 2;
    }
    const curve = { comparison: 'programme', level: 'a', n: 300, excluded: 0, events: 40, note: null };
    const landmark = (months: number, time_days: number, step: number | null) => {
      const s = step === null ? 1 : rows[step - 1]!.surv!;
      return { comparison: 'programme', level: 'a', months, time_days, surv: s, ci_low: s - 0.02, ci_high: Math.min(1, s + 0.02), boot_ci_low: s - 0.04, boot_ci_high: Math.min(1, s + 0.04), clusters: 30, note: null };
    };
    // Before any step (S = 1); inside the first run (step 5: no earlier run can take it);
    // inside the second run (step 15: the first run ends there instead); after the last step,
    // in a tail of 5 reoffences (joined to the run before it).
    const landmarks = [landmark(0, 5, null), landmark(2, 55, 5), landmark(5, 155, 15), landmark(24, 730, 40)];
    const out = await disclose(resultsWith({ reconviction: { survival: rows, survival_curves: [curve], landmarks } }));
    expect(out.reconviction.landmarks.map((l) => l.surv)).toEqual([1, null, rows[14]!.surv, rows[39]!.surv]);
    expect(out.reconviction.landmarks[1]).toMatchObject({ ci_low: null, ci_high: null, boot_ci_low: null, boot_ci_high: null, suppressed_reason: { surv: 'low' } });
    // Runs 1–15, 16–25 and 26–40: each of at least min_cell reoffences, S shown at its end only.
    const shown = out.reconviction.survival.filter((r) => r.surv !== null).map((r) => r.time_days);
    expect(shown).toEqual([150, 250, 400]);
    // Without the landmarks the runs are the plain ones.
    const plain = await disclose(resultsWith({ reconviction: { survival: rows, survival_curves: [curve] } }));
    expect(plain.reconviction.survival.filter((r) => r.surv !== null).map((r) => r.time_days)).toEqual([100, 200, 300, 400]);
  });

  it('publishes no landmark of a curve from fewer than min_cell reoffences', async () => {
    const rows = [{ comparison: 'programme', level: 'a', time_days: 30, at_risk: 200, events: 6, surv: 0.97, ci_low: 0.95, ci_high: 0.99 }];
    const curve = { comparison: 'programme', level: 'a', n: 200, excluded: 0, events: 6, note: null };
    const landmarks = [3, 12].map((months) => ({ comparison: 'programme', level: 'a', months, time_days: months * 30.4375, surv: months === 3 ? 0.97 : 0.97, ci_low: 0.95, ci_high: 0.99, boot_ci_low: 0.94, boot_ci_high: 0.99, clusters: 20, note: null }));
    const out = await disclose(resultsWith({ reconviction: { survival: rows, survival_curves: [curve], landmarks } }));
    expect(out.reconviction.landmarks.map((l) => [l.surv, l.boot_ci_low, l.suppressed_reason?.surv])).toEqual([[null, null, 'low'], [null, null, 'low']]);
  });

  it('does not let the centre line give back a lone withheld quarter', async () => {
    const q = (quarter: string, n: number, reoffended: number) => ({ programme_family: 'bc', quarter, window_months: 12, n, reoffended, rate: reoffended / n, centre: 0, lcl: 0, ucl: 1 });
    const quarters = [q('2024-Q1', 40, 12), q('2024-Q2', 50, 3), q('2024-Q3', 45, 15), q('2024-Q4', 60, 20)];
    const centre = quarters.reduce((s, x) => s + x.reoffended, 0) / quarters.reduce((s, x) => s + x.n, 0);
    const out = await disclose(resultsWith({ monitoring: { quarterly: quarters.map((x) => ({ ...x, centre })) } }));
    const hidden = out.monitoring.quarterly.filter((x) => x.reoffended === null).length;
    expect(out.monitoring.quarterly[1]!.reoffended).toBeNull();
    expect(hidden).toBeGreaterThanOrEqual(2);
  });

  it('suppresses a small region and redraws the funnel so its ends do not give its expected count back', async () => {
    const regions = [
      { region: '<script>alert(1)</script>', n: 6, observed: 2, expected: 1.8, ratio: 2 / 1.8 },
      { region: 'North', n: 120, observed: 40, expected: 36, ratio: 40 / 36 },
      { region: 'South', n: 90, observed: 30, expected: 28, ratio: 30 / 28 },
    ];
    const funnel = [0.9, 5, 20, 54].map((expected) => ({ expected, lower_95: 0.5, upper_95: 1.5, lower_998: 0.3, upper_998: 1.8 }));
    const out = await disclose(resultsWith({ monitoring: { regions, funnel } }));
    expect(out.monitoring.regions[0]).toMatchObject({ n: null, observed: null, expected: null, ratio: null });
    expect(out.monitoring.funnel[0]!.expected).toBeCloseTo(14);
    expect(out.monitoring.funnel.length).toBe(4);
  });
});

describe('discloseResults: the disclosure summary', () => {
  it('counts suppressed values by section and says so in plain words', async () => {
    const results = resultsWith({
      reconviction: { rates: [rateRecord({ level: 'a', n: 5, excluded: 40, reoffended: 1 }), rateRecord({ level: 'b', comparison: 'z', n: 8, excluded: 40, reoffended: 2 })] },
    });
    const out = await disclose(results);
    expect(out.disclosure.min_cell).toBe(MIN);
    expect(out.disclosure.suppressed_by_section['reconviction.rates']).toBeGreaterThanOrEqual(12);
    expect(out.disclosure.notes).toContain('2 reoffending rates were suppressed because fewer than 10 people were classed, fewer than 10 reoffended or did not reoffend, or the rate would reveal a suppressed count.');
  });

  it('leaves results with nothing small untouched, apart from the summary', async () => {
    const results = resultsWith({
      flow: [flowRecord({ level: 'a', referred: 200, started: 180, completed: 150, with_pre: 170, with_pre_and_post: 140, classed: [[12, 160]] })],
      attitudes: { change: [changeRecord({ n: 140, rci: rci(50, 60, 30), attrition: { pre_only: 30, mean_pre_with_post: 30, mean_pre_pre_only: 29 } })] },
      reconviction: { rates: [rateRecord({ level: 'a', n: 160, excluded: 40, reoffended: 50 })] },
    });
    const out = await disclose(results);
    const { linkage: _linkage, ...published } = results;
    // Beside the summary, disclosure adds only this run's headline figures (the trend's last point).
    expect({ ...out, disclosure: undefined, history: undefined }).toEqual({ ...published, disclosure: undefined });
    expect(out.history).toHaveLength(1);
    expect(out.disclosure).toMatchObject({ min_cell: MIN, publishable: true, suppressed_by_section: {}, suppressed_by_reason: { low: 0, c: 0 }, notes: [] });
  });

  it('applies the threshold it is given', async () => {
    const results = resultsWith({ reconviction: { rates: [rateRecord({ level: 'a', n: 15, excluded: 20, reoffended: 6 })] } });
    expect((await disclose(results, 5)).reconviction.rates[0]).toMatchObject({ n: 15, reoffended: 6 });
    expect((await disclose(results, 20)).reconviction.rates[0]).toMatchObject({ n: null, reoffended: null });
  });

  it('refuses a threshold that is not a whole number of at least 1', async () => {
    await expect(discloseResults(emptyResults(), { minCell: 0 })).rejects.toThrow(RangeError);
  });
});
