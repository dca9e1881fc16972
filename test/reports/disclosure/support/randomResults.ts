/**
 * Random, internally consistent Results with many small cells, from a seed (mulberry32, a
 * tiny deterministic generator): for a property-style test of disclosure control.
 */
import type { AnalysisResults as Results } from '../../../../schemas/results.ts';
import { changeRecord, flowRecord, rateRecord, resultsWith } from './handBuiltResults.ts';

/** mulberry32: a uniform [0, 1) generator from a 32-bit seed. */
export function seededUniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Results for two comparisons of two levels each, every count drawn small (0 to ~40). */
export function randomResults(seed: number): Results {
  const u = seededUniform(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(u() * (hi - lo + 1));
  const split = (n: number, k: number) => {
    const cuts = Array.from({ length: k - 1 }, () => int(0, n)).sort((a, b) => a - b);
    return [...cuts, n].map((c, i) => c - (i ? cuts[i - 1]! : 0));
  };
  const comparisons = [
    { id: 'programme', levels: ['building_choices', 'legacy_specialist'] },
    { id: 'band', levels: ['band_3', 'band_4'] },
  ];
  const flow: Results['flow'] = [];
  const change: Results['attitudes']['change'] = [];
  const bins: Results['attitudes']['jacobson_truax'] = [];
  const bands: Results['attitudes']['reliable_change_bands'] = [];
  const ancova: Results['attitudes']['ancova'] = [];
  const rates: Results['reconviction']['rates'] = [];
  const differences: Results['reconviction']['differences'] = [];
  const survival: Results['reconviction']['survival'] = [];
  const curves: Results['reconviction']['survival_curves'] = [];
  const logrank: Results['reconviction']['logrank'] = [];
  const cox: Results['reconviction']['cox'] = [];
  const logistic: Results['reconviction']['logistic'] = [];
  const matched: Results['reconviction']['matched'] = [];
  const oe: Results['reconviction']['observed_expected'] = [];
  for (const c of comparisons) {
    const pairsN: number[] = [];
    const curveN: number[] = [];
    const curveE: number[] = [];
    const classed12: number[] = [];
    for (const level of c.levels) {
      const referred = int(3, 45);
      const started = int(0, referred);
      const completed = int(0, started);
      const withPre = int(0, referred);
      const pairs = int(0, withPre);
      const n12 = int(0, referred);
      const n24 = int(0, n12);
      classed12.push(n12);
      flow.push(flowRecord({ comparison: c.id, level, referred, started, completed, with_pre: withPre, with_pre_and_post: pairs, classed: [[12, n12], [24, n24]] }));
      const [imp, unch, det] = split(pairs, 3) as [number, number, number];
      const rec = int(0, imp);
      pairsN.push(pairs);
      change.push(
        changeRecord({
          comparison: c.id, level, n: pairs, df: pairs - 1,
          rci: pairs ? { improved: imp, unchanged: unch, deteriorated: det, pct_improved: (100 * imp) / pairs, pct_unchanged: (100 * unch) / pairs, pct_deteriorated: (100 * det) / pairs } : null,
          csc: pairs ? { criterion: 'c', cutoff: 30, recovered: rec, improved: imp - rec, unchanged: unch, deteriorated: det } : null,
          attrition: { pre_only: withPre - pairs, mean_pre_with_post: 30, mean_pre_pre_only: withPre > pairs ? 29 : null },
        }),
      );
      split(pairs, 4).forEach((count, i) => count && bins.push({ comparison: c.id, level, measure: 'self_management', bin_width: 3, pre_low: 3 * i, post_low: 3 * i + 3, count }));
      bands.push({ comparison: c.id, level, measure: 'self_management', threshold: 4.2, csc_cutoff: 30 });
      for (const [window, n] of [[12, n12], [24, n24]] as const) {
        const any = int(0, n);
        rates.push(rateRecord({ comparison: c.id, level, window_months: window, category: 'any', n, excluded: referred - n, reoffended: any }));
        rates.push(rateRecord({ comparison: c.id, level, window_months: window, category: 'sexual', n, excluded: referred - n, reoffended: int(0, any) }));
        rates.push(rateRecord({ comparison: c.id, level, window_months: window, category: 'violent', n, excluded: referred - n, reoffended: int(0, any) }));
      }
      const kept = int(0, referred);
      let atRisk = kept;
      let surv = 1;
      let events = 0;
      for (let t = 1; atRisk > 0 && t < 40; t++) {
        const d = int(0, Math.min(3, atRisk));
        const censored = int(0, Math.min(2, atRisk - d));
        if (d) {
          surv *= 1 - d / atRisk;
          survival.push({ comparison: c.id, level, time_days: 7 * t, at_risk: atRisk, events: d, surv, ci_low: Math.max(0, surv - 0.1), ci_high: Math.min(1, surv + 0.1) });
        }
        events += d;
        atRisk -= d + censored;
      }
      curveN.push(kept);
      curveE.push(events);
      curves.push({ comparison: c.id, level, n: kept, excluded: referred - kept, events, note: null });
      const oeN = int(0, n12);
      const observed = int(0, oeN);
      oe.push({ comparison: c.id, level, window_months: 24, n: oeN, observed, expected: oeN * 0.3, observed_rate: oeN ? observed / oeN : null, expected_rate: oeN ? 0.3 : null, ratio: oeN ? observed / (oeN * 0.3) : null, ci_low: 0.5, ci_high: 1.5, p: 0.2, note: null });
    }
    differences.push({ comparison: c.id, window_months: 12, category: 'any', treatment: c.levels[0]!, reference: c.levels[1]!, difference: 0.05, ci_low: -0.1, ci_high: 0.2, note: null });
    logrank.push({ comparison: c.id, chisq: 1.2, df: 1, p: 0.27, note: null });
    cox.push({ comparison: c.id, adjusted: false, covariates: [], hr: 0.9, ci_low: 0.6, ci_high: 1.3, se: 0.2, p: 0.5, n: curveN[0]! + curveN[1]!, events: curveE[0]! + curveE[1]!, clusters: 8, dropped_missing_covariates: 0, ph_p: 0.4, ph_violated: false, note: null });
    ancova.push({ comparison: c.id, measure: 'self_management', treatment: c.levels[0]!, reference: c.levels[1]!, adjusted: false, covariates: [], weighting: 'none', attrition_model: null, weight_range: null, estimate: 1, se: 0.4, df: 10, p: 0.04, ci_low: 0.1, ci_high: 1.9, std_estimate: 0.2, n: pairsN[0]! + pairsN[1]!, clusters: 6, dropped_missing_covariates: 0, p_holm: 0.04, note: null });
    const dropped = int(0, 4);
    logistic.push({ comparison: c.id, window_months: 12, covariates: ['ogrs'], or: 0.9, ci_low: 0.5, ci_high: 1.6, se: 0.3, p: 0.7, n: Math.max(0, classed12[0]! + classed12[1]! - dropped), dropped_missing_covariates: Math.min(dropped, classed12[0]! + classed12[1]!), note: null });
    const pairs = int(0, classed12[0]!);
    const xt = int(0, pairs);
    const xc = int(0, pairs);
    matched.push({
      comparison: c.id, window_months: 12, covariates: ['ogrs'], dropped_missing_covariates: 0, n_treated: pairs, n_control: pairs, unmatched_treated: classed12[0]! - pairs,
      rate_treated: pairs ? xt / pairs : null, rate_control: pairs ? xc / pairs : null, difference: pairs ? (xt - xc) / pairs : null, ci_low: -0.2, ci_high: 0.2,
      balance: [{ covariate: 'ogrs', smd_before: 0.3, smd_after: 0.05, imbalanced: false }], note: null,
    });
  }
  const quarterly: Results['monitoring']['quarterly'] = [];
  for (const family of ['building_choices', 'legacy_specialist']) {
    const qs = Array.from({ length: int(2, 6) }, (_, i) => {
      const n = int(1, 30);
      return { programme_family: family, quarter: `2024-Q${i + 1}`, window_months: 12, n, reoffended: int(0, n) };
    });
    const centre = qs.reduce((s, q) => s + q.reoffended, 0) / qs.reduce((s, q) => s + q.n, 0);
    for (const q of qs) quarterly.push({ ...q, rate: q.reoffended / q.n, centre, lcl: 0, ucl: 1 });
  }
  const regions = ['North', 'South', 'Wales', '<b>East</b>'].map((region) => {
    const n = int(1, 40);
    const observed = int(0, n);
    return { region, n, observed, expected: n * 0.3, ratio: observed / (n * 0.3) };
  });
  return resultsWith({
    flow,
    attitudes: { change, jacobson_truax: bins, reliable_change_bands: bands, ancova },
    reconviction: { rates, differences, survival, survival_curves: curves, logrank, cox, logistic, matched, observed_expected: oe },
    monitoring: { quarterly, regions },
  });
}
