/**
 * Power and sample size for the two-sample t test (equal variances, n per group) at two-sided
 * level α, from the noncentral t distribution (Cohen 1988, Statistical Power Analysis for the
 * Behavioral Sciences, 2nd ed., ch. 2) — R's `power.t.test(n, delta, sd, sig.level, power,
 * type = "two.sample", alternative = "two.sided", strict = FALSE)`:
 *
 *   ν = 2 · max(1e-7, n − 1),   power = P(T_{ν, ncp} > t_{1−α/2, ν}),   ncp = √(n/2) · |δ| / sd
 *
 * (strict = FALSE: the far tail is not counted). The noncentral t upper tail is
 * noncentralT.ts (AS 243, R's `pt(q, df, ncp, lower.tail = FALSE)`), the central quantile
 * stdlib's `@stdlib/stats-base-dists-t`. Given δ and power, n is the root in n ≥ 2 (as R's
 * `uniroot(…, c(2, 1e7), extendInt = "upX")`, which may go below 2 when even n = 2 has the
 * power; so does this, down to 1); given n and power, δ is the root in δ > 0. Both are found to
 * full precision by bisection (increasingRoot.ts); R's default uniroot tolerance (≈ 1.2e-4)
 * is coarser, so the references in test/reference/power.R pass `tol = 1e-12`. n is not
 * rounded up.
 *
 * The power at δ = 0 is α/2, so a target power must lie in (α/2, 1).
 *
 * @example
 * tTestPower(20, 1);                 // 0.8689528… (R: power.t.test(n = 20, delta = 1)$power)
 * tTestSampleSize(1, 0.8);           // 16.714760… per group (R: power.t.test(delta = 1, power = .8)$n)
 * tTestDetectable(20, 0.8, 2);       // 1.8182603… (R: power.t.test(n = 20, sd = 2, power = .8)$delta)
 * powerTTest({ n: 20, power: 0.8 }); // { n: 20, delta: 0.9091301…, sd: 1, power: 0.8, sigLevel: 0.05 }
 */
import tDistribution from '@stdlib/stats-base-dists-t';
import { increasingRoot } from './increasingRoot.ts';
import { noncentralTCdf } from './noncentralT.ts';

export interface PowerTTest {
  /** number in each group */
  n: number;
  /** true difference in means */
  delta: number;
  sd: number;
  power: number;
  sigLevel: number;
}

function checkSigLevel(sigLevel: number): void {
  if (!(sigLevel > 0 && sigLevel < 1)) throw new RangeError(`the significance level must lie in (0, 1) (got ${sigLevel})`);
}
function checkPower(power: number, sigLevel: number): void {
  if (!(power > sigLevel / 2 && power < 1)) throw new RangeError(`the power must lie in (α/2, 1) = (${sigLevel / 2}, 1) (got ${power})`);
}
function checkSd(sd: number): void {
  if (!(sd > 0 && Number.isFinite(sd))) throw new RangeError(`sd must be positive (got ${sd})`);
}
function checkN(n: number): void {
  if (!(n > 1 && Number.isFinite(n))) throw new RangeError(`n must be more than 1 per group (got ${n})`);
}

/** power.t.test's p.body for two samples, two-sided, strict = FALSE. */
function power(n: number, delta: number, sd: number, sigLevel: number): number {
  const nu = Math.max(1e-7, n - 1) * 2;
  const critical = tDistribution.quantile(1 - sigLevel / 2, nu);
  return noncentralTCdf(critical, nu, (Math.sqrt(n / 2) * delta) / sd, false);
}

/** Power of the two-sided two-sample t test with n per group when the means differ by delta (R: `power.t.test(n, delta, sd)$power`). */
export function tTestPower(n: number, delta: number, sd = 1, sigLevel = 0.05): number {
  checkN(n);
  checkSd(sd);
  checkSigLevel(sigLevel);
  if (!Number.isFinite(delta)) throw new RangeError(`delta must be a finite difference (got ${delta})`);
  return power(n, Math.abs(delta), sd, sigLevel);
}

/** Number per group (not rounded) for the two-sided two-sample t test to have `power` when the means differ by delta (R: `power.t.test(delta, sd, power)$n`). */
export function tTestSampleSize(delta: number, power: number, sd = 1, sigLevel = 0.05): number {
  checkSd(sd);
  checkSigLevel(sigLevel);
  checkPower(power, sigLevel);
  if (!(Number.isFinite(delta) && delta !== 0)) throw new RangeError(`delta must be a non-zero finite difference (got ${delta})`);
  const d = Math.abs(delta);
  const f = (n: number): number => powerAt(n, d, sd, sigLevel) - power;
  // R starts at n = 2; when n = 2 already has the power its uniroot extends below 2.
  return f(2) <= 0 ? increasingRoot(f, 2, 1e7) : increasingRoot(f, 1, 2);
}

/** power, with n = 1 (ν = 2e-7, critical value infinite) giving power 0 as its limit. */
function powerAt(n: number, delta: number, sd: number, sigLevel: number): number {
  return n <= 1 ? 0 : power(n, delta, sd, sigLevel);
}

/** The difference in means (> 0) that the two-sided two-sample t test with n per group detects with `power`: the minimum detectable difference (R: `power.t.test(n, sd, power)$delta`). */
export function tTestDetectable(n: number, power: number, sd = 1, sigLevel = 0.05): number {
  checkN(n);
  checkSd(sd);
  checkSigLevel(sigLevel);
  checkPower(power, sigLevel);
  return increasingRoot((delta) => powerAt(n, delta, sd, sigLevel) - power, 0, sd);
}

/** Whichever of n, delta and power is missing, from the others (as `power.t.test`; sd defaults to 1). */
export function powerTTest(args: { n?: number; delta?: number; sd?: number; power?: number; sigLevel?: number }): PowerTTest {
  const { n, delta, power } = args;
  const sd = args.sd ?? 1;
  const sigLevel = args.sigLevel ?? 0.05;
  const missing = [n, delta, power].filter((v) => v === undefined).length;
  if (missing !== 1) throw new RangeError('exactly one of n, delta and power must be left out');
  if (power === undefined) return { n: n!, delta: Math.abs(delta!), sd, power: tTestPower(n!, delta!, sd, sigLevel), sigLevel };
  if (n === undefined) return { n: tTestSampleSize(delta!, power, sd, sigLevel), delta: Math.abs(delta!), sd, power, sigLevel };
  return { n, delta: tTestDetectable(n, power, sd, sigLevel), sd, power, sigLevel };
}
