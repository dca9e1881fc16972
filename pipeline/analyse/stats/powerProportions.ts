/**
 * Power and sample size for comparing two independent proportions with a two-sided test at
 * level α, by the normal approximation (Fleiss, Levin & Paik 2003, Statistical Methods for
 * Rates and Proportions, 3rd ed., §4.2, without continuity correction) — R's
 * `power.prop.test(n, p1, p2, sig.level, power)` with its defaults
 * `alternative = "two.sided"`, `strict = FALSE` (the far tail is not counted):
 *
 *   power = Φ( (√n |p1 − p2| − z_{1−α/2} √((p1 + p2)(1 − (p1 + p2)/2))) / √(p1(1 − p1) + p2(1 − p2)) )
 *
 * with n the number in **each** group. Given p1, p2 and power, n solves this equation; R finds
 * it with `uniroot`, here it is the closed form
 * n = ((z_{1−α/2} √((p1 + p2)(1 − (p1 + p2)/2)) + z_power √(p1q1 + p2q2)) / |p1 − p2|)²,
 * not rounded up. Given n, p1 and power, the detectable p2 (> p1: the smallest worse rate the
 * test would detect, R's `power.prop.test(n = , p1 = , power = )$p2`) is the root in (p1, 1],
 * found to full precision by bisection (increasingRoot.ts); R's default uniroot tolerance
 * (≈ 1.2e-4) is coarser, so the references in test/reference/power.R pass `tol = 1e-12`.
 *
 * The power at p2 = p1 is α/2, so a target power must lie in (α/2, 1).
 *
 * @example
 * proportionsSampleSize(0.3, 0.4, 0.8);        // 355.9428… per group (R: power.prop.test(p1 = .3, p2 = .4, power = .8)$n)
 * proportionsPower(200, 0.3, 0.4);             // 0.5546279… (R: power.prop.test(n = 200, p1 = .3, p2 = .4)$power)
 * proportionsDetectable(200, 0.3, 0.8);        // 0.4346605… (R: power.prop.test(n = 200, p1 = .3, power = .8)$p2)
 * powerProportions({ n: 200, p1: 0.3, power: 0.8 }); // { n: 200, p1: 0.3, p2: 0.4346605…, power: 0.8, sigLevel: 0.05 }
 */
import normal from '@stdlib/stats-base-dists-normal';
import { DegenerateData } from './degenerateData.ts';
import { increasingRoot } from './increasingRoot.ts';

export interface PowerProportions {
  /** number in each group */
  n: number;
  p1: number;
  p2: number;
  power: number;
  sigLevel: number;
}

function checkProbability(p: number, name: string): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`${name} must be a proportion in [0, 1] (got ${p})`);
}
function checkSigLevel(sigLevel: number): void {
  if (!(sigLevel > 0 && sigLevel < 1)) throw new RangeError(`the significance level must lie in (0, 1) (got ${sigLevel})`);
}
function checkPower(power: number, sigLevel: number): void {
  if (!(power > sigLevel / 2 && power < 1)) throw new RangeError(`the power must lie in (α/2, 1) = (${sigLevel / 2}, 1) (got ${power})`);
}
function checkN(n: number): void {
  if (!(n > 0 && Number.isFinite(n))) throw new RangeError(`n must be a positive number per group (got ${n})`);
}
function pooledAndSeparateSd(p1: number, p2: number): { pooled: number; separate: number } {
  const separate = Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  if (!(separate > 0)) throw new RangeError(`p1 = ${p1} and p2 = ${p2} have no variance (both 0 or 1)`);
  return { pooled: Math.sqrt((p1 + p2) * (1 - (p1 + p2) / 2)), separate };
}

/** Power of the two-sided test with n per group when the rates are p1 and p2 (R: `power.prop.test(n, p1, p2)$power`). */
export function proportionsPower(n: number, p1: number, p2: number, sigLevel = 0.05): number {
  checkN(n);
  checkProbability(p1, 'p1');
  checkProbability(p2, 'p2');
  checkSigLevel(sigLevel);
  const { pooled, separate } = pooledAndSeparateSd(p1, p2);
  const z = normal.quantile(1 - sigLevel / 2, 0, 1);
  return normal.cdf((Math.sqrt(n) * Math.abs(p1 - p2) - z * pooled) / separate, 0, 1);
}

/** Number per group (not rounded) for the two-sided test to have `power` when the rates are p1 and p2 (R: `power.prop.test(p1, p2, power)$n`). */
export function proportionsSampleSize(p1: number, p2: number, power: number, sigLevel = 0.05): number {
  checkProbability(p1, 'p1');
  checkProbability(p2, 'p2');
  checkSigLevel(sigLevel);
  checkPower(power, sigLevel);
  if (p1 === p2) throw new RangeError('p1 and p2 are equal: no sample size detects no difference');
  const { pooled, separate } = pooledAndSeparateSd(p1, p2);
  const root = (normal.quantile(1 - sigLevel / 2, 0, 1) * pooled + normal.quantile(power, 0, 1) * separate) / Math.abs(p1 - p2);
  return root * root;
}

/**
 * The rate p2 > p1 that the two-sided test with n per group detects with `power`: the minimum
 * detectable worse rate (R: `power.prop.test(n, p1, power)$p2`). Throws DegenerateData when
 * even p2 = 1 is not detected with that power.
 */
export function proportionsDetectable(n: number, p1: number, power: number, sigLevel = 0.05): number {
  checkN(n);
  checkProbability(p1, 'p1');
  checkSigLevel(sigLevel);
  checkPower(power, sigLevel);
  if (p1 === 1) throw new DegenerateData('p1 is 100%, so no worse rate exists');
  const f = (p2: number): number => proportionsPower(n, p1, p2, sigLevel) - power;
  if (f(1) < 0) throw new DegenerateData(`with ${n} per group, no rate up to 100% is detected with power ${power} against ${p1}`);
  return increasingRoot(f, p1, 1);
}

/** Whichever of n, p2 and power is missing, from the other two (as `power.prop.test`). */
export function powerProportions(args: { n?: number; p1: number; p2?: number; power?: number; sigLevel?: number }): PowerProportions {
  const { n, p1, p2, power } = args;
  const sigLevel = args.sigLevel ?? 0.05;
  const missing = [n, p2, power].filter((v) => v === undefined).length;
  if (missing !== 1) throw new RangeError('exactly one of n, p2 and power must be left out');
  if (power === undefined) return { n: n!, p1, p2: p2!, power: proportionsPower(n!, p1, p2!, sigLevel), sigLevel };
  if (n === undefined) return { n: proportionsSampleSize(p1, p2!, power, sigLevel), p1, p2: p2!, power, sigLevel };
  return { n, p1, p2: proportionsDetectable(n, p1, power, sigLevel), power, sigLevel };
}
