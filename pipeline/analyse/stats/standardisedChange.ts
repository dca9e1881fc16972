/**
 * Standardised mean change for a pre–post (within-person) design, in Lakens's (2013) terms
 * (Lakens D. 2013, "Calculating and reporting effect sizes to facilitate cumulative science",
 * Frontiers in Psychology 4:863):
 *
 * - Cohen's d_z = mean_change / sd_change: change in units of the SD of change;
 * - Cohen's d_av = mean_change / s_av, s_av = (sd_pre + sd_post) / 2: change in
 *   units of the average SD of the two occasions, comparable with between-group d;
 * - Hedges' g_av = J · d_av with the small-sample correction J = 1 − 3 / (4·df − 1), df = n − 1
 *   for n pairs (Hedges 1981's approximation, the correction Lakens 2013 applies; df = n − 1
 *   for matched pairs as in Borenstein, Hedges, Higgins & Rothstein 2009, Introduction to
 *   Meta-Analysis, ch. 4). For n = 2 the approximation gives J = 0.
 *
 * 95% CI of d_av: normal approximation d_av ± z₀.₉₇₅ · SE. The variance is the delta-method
 * variance under bivariate normality, the approach of Bonett (2015, J. Educ. Behav. Stat.
 * 40:366) applied to Lakens's average-SD standardiser: the mean change and the two SDs are
 * independent, Var(mean_change) = σ_D²/n, Var(s_i) ≈ σ_i²/(2(n − 1)),
 * Cov(s_pre, s_post) ≈ ρ²·σ_pre·σ_post/(2(n − 1)), so
 *
 *     SE² = sd_change² / (n · s_av²) + d_av² · (sd_pre² + sd_post² + 2 r² sd_pre sd_post) / (8 (n − 1) s_av²)
 *
 * with sample values plugged in (r = Pearson correlation of pre and post). The first term
 * alone is the SE of Algina & Keselman (2003, Educ. Psychol. Meas. 63:537), which treats the
 * standardiser as known; the second adds the standardiser's own sampling error. g_av's CI is d_av's scaled by J.
 *
 * People missing either score are left out (R's `complete.cases`). Degenerate data (fewer than
 * two pairs, zero variance of change, zero SD at both occasions) throw {@link DegenerateData}.
 *
 * @example
 * const r = standardisedChange([10, 12, 9, 14, 11], [12, 15, 9, 17, 12]);
 * // r.d_z ≈ 1.38054, r.d_av ≈ 0.71917 (CI ≈ [0.04845, 1.38990]), r.g_av ≈ 0.57534 (J = 1 − 3/15 = 0.8)
 */
import normal from '@stdlib/stats-base-dists-normal';
import { mean, sampleCorrelation, sampleStandardDeviation } from 'simple-statistics';
import { completePairs, type Scores } from './pairedTTest.ts';
import { DegenerateData } from './degenerateData.ts';

export interface StandardisedChange {
  /** People with both scores. */
  n: number;
  mean_change: number;
  sd_change: number;
  sd_pre: number;
  sd_post: number;
  /** Pearson correlation of pre and post scores (0 when either SD is zero). */
  r: number;
  /** Cohen's d_z = mean_change / sd_change. */
  d_z: number;
  /** Cohen's d_av = mean_change / ((sd_pre + sd_post) / 2). */
  d_av: number;
  /** Delta-method standard error of d_av (see the file comment). */
  se_d_av: number;
  d_av_ci_low: number;
  d_av_ci_high: number;
  /** Hedges' small-sample correction J = 1 − 3/(4(n − 1) − 1). */
  hedges_correction: number;
  /** Hedges' g_av = J · d_av, with its CI the d_av CI scaled by J. */
  g_av: number;
  g_av_ci_low: number;
  g_av_ci_high: number;
}

/** Lakens's d_z, d_av (with 95% CI) and g_av for pre–post change; see the file comment. */
export function standardisedChange(pre: Scores, post: Scores): StandardisedChange {
  const pairs = completePairs(pre, post);
  const n = pairs.pre.length;
  if (n < 2) {
    throw new DegenerateData(`fewer than 2 people with both pre and post scores (${n})`);
  }
  const change = pairs.post.map((y, i) => y - (pairs.pre[i] as number));
  const meanChange = mean(change);
  const sdChange = sampleStandardDeviation(change);
  if (!(sdChange > 0)) {
    throw new DegenerateData('the change scores have zero variance');
  }
  const sdPre = sampleStandardDeviation(pairs.pre);
  const sdPost = sampleStandardDeviation(pairs.post);
  const sAv = (sdPre + sdPost) / 2;
  if (!(sAv > 0)) {
    throw new DegenerateData('pre and post scores both have zero variance: d_av has no standardiser');
  }
  // With one occasion constant the correlation is undefined but its terms vanish (r² multiplies sd_pre·sd_post).
  const r = sdPre > 0 && sdPost > 0 ? sampleCorrelation(pairs.pre, pairs.post) : 0;
  const dZ = meanChange / sdChange;
  const dAv = meanChange / sAv;
  const varianceSAv = (sdPre * sdPre + sdPost * sdPost + 2 * r * r * sdPre * sdPost) / (8 * (n - 1));
  const seDAv = Math.sqrt((sdChange * sdChange) / (n * sAv * sAv) + (dAv * dAv * varianceSAv) / (sAv * sAv));
  const z = normal.quantile(0.975, 0, 1);
  const ciLow = dAv - z * seDAv;
  const ciHigh = dAv + z * seDAv;
  const j = 1 - 3 / (4 * (n - 1) - 1);
  return {
    n,
    mean_change: meanChange,
    sd_change: sdChange,
    sd_pre: sdPre,
    sd_post: sdPost,
    r,
    d_z: dZ,
    d_av: dAv,
    se_d_av: seDAv,
    d_av_ci_low: ciLow,
    d_av_ci_high: ciHigh,
    hedges_correction: j,
    g_av: j * dAv,
    g_av_ci_low: j * ciLow,
    g_av_ci_high: j * ciHigh,
  };
}
