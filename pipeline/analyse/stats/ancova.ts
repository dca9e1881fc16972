/**
 * ANCOVA of post scores on pre scores and a programme/facilitator indicator (plus optional
 * covariates), the pre-test-adjusted difference between two arms:
 *
 *     post ~ 1 + pre + indicator (+ covariates)
 *
 * fitted by OLS ({@link ordinaryLeastSquares}), with the indicator's standard error, df,
 * p-value and 95% CI from the CR2 cluster-robust variance with Satterthwaite degrees of
 * freedom ({@link clusterRobustCr2}; Bell & McCaffrey 2002; Pustejovsky & Tipton 2018),
 * which is R's `coef_test(lm(post ~ pre + indicator + ...), vcov = "CR2", cluster = cluster,
 * test = "Satterthwaite")` and `conf_int(...)` from clubSandwich. Clustering is by programme
 * group (people taught together); people without a group are clusters of one.
 * On the analysis of covariance for pre–post designs see Senn (2006, Stat. Med. 25:4334)
 * and Van Breukelen (2006, J. Clin. Epidemiol. 59:920).
 *
 * Weighted (`weights`, e.g. the attrition weights of attritionWeights.ts): the fit is weighted
 * least squares and the test the weighted CR2 / Satterthwaite of {@link clusterRobustCr2},
 * R's `lm(post ~ pre + indicator + ..., weights = w)` with the same `coef_test` / `conf_int`.
 *
 * Standardised estimate: std_estimate = estimate / pooled SD of the pre scores, pooled over
 * the two arms, √(((n₀ − 1)s₀² + (n₁ − 1)s₁²) / (n₀ + n₁ − 2)), over the people analysed; the
 * adjusted difference on the scale of a between-group Cohen's d at baseline. The SD is
 * unweighted even for a weighted fit: it is the yardstick of the people actually analysed,
 * not an estimate for the population the weights stand for.
 *
 * Rows: people missing pre or post are dropped (`dropped_missing_score`); people with a
 * missing covariate are then dropped (`dropped_missing_covariate`), as `lm`'s `na.omit`.
 * The indicator must be 0/1 (or false/true) for everyone; a weight must be finite and > 0 for
 * every person kept (else RangeError) and is ignored for people dropped. Degenerate data
 * (everyone in one arm, one cluster, collinear regressors, too few people) throw {@link DegenerateData}.
 *
 * @example
 * const r = ancova({
 *   pre: [10, 12, 14, 11, 13, 15, 9, 16],
 *   post: [12, 13, 17, 15, 16, 20, 10, 21],
 *   indicator: [0, 0, 0, 1, 1, 1, 0, 1],
 *   cluster: ['g1', 'g1', 'g2', 'g3', 'g3', 'g4', null, null],
 * });
 * // r.estimate ≈ 1.77966 (arm 1 − arm 0), r.se ≈ 0.42952, r.df ≈ 1.78917, r.p ≈ 0.064622,
 * // r.n = 8, r.clusters = 6 (as clubSandwich, with the two people without a group labelled apart)
 */
import { sampleVariance } from 'simple-statistics';
import { clusterRobustCr2, type ClusterId } from './clusterRobustCr2.ts';
import { DegenerateData } from './degenerateData.ts';
import { ordinaryLeastSquares } from './ordinaryLeastSquares.ts';
import { ColumnMatrix } from './columnMatrix.ts';
import type { Scores } from './pairedTTest.ts';

export interface AncovaInput {
  pre: Scores;
  post: Scores;
  /** 1 (or true) for the arm of interest (e.g. Building Choices, band 4), 0 (or false) for the comparison arm. */
  indicator: ArrayLike<number | boolean>;
  /** Programme group of each person; null/undefined for people without a group (a cluster of one). */
  cluster: ArrayLike<ClusterId>;
  /** Further covariates by name; null/undefined/NaN is missing. */
  covariates?: Readonly<Record<string, ArrayLike<number | null | undefined>>>;
  /**
   * Prior weights (weighted least squares, as `lm(weights =)`), e.g. from attritionWeights.ts;
   * each person kept needs a finite weight > 0, people dropped may have null.
   */
  weights?: ArrayLike<number | null | undefined>;
}

export interface Ancova {
  /** Pre-adjusted difference in post scores, arm 1 − arm 0. */
  estimate: number;
  /** CR2 cluster-robust standard error. */
  se: number;
  /** Satterthwaite degrees of freedom. */
  df: number;
  t: number;
  p: number;
  ci_low: number;
  ci_high: number;
  /** People analysed and their clusters (singletons included). */
  n: number;
  clusters: number;
  dropped_missing_score: number;
  dropped_missing_covariate: number;
  /** Names of the covariates adjusted for besides pre, in model order. */
  covariates: string[];
  /** SD of pre pooled over the two arms (the standardiser). */
  pooled_sd_pre: number;
  /** estimate / pooled_sd_pre. */
  std_estimate: number;
}

