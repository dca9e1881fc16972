/**
 * E-values (VanderWeele & Ding 2017, Ann Intern Med 167:268) on every model record with an
 * estimate: how strongly an unmeasured confounder would have to be associated, on the risk
 * ratio scale, with both the compared level and the outcome to explain the estimate away
 * (`e_value`), or to move its CI to include no difference (`e_value_ci`; 1 when it already
 * does). As the EValue package (stats/eValue.ts):
 * - Cox hazard ratios: `evalues.HR(hr, lo, hi, rare = events / n < 0.15)`;
 * - logistic odds ratios: `evalues.OR(or, lo, hi, rare = …)`, the outcome's proportion over
 *   both compared levels of the window's rates;
 * - matched differences: the risk ratio of the matched rates, `evalues.RR(rt / rc, …)`, with
 *   CI limits (rc + difference limit) / rc, which hold the comparison rate fixed (an
 *   approximation: the Newcombe interval is for the difference);
 * - ANCOVA differences: `evalues.MD(d, se_d)` with d = estimate / pooled SD of the pre
 *   scores and se_d = se / that SD.
 */
import type { AncovaRecord, CoxRecord, LogisticRecord, MatchedRecord, RateRecord } from '../../../schemas/results.ts';
import { eValue } from '../stats/eValue.ts';

/** The share of people for whom an outcome counts as rare (EValue's 15%). */
export const RARE_OUTCOME = 0.15;

const attempt = (f: () => { point: number; ci: number | null }) => {
  try {
    const e = f();
    return { e_value: e.point, e_value_ci: e.ci };
  } catch {
    return { e_value: null, e_value_ci: null };
  }
};

const none = { e_value: null, e_value_ci: null };

export function coxEValues(r: CoxRecord): CoxRecord {
  if (r.hr === null || r.ci_low === null || r.ci_high === null || !r.n || r.events === null) return { ...r, ...none };
  const rare = r.events / r.n < RARE_OUTCOME;
  return { ...r, ...attempt(() => eValue({ estimate: r.hr!, lower: r.ci_low!, upper: r.ci_high!, measure: 'HR', rare })) };
}

export function logisticEValues(r: LogisticRecord, rates: readonly RateRecord[]): LogisticRecord {
  if (r.or === null || r.ci_low === null || r.ci_high === null) return { ...r, ...none };
  const mine = rates.filter((x) => x.comparison === r.comparison && x.window_months === r.window_months && x.category === 'any');
  const n = mine.reduce((s, x) => s + (x.n ?? 0), 0);
  const reoffended = mine.reduce((s, x) => s + (x.reoffended ?? 0), 0);
  const rare = n > 0 && reoffended / n < RARE_OUTCOME;
  return { ...r, ...attempt(() => eValue({ estimate: r.or!, lower: r.ci_low!, upper: r.ci_high!, measure: 'OR', rare })) };
}

export function matchedEValues(r: MatchedRecord): MatchedRecord {
  const { rate_treated: rt, rate_control: rc, ci_low: lo, ci_high: hi } = r;
  if (rt === null || rc === null || lo === null || hi === null || rc <= 0 || rt <= 0) return { ...r, ...none };
  const limit = (d: number) => Math.max(Number.EPSILON, (rc + d) / rc);
  return { ...r, ...attempt(() => eValue({ estimate: rt / rc, lower: limit(lo), upper: limit(hi), measure: 'RR' })) };
}

export function ancovaEValues(r: AncovaRecord): AncovaRecord {
  const sd = r.pooled_sd_pre ?? null;
  if (r.estimate === null || r.se === null || sd === null || !(sd > 0)) return { ...r, ...none };
  return { ...r, ...attempt(() => eValue({ estimate: r.estimate! / sd, se: r.se! / sd, measure: 'MD' })) };
}
