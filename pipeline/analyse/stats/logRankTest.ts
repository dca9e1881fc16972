/**
 * Log-rank test of equal survival across k ≥ 2 groups (Mantel 1966; Peto & Peto 1972),
 * with the hypergeometric variance for tied event times, as R's
 * `survdiff(Surv(time, event) ~ group)` (rho = 0; see `?survdiff`). At each distinct event
 * time with d events among n at risk, group g (n_g at risk, d_g events) has expected
 * n_g d / n and covariance d (n − d) / (n − 1) · n_g / n · (δ_gh − n_h / n). The statistic
 * is (O − E)' V⁻ (O − E) over the groups with positive expected count, dropping the first
 * (as survdiff does), on (number of such groups − 1) degrees of freedom.
 *
 * Groups are reported in sorted label order (R's factor levels).
 *
 * @example
 * const lr = logRankTest([3, 5, 7, 2, 4, 9], [1, 1, 0, 1, 1, 1], ['a', 'a', 'a', 'b', 'b', 'b']);
 * // { chisq: …, df: 1, p: …, groups: [{ group: 'a', n: 3, observed: 2, expected: … }, …] }
 */
import { Matrix, solve } from 'ml-matrix';
import { DegenerateData } from './degenerateData.ts';
import { chiSquareUpperTail } from './regularizedGamma.ts';

export interface LogRankGroup {
  group: string | number;
  n: number;
  observed: number;
  expected: number;
}

export interface LogRankTest {
  chisq: number;
  df: number;
  p: number;
  groups: LogRankGroup[];
  /** survdiff's $var: covariance of O − E, groups in the order of `groups` */
  variance: number[][];
}

export function logRankTest(time: ArrayLike<number>, event: ArrayLike<number | boolean>, group: ArrayLike<string | number>): LogRankTest {
  const n = time.length;
  if (event.length !== n || group.length !== n) throw new RangeError('time, event and group must have the same length');
  const labels = [...new Set(Array.from(group))].sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
  const k = labels.length;
  if (k < 2) throw new DegenerateData('a log-rank test needs at least two groups with people in them');
  const gi = new Int32Array(n);
  const index = new Map(labels.map((l, i) => [l, i]));
  let events = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(time[i])) throw new DegenerateData('a follow-up time is missing or not a number');
    gi[i] = index.get(group[i]!)!;
    if (Number(event[i]) === 1) events++;
  }
  if (events === 0) throw new DegenerateData('no one was reconvicted, so survival cannot be compared');
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => time[a]! - time[b]!);
  const atRisk = new Float64Array(k);
  const size = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    atRisk[gi[i]!]!++;
    size[gi[i]!]!++;
  }
  const observed = new Float64Array(k);
  const expected = new Float64Array(k);
  const V = Array.from({ length: k }, () => new Float64Array(k));
  const dg = new Float64Array(k);
  const leaving = new Float64Array(k);
  for (let start = 0; start < n; ) {
    const t = time[order[start]!]!;
    let end = start;
    dg.fill(0);
    leaving.fill(0);
    let d = 0;
    while (end < n && time[order[end]!]! === t) {
      const i = order[end]!;
      leaving[gi[i]!]!++;
      if (Number(event[i]) === 1) {
        dg[gi[i]!]!++;
        d++;
      }
      end++;
    }
    if (d > 0) {
      let nr = 0;
      for (let g = 0; g < k; g++) nr += atRisk[g]!;
      const factor = nr > 1 ? (d * (nr - d)) / (nr - 1) : 0;
      for (let g = 0; g < k; g++) {
        observed[g]! += dg[g]!;
        expected[g]! += (atRisk[g]! * d) / nr;
        for (let h = 0; h < k; h++) {
          V[g]![h]! += factor * (atRisk[g]! / nr) * ((g === h ? 1 : 0) - atRisk[h]! / nr);
        }
      }
    }
    for (let g = 0; g < k; g++) atRisk[g]! -= leaving[g]!;
    start = end;
  }
  const keep = labels.map((_, g) => g).filter((g) => expected[g]! > 0);
  if (keep.length < 2) throw new DegenerateData('fewer than two groups had anyone at risk when reconvictions happened');
  const used = keep.slice(1);
  const diff = Matrix.columnVector(used.map((g) => observed[g]! - expected[g]!));
  const vv = new Matrix(used.map((g) => used.map((h) => V[g]![h]!)));
  let chisq: number;
  try {
    const sol = solve(vv, diff);
    chisq = 0;
    for (let j = 0; j < used.length; j++) chisq += sol.get(j, 0) * diff.get(j, 0);
  } catch {
    throw new DegenerateData('the log-rank variance is singular (the groups cannot be told apart)');
  }
  if (!Number.isFinite(chisq)) throw new DegenerateData('the log-rank variance is singular (the groups cannot be told apart)');
  const df = keep.length - 1;
  return {
    chisq,
    df,
    p: chiSquareUpperTail(chisq, df),
    groups: labels.map((label, g) => ({ group: label, n: size[g]!, observed: observed[g]!, expected: expected[g]! })),
    variance: V.map((row) => Array.from(row)),
  };
}
