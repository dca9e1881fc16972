/**
 * Kaplan–Meier product-limit estimate of the survival (here: not yet reconvicted) curve
 * (Kaplan & Meier 1958, "Nonparametric estimation from incomplete observations", JASA
 * 53:457–481), with Greenwood's (1926) variance and R's default log-transformed 95%
 * confidence interval. Reproduces `survfit(Surv(time, event) ~ 1)` from R's survival
 * package (see `?survfit.formula`, `?survfit.object`, conf.type = "log"):
 *
 * - one row per distinct time, censoring-only times included (as `survfit`'s `$time`), so
 *   `nCensor` is complete; people censored at an event time are still at risk at it;
 * - `stdErr` is survfit's `$std.err`, the standard error of −log S (Greenwood):
 *   sqrt(Σ d / (n (n − d)));
 * - limits are exp(log S ± z · stdErr), with the upper limit clipped at 1.
 *
 * Where S reaches 0 (everyone left at risk was reconvicted) R reports std.err = Inf and
 * lower = upper = NA; here `stdErr`, `lower` and `upper` are `null` from that row on
 * (JSON-safe; never NaN or Infinity).
 *
 * @example
 * const km = kaplanMeier([1, 2, 2, 3, 4, 5], [1, 1, 0, 1, 0, 1]);
 * // km.rows[0] = { time: 1, nRisk: 6, nEvent: 1, nCensor: 0, survival: 0.8333…,
 * //                stdErr: 0.1826…, lower: 0.5827…, upper: 1 }
 * // km.rows[4] = { time: 5, nRisk: 1, nEvent: 1, nCensor: 0, survival: 0, stdErr: null, lower: null, upper: null }
 */
import normal from '@stdlib/stats-base-dists-normal';
import { DegenerateData } from './degenerateData.ts';

export interface KaplanMeierRow {
  time: number;
  nRisk: number;
  nEvent: number;
  nCensor: number;
  survival: number;
  /** standard error of −log S (R's std.err); null where S = 0 (R: Inf) */
  stdErr: number | null;
  /** null where S = 0 (R: NA) */
  lower: number | null;
  /** null where S = 0 (R: NA) */
  upper: number | null;
}

export interface KaplanMeier {
  n: number;
  events: number;
  confLevel: number;
  rows: KaplanMeierRow[];
}

/**
 * @param time follow-up time (e.g. days from start to reconviction or censoring), finite
 * @param event 1 (or true) = reconvicted at `time`, 0 (or false) = censored
 */
export function kaplanMeier(time: ArrayLike<number>, event: ArrayLike<number | boolean>, confLevel = 0.95): KaplanMeier {
  const n = time.length;
  if (event.length !== n) throw new RangeError(`time has ${n} entries but event has ${event.length}`);
  if (n === 0) throw new DegenerateData('there is no one to estimate a survival curve for');
  const order = Array.from({ length: n }, (_, i) => i);
  let events = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(time[i])) throw new DegenerateData('a follow-up time is missing or not a number');
    if (Number(event[i]) === 1) events++;
    else if (Number(event[i]) !== 0) throw new RangeError(`event must be 0 or 1 (got ${String(event[i])})`);
  }
  if (events === 0) throw new DegenerateData('no one was reconvicted, so there is no survival curve to estimate');
  order.sort((a, b) => time[a]! - time[b]!);
  const z = normal.quantile((1 + confLevel) / 2, 0, 1);
  const rows: KaplanMeierRow[] = [];
  let atRisk = n;
  let survival = 1;
  let greenwood = 0;
  for (let start = 0; start < n; ) {
    const t = time[order[start]!]!;
    let end = start;
    let d = 0;
    while (end < n && time[order[end]!]! === t) {
      if (Number(event[order[end]!]) === 1) d++;
      end++;
    }
    const c = end - start - d;
    if (d > 0) {
      survival *= (atRisk - d) / atRisk;
      greenwood = atRisk === d ? Infinity : greenwood + d / (atRisk * (atRisk - d));
    }
    if (survival > 0 && Number.isFinite(greenwood)) {
      const se = Math.sqrt(greenwood);
      const logS = Math.log(survival);
      rows.push({ time: t, nRisk: atRisk, nEvent: d, nCensor: c, survival, stdErr: se, lower: Math.exp(logS - z * se), upper: Math.min(1, Math.exp(logS + z * se)) });
    } else {
      rows.push({ time: t, nRisk: atRisk, nEvent: d, nCensor: c, survival: 0, stdErr: null, lower: null, upper: null });
    }
    atRisk -= end - start;
    start = end;
  }
  return { n, events, confLevel, rows };
}
