/**
 * E-values for unmeasured confounding (VanderWeele T.J. & Ding P. 2017, "Sensitivity analysis
 * in observational research: introducing the E-value", Annals of Internal Medicine
 * 167:268–274): the minimum strength of association, on the risk-ratio scale, that an
 * unmeasured confounder would need with both treatment and outcome to move the estimate to
 * the true value (1, no effect) — as the EValue package 4.1.2 (Mathur, Smith, Ding &
 * VanderWeele; `evalues.RR`, `evalues.HR`, `evalues.OR`, `evalues.MD` and `threshold`,
 * R/EValue.R and R/effect_measures.R):
 *
 * - a risk ratio RR ≥ 1 with true value 1 has E = RR + √(RR (RR − 1)); RR < 1 uses 1/RR.
 *   With a true value t ≠ 1 (`threshold(x, true)`): both x and t are inverted when x ≤ 1;
 *   then E = (x + √(x (x − t))) / t when t ≤ x, else E = r + √(r (r − 1)) with r = t / x.
 * - the confidence interval's E-value is that of the limit nearer the true value; it is 1
 *   when the interval includes the true value (and 1 when the estimate equals it).
 * - conversions to the risk-ratio scale (Table 2 of the paper; `toRR`), applied to the
 *   estimate, both limits and the true value alike:
 *   hazard ratio, rare outcome (< 15% by the end of follow-up): RR ≈ HR; common:
 *   RR ≈ (1 − 0.5^√HR) / (1 − 0.5^√(1/HR)) (VanderWeele 2020, Biometrics 76:746);
 *   odds ratio, rare: RR ≈ OR; common: RR ≈ √OR (VanderWeele 2017, Epidemiology 28:e58);
 *   standardised mean difference d with standard error s (Chinn 2000, Stat Med 19:3127):
 *   RR ≈ exp(0.91 d), limits exp(0.91 d ∓ 1.78 s), true value exp(0.91 t) (t = 0 by default).
 *
 * R's EValue is not installed here (it is on CRAN only); test/reference/evalue.R writes these
 * functions out from the package's source and checks them against the paper's examples.
 *
 * @example
 * eValue({ estimate: 0.8, lower: 0.71, upper: 0.91, measure: 'RR' });
 * // { point: 1.8090…, ci: 1.4285…, rr: { estimate: 0.8, lower: 0.71, upper: 0.91, trueValue: 1 } }   (EValue: evalues.RR(0.80, 0.71, 0.91))
 * eValue({ estimate: 0.56, lower: 0.46, upper: 0.69, measure: 'HR', rare: false }).point; // 2.3495… (RR ≈ 0.6701)
 * eValue({ estimate: 0.5, measure: 'MD', se: 0.25 });   // point 2.5291…, ci 1.1108…
 */
import { DegenerateData } from './degenerateData.ts';

export type EValueMeasure = 'RR' | 'HR' | 'OR' | 'MD';

export interface EValueInput {
  /** the estimate: a ratio (RR, HR, OR) or a standardised mean difference d (MD) */
  estimate: number;
  /** confidence limits of a ratio (not for MD, which uses `se`) */
  lower?: number;
  upper?: number;
  measure: EValueMeasure;
  /** HR and OR: whether the outcome is rare (< 15% by the end of follow-up); required for them, as EValue */
  rare?: boolean;
  /** MD: the standard error of d, for the interval */
  se?: number;
  /** the true value to shift the estimate to: 1 for ratios, 0 for MD, by default */
  trueValue?: number;
}

export interface EValue {
  /** E-value of the point estimate */
  point: number;
  /** E-value of the confidence limit nearer the true value (1 when the interval includes it); null without an interval */
  ci: number | null;
  /** the estimate, limits and true value on the risk-ratio scale, as EValue's first row */
  rr: { estimate: number; lower: number | null; upper: number | null; trueValue: number };
}

