/**
 * Events needed for a two-sided log-rank test or Cox-model Wald test of a hazard ratio, by
 * Schoenfeld's formula (Schoenfeld D. 1983, "Sample-size formula for the proportional-hazards
 * regression model", Biometrics 39:499–503; the log-rank case Schoenfeld 1981, Biometrika
 * 68:316–319): with a share π of people allocated to treatment,
 *
 *   D = (z_{1−α/2} + z_power)² / (π (1 − π) (log HR)²)
 *
 * events in total (not rounded up), and its inverses: the minimum detectable hazard ratio
 * (> 1; its reciprocal is detected as well) with D events,
 *
 *   HR = exp((z_{1−α/2} + z_power) / √(D π (1 − π))),
 *
 * and the power with D events, Φ(√(D π (1 − π)) |log HR| − z_{1−α/2}) (the far tail not
 * counted, as the formula). R has no base function for these; test/reference/power.R writes
 * the formulas out with `qnorm` / `pnorm`.
 *
 * @example
 * schoenfeldEvents(0.7, 0.8);             // 246.787… events (1:1 allocation)
 * schoenfeldDetectableHazardRatio(250, 0.8); // 1.42529… (and 1 / 1.42529… = 0.70161…)
 * schoenfeldPower(250, 0.7);              // 0.80505…
 */
import normal from '@stdlib/stats-base-dists-normal';

function checkSigLevel(sigLevel: number): void {
  if (!(sigLevel > 0 && sigLevel < 1)) throw new RangeError(`the significance level must lie in (0, 1) (got ${sigLevel})`);
}
function checkPower(power: number, sigLevel: number): void {
  if (!(power > sigLevel / 2 && power < 1)) throw new RangeError(`the power must lie in (α/2, 1) = (${sigLevel / 2}, 1) (got ${power})`);
}
function checkAllocation(allocation: number): void {
  if (!(allocation > 0 && allocation < 1)) throw new RangeError(`the share allocated to treatment must lie in (0, 1) (got ${allocation})`);
}
function checkHazardRatio(hazardRatio: number): void {
  if (!(hazardRatio > 0 && Number.isFinite(hazardRatio)) || hazardRatio === 1) throw new RangeError(`the hazard ratio must be positive, finite and not 1 (got ${hazardRatio})`);
}
const zSum = (power: number, sigLevel: number): number => normal.quantile(1 - sigLevel / 2, 0, 1) + normal.quantile(power, 0, 1);

/** Total events (not rounded) for a two-sided test at level sigLevel to detect `hazardRatio` with `power`, a share `allocation` on treatment. */
export function schoenfeldEvents(hazardRatio: number, power: number, sigLevel = 0.05, allocation = 0.5): number {
  checkHazardRatio(hazardRatio);
  checkSigLevel(sigLevel);
  checkPower(power, sigLevel);
  checkAllocation(allocation);
  const logHr = Math.log(hazardRatio);
  return zSum(power, sigLevel) ** 2 / (allocation * (1 - allocation) * logHr * logHr);
}

/** The hazard ratio (> 1) that `events` events detect with `power` (its reciprocal is detected equally). */
export function schoenfeldDetectableHazardRatio(events: number, power: number, sigLevel = 0.05, allocation = 0.5): number {
  if (!(events > 0 && Number.isFinite(events))) throw new RangeError(`the number of events must be positive (got ${events})`);
  checkSigLevel(sigLevel);
  checkPower(power, sigLevel);
  checkAllocation(allocation);
  return Math.exp(zSum(power, sigLevel) / Math.sqrt(events * allocation * (1 - allocation)));
}

/** Power of the two-sided test with `events` events when the hazard ratio is `hazardRatio`. */
export function schoenfeldPower(events: number, hazardRatio: number, sigLevel = 0.05, allocation = 0.5): number {
  if (!(events > 0 && Number.isFinite(events))) throw new RangeError(`the number of events must be positive (got ${events})`);
  if (!(hazardRatio > 0 && Number.isFinite(hazardRatio))) throw new RangeError(`the hazard ratio must be positive and finite (got ${hazardRatio})`);
  checkSigLevel(sigLevel);
  checkAllocation(allocation);
  const z = Math.sqrt(events * allocation * (1 - allocation)) * Math.abs(Math.log(hazardRatio)) - normal.quantile(1 - sigLevel / 2, 0, 1);
  return normal.cdf(z, 0, 1);
}
