/**
 * The intra-class correlation of an outcome among people in the same cluster (programme
 * group, facilitator, …) by the one-way analysis-of-variance estimator (Fisher 1925; Donner A.
 * 1986, "A review of inference procedures for the intraclass correlation coefficient in the
 * one-way random effects model", International Statistical Review 54:67–82, eq. 2.2), as
 * `ICC::ICCest(x = cluster, y = y)` (Wolak, Fairbairn & Paulsen 2012):
 *
 *   ICC = (MSB − MSW) / (MSB + (n0 − 1) MSW),   n0 = (N − Σ n_i² / N) / (k − 1)
 *
 * with k clusters of sizes n_i, N = Σ n_i people, MSB and MSW the between- and within-cluster
 * mean squares of the one-way ANOVA of y on cluster (R: `anova(lm(y ~ factor(cluster)))`), and
 * n0 the coefficient of the between-cluster variance in E[MSB] (= the cluster size when all
 * are equal).
 *
 * With `stratum` (e.g. the arm a cluster belongs to; each cluster must lie in one stratum),
 * clusters are nested in s strata and the ICC is that of y about its stratum mean, so a
 * difference between strata is not counted as clustering: y is centred at its stratum mean,
 * MSB = Σ_i n_i (ȳ_i − ȳ_{s(i)})² / (k − s) is the cluster mean square after stratum
 * (R: the `factor(cluster)` row of `anova(lm(y ~ factor(stratum) + factor(cluster)))`), MSW is
 * unchanged (df N − k), and n0 is the coefficient of the between-cluster variance in E[MSB]
 * for the nested design, summing the one-way E[SSB] within each stratum:
 *
 *   n0 = (N − Σ_s Σ_{i ∈ s} n_i² / N_s) / (k − s)
 *
 * (N_s the people in stratum s), which is the one-way n0 when s = 1. test/reference/intraclass.R
 * takes MSB and MSW from R's `anova` and writes n0 and the ICC out.
 *
 * The estimate can be negative (less variation between clusters than within); `iccTruncated`
 * is max(0, ICC), the value to plan with.
 *
 * @example
 * intraclassCorrelation({ y: [1, 2, 3, 5, 6, 8, 2, 3], cluster: ['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c'] });
 * // { icc: 0.79657…, iccTruncated: 0.79657…, msb: 16.1666…, msw: 1.4333…, n0: 2.625, clusters: 3, strata: 1, n: 8, dfBetween: 2, dfWithin: 5 }
 */
import { DegenerateData } from './degenerateData.ts';

export interface IntraclassCorrelationData {
  /** the outcome, one per person */
  y: ArrayLike<number>;
  /** cluster identifiers */
  cluster: ArrayLike<string | number>;
  /** optional strata (e.g. the arm) in which the clusters are nested */
  stratum?: ArrayLike<string | number>;
}

export interface IntraclassCorrelation {
  icc: number;
  /** max(0, icc) */
  iccTruncated: number;
  /** between-cluster mean square (after stratum) */
  msb: number;
  /** within-cluster mean square */
  msw: number;
  /** the average cluster size n0 of the ANOVA estimator */
  n0: number;
  clusters: number;
  strata: number;
  n: number;
  /** k − s */
  dfBetween: number;
  /** N − k */
  dfWithin: number;
}

export function intraclassCorrelation(data: IntraclassCorrelationData): IntraclassCorrelation {
  const n = data.y.length;
  if (data.cluster.length !== n) throw new RangeError('cluster must have one entry per person');
  if (data.stratum && data.stratum.length !== n) throw new RangeError('stratum must have one entry per person');
  for (let i = 0; i < n; i++) if (!Number.isFinite(data.y[i])) throw new DegenerateData(`the outcome of person ${i + 1} is missing or not a number`);

  interface Group { n: number; sum: number; stratum: string | number }
  const clusters = new Map<string | number, Group>();
  const strata = new Map<string | number, { n: number; sum: number; sumSquaredSizes: number }>();
  for (let i = 0; i < n; i++) {
    const s = data.stratum ? data.stratum[i]! : 0;
    const c = data.cluster[i]!;
    let g = clusters.get(c);
    if (!g) {
      g = { n: 0, sum: 0, stratum: s };
      clusters.set(c, g);
    } else if (g.stratum !== s) {
      throw new RangeError(`cluster ${String(c)} lies in two strata (${String(g.stratum)} and ${String(s)}); clusters must be nested in strata`);
    }
    g.n++;
    g.sum += data.y[i]!;
    let st = strata.get(s);
    if (!st) {
      st = { n: 0, sum: 0, sumSquaredSizes: 0 };
      strata.set(s, st);
    }
    st.n++;
    st.sum += data.y[i]!;
  }
  const k = clusters.size;
  const s = strata.size;
  const dfBetween = k - s;
  const dfWithin = n - k;
  if (dfBetween < 1) throw new DegenerateData(s === 1 ? 'there is only one cluster, so clusters cannot be compared' : 'each stratum has only one cluster, so clusters cannot be compared within strata');
  if (dfWithin < 1) throw new DegenerateData('every cluster has one person, so variation within clusters cannot be estimated');

  let ssb = 0;
  for (const g of clusters.values()) {
    const st = strata.get(g.stratum)!;
    const d = g.sum / g.n - st.sum / st.n;
    ssb += g.n * d * d;
    st.sumSquaredSizes += g.n * g.n;
  }
  let ssw = 0;
  for (let i = 0; i < n; i++) {
    const g = clusters.get(data.cluster[i]!)!;
    const d = data.y[i]! - g.sum / g.n;
    ssw += d * d;
  }
  let sizeTerm = 0;
  for (const st of strata.values()) sizeTerm += st.sumSquaredSizes / st.n;
  const n0 = (n - sizeTerm) / dfBetween;
  const msb = ssb / dfBetween;
  const msw = ssw / dfWithin;
  const denominator = msb + (n0 - 1) * msw;
  if (!(denominator > 0)) throw new DegenerateData('the outcome does not vary, so its intra-class correlation is undefined');
  const icc = (msb - msw) / denominator;
  return { icc, iccTruncated: Math.max(0, icc), msb, msw, n0, clusters: k, strata: s, n, dfBetween, dfWithin };
}