/** EValue's `threshold(x, true)`: the E-value of a single risk ratio x for the true value t. */
export function eValueOfRiskRatio(rr: number, trueValue = 1): number {
  if (!(rr > 0 && Number.isFinite(rr))) throw new DegenerateData(`a risk ratio of ${rr} has no finite E-value`);
  if (!(trueValue > 0 && Number.isFinite(trueValue))) throw new RangeError(`the true risk ratio must be positive and finite (got ${trueValue})`);
  let x = rr;
  let t = trueValue;
  if (x <= 1) {
    x = 1 / x;
    t = 1 / t;
  }
  if (t <= x) return (x + Math.sqrt(x * (x - t))) / t;
  const ratio = t / x;
  return ratio + Math.sqrt(ratio * (ratio - 1));
}

/** A ratio on the risk-ratio scale (EValue's `toRR.HR` / `toRR.OR`). */
function ratioToRR(value: number, measure: 'RR' | 'HR' | 'OR', rare: boolean): number {
  if (measure === 'RR' || rare) return value;
  if (measure === 'HR') return (1 - 0.5 ** Math.sqrt(value)) / (1 - 0.5 ** Math.sqrt(1 / value));
  return Math.sqrt(value);
}

/** E-values of an estimate and its confidence interval; see the file comment. */
export function eValue(input: EValueInput): EValue {
  const { estimate, measure } = input;
  let rr: number;
  let lo: number | null = null;
  let hi: number | null = null;
  let t: number;
  if (!Number.isFinite(estimate)) throw new RangeError(`the estimate must be a finite number (got ${estimate})`);
  if (measure === 'MD') {
    if (input.lower !== undefined || input.upper !== undefined) throw new RangeError('for a mean difference give its standard error (se), not limits');
    const trueMd = input.trueValue ?? 0;
    if (!Number.isFinite(trueMd)) throw new RangeError(`the true difference must be finite (got ${trueMd})`);
    rr = Math.exp(0.91 * estimate);
    t = Math.exp(0.91 * trueMd);
    if (input.se !== undefined) {
      if (!(input.se >= 0 && Number.isFinite(input.se))) throw new RangeError(`the standard error cannot be negative (got ${input.se})`);
      lo = Math.exp(0.91 * estimate - 1.78 * input.se);
      hi = Math.exp(0.91 * estimate + 1.78 * input.se);
    }
  } else if (measure === 'RR' || measure === 'HR' || measure === 'OR') {
    if (input.se !== undefined) throw new RangeError(`for a ratio (${measure}) give its confidence limits, not a standard error`);
    if (measure !== 'RR' && input.rare === undefined) throw new RangeError(`say whether the outcome is rare (< 15%) to convert the ${measure} to a risk ratio`);
    const rare = input.rare ?? true;
    const check = (v: number, name: string): void => {
      if (!(v >= 0) || Number.isNaN(v)) throw new RangeError(`the ${name} ${measure} cannot be negative (got ${v})`);
    };
    check(estimate, 'estimated');
    const trueRatio = input.trueValue ?? 1;
    if (!(trueRatio > 0 && Number.isFinite(trueRatio))) throw new RangeError(`the true ${measure} must be positive and finite (got ${trueRatio})`);
    if (input.lower !== undefined) check(input.lower, 'lower');
    if (input.upper !== undefined) check(input.upper, 'upper');
    if (input.lower !== undefined && input.upper !== undefined && input.lower > input.upper) throw new RangeError('the lower confidence limit should be less than the upper');
    if ((input.lower !== undefined && estimate < input.lower) || (input.upper !== undefined && estimate > input.upper)) throw new RangeError('the point estimate should be inside the confidence interval');
    rr = ratioToRR(estimate, measure, rare);
    t = ratioToRR(trueRatio, measure, rare);
    if (input.lower !== undefined) lo = ratioToRR(input.lower, measure, rare);
    if (input.upper !== undefined) hi = ratioToRR(input.upper, measure, rare);
  } else {
    throw new RangeError(`unknown measure ${String(measure)}`);
  }

  const point = eValueOfRiskRatio(rr, t);
  let ci: number | null = null;
  if (lo !== null || hi !== null) {
    // evalues.RR: the limit nearer the true value; 1 when the interval crosses it.
    if (rr > t) ci = lo === null ? null : lo < t ? 1 : eValueOfRiskRatio(lo, t);
    else if (rr < t) ci = hi === null ? null : hi > t ? 1 : eValueOfRiskRatio(hi, t);
    else ci = 1;
  }
  return { point, ci, rr: { estimate: rr, lower: lo, upper: hi, trueValue: t } };
}