function present(value: number | null | undefined): value is number {
  return typeof value === 'number' && !Number.isNaN(value);
}

/** ANCOVA with a CR2 / Satterthwaite test of the indicator; see the file comment. */
export function ancova(input: AncovaInput): Ancova {
  const { pre, post, indicator, cluster } = input;
  const covariateEntries = Object.entries(input.covariates ?? {});
  const covariateNames = covariateEntries.map(([name]) => name);
  const covariateValues = covariateEntries.map(([, values]) => values);
  const N = pre.length;
  const lengths: [string, number][] = [['post', post.length], ['indicator', indicator.length], ['cluster', cluster.length], ...covariateEntries.map(([name, values]): [string, number] => [name, values.length])];
  if (input.weights) lengths.push(['weights', input.weights.length]);
  for (const [label, length] of lengths) {
    if (length !== N) throw new RangeError(`${label} has ${length} values for ${N} people`);
  }

  const width = 3 + covariateValues.length;
  // The people analysed, in order; their rows of the design are filled below, a column at a time.
  const kept: number[] = [];
  const outcome: number[] = [];
  const clusterOfRow: ClusterId[] = [];
  const preOfRow: number[] = [];
  const armOfRow: number[] = [];
  const weightOfRow: number[] = [];
  let droppedScore = 0;
  let droppedCovariate = 0;
  for (let i = 0; i < N; i++) {
    const raw = indicator[i];
    const arm = raw === true ? 1 : raw === false ? 0 : raw;
    if (arm !== 0 && arm !== 1) {
      throw new RangeError(`indicator ${i} is ${String(raw)}: it must be 0 or 1`);
    }
    const x = pre[i];
    const y = post[i];
    if (!present(x) || !present(y)) {
      droppedScore++;
      continue;
    }
    let complete = true;
    for (let k = 0; k < covariateValues.length && complete; k++) complete = present(covariateValues[k]![i]);
    if (!complete) {
      droppedCovariate++;
      continue;
    }
    if (input.weights) {
      const w = input.weights[i];
      if (!(typeof w === 'number' && Number.isFinite(w) && w > 0)) {
        throw new RangeError(`weight ${i} is ${String(w)}: every person analysed needs a finite weight > 0`);
      }
      weightOfRow.push(w);
    }
    kept.push(i);
    outcome.push(y);
    clusterOfRow.push(cluster[i]);
    preOfRow.push(x);
    armOfRow.push(arm);
  }

  const n = outcome.length;
  const preByArm: [number[], number[]] = [[], []];
  preOfRow.forEach((x, k) => preByArm[armOfRow[k] as 0 | 1].push(x));
  const [pre0, pre1] = preByArm;
  if (pre0.length === 0 || pre1.length === 0) {
    throw new DegenerateData(`everyone analysed is in the same arm (${n} people): there is no comparison`);
  }
  // post ~ 1 + pre + indicator + covariates, kept by columns (columnMatrix.ts).
  const design = new ColumnMatrix(n, width);
  const column = (k: number) => design.data.subarray(k * n, (k + 1) * n);
  column(0).fill(1);
  column(1).set(preOfRow);
  column(2).set(armOfRow);
  covariateValues.forEach((values, k) => {
    const to = column(3 + k);
    kept.forEach((i, row) => (to[row] = values[i] as number));
  });
  const fit = ordinaryLeastSquares(design, outcome, input.weights ? weightOfRow : null);
  const test = clusterRobustCr2(fit, clusterOfRow, 2);

  const pooledDf = pre0.length + pre1.length - 2;
  const pooledVariance = ((pre0.length - 1) * variance(pre0) + (pre1.length - 1) * variance(pre1)) / pooledDf;
  const pooledSdPre = Math.sqrt(pooledVariance);
  if (!(pooledSdPre > 0)) {
    throw new DegenerateData('the pre scores have zero variance within arms: no standardiser for the estimate');
  }

  return {
    estimate: test.estimate,
    se: test.se,
    df: test.df,
    t: test.t,
    p: test.p,
    ci_low: test.ci_low,
    ci_high: test.ci_high,
    n,
    clusters: test.clusters,
    dropped_missing_score: droppedScore,
    dropped_missing_covariate: droppedCovariate,
    covariates: covariateNames,
    pooled_sd_pre: pooledSdPre,
    std_estimate: test.estimate / pooledSdPre,
  };
}

/** Sample variance, 0 for a single value (it then adds nothing to the pooled variance). */
function variance(values: number[]): number {
  return values.length < 2 ? 0 : sampleVariance(values);
}
