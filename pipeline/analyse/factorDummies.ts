/**
 * Factors as dummy variables, with R's default treatment contrasts (`contr.treatment`):
 * for each factor, the levels present among the members in sorted (C-locale) order, the
 * first as reference, and one 0/1 column per other level, named as R names them
 * (`programme_familylegacy_specialist`). A factor with one level present adds no column.
 * Reproduces the columns of `model.matrix(~ factor(x, levels = sort(unique(x), method = "radix")))`.
 *
 * @example
 * factorDummies([{ levels: { programme_family: 'building_choices' } }, { levels: { programme_family: 'legacy_specialist' } }] as never, ['programme_family']);
 * // { programme_familylegacy_specialist: [0, 1] }
 */
import type { CohortMember } from '../derive/cohort.ts';
import type { AdjustFactor, Comparison } from '../../schemas/plan.ts';
import { adjustedFor } from './comparisonMembers.ts';
import { aliasedColumns } from './stats/aliasedColumns.ts';
import { pick as pickRows } from './memberColumns.ts';

export function factorDummies(
  members: readonly Pick<CohortMember, 'levels'>[],
  factors: readonly AdjustFactor[],
  /** The rows the model fits, when it drops some (missing covariates): levels are those present there, as R's `lm` drops unused levels. */
  fitted: readonly Pick<CohortMember, 'levels'>[] = members,
): Record<string, number[]> {
  return dummiesOfLevels(
    (factor) => members.map((m) => m.levels[factor]),
    factors,
    (factor) => fitted.map((m) => m.levels[factor]),
  );
}

/**
 * `factorDummies` from each factor's levels as a column (memberColumns.ts), one value per
 * member; `fittedLevelOf` gives the levels on the rows the model fits.
 */
export function dummiesOfLevels(
  levelOf: (factor: AdjustFactor) => readonly string[],
  factors: readonly AdjustFactor[],
  fittedLevelOf: (factor: AdjustFactor) => readonly string[] = levelOf,
): Record<string, number[]> {
  const columns: Record<string, number[]> = {};
  for (const factor of factors) {
    const values = levelOf(factor);
    const levels = [...new Set(fittedLevelOf(factor))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const level of levels.slice(1)) columns[`${factor}${level}`] = values.map((v) => (v === level ? 1 : 0));
  }
  return columns;
}

/**
 * The dummies that are not aliased with the model's other columns (`base`: the intercept, the
 * indicator, the numeric covariates, on the rows the model fits) nor with earlier dummies,
 * as R would leave them after giving the aliased ones NA; and the names of those dropped.
 */
export function estimableDummies(base: readonly ArrayLike<number>[], dummies: Record<string, number[]>): { kept: Record<string, number[]>; dropped: string[] } {
  const names = Object.keys(dummies);
  const aliased = aliasedColumns([...base, ...names.map((n) => dummies[n]!)]).slice(base.length);
  const kept: Record<string, number[]> = {};
  const dropped: string[] = [];
  names.forEach((n, i) => (aliased[i] ? dropped.push(n) : (kept[n] = dummies[n]!)));
  return { kept, dropped };
}

/**
 * Can the treatment indicator be told apart from the held-fixed factors? Not when it is a
 * combination of them and the other columns (no stratum has both levels: Building Choices
 * only ran in half-years no legacy group ran in). R would then give another column NA and
 * report an "estimate" that compares strata, not levels; progeval reports none.
 */
export function treatmentSeparable(base: readonly ArrayLike<number>[], dummies: Record<string, number[]>, treatment: ArrayLike<number>): boolean {
  return !aliasedColumns([...base, ...Object.values(dummies), treatment]).at(-1);
}

/** The held-fixed dummies a model fits with, those left out as aliased, and why there is no estimate (or null). */
export interface HeldFixedDummies {
  kept: Record<string, number[]>;
  dropped: string[];
  confounded: string | null;
}

/**
 * The dummies of the factors a comparison holds fixed, for a model of `treated` beside the
 * intercept and the `others` columns (pre score, numeric covariates), as every model builds
 * them: one value per member, with the levels and the aliasing judged on the rows the model
 * fits (`fitted`, when it drops some for missing covariates); aliased dummies are left out
 * (`estimableDummies`), and a treatment the dummies absorb gets the reason there is no
 * estimate (`treatmentSeparable`).
 */
export function heldFixedDummies(
  /** Each factor's level per member, as a column (memberColumns.ts). */
  levelOf: (factor: AdjustFactor) => readonly string[],
  comparison: Comparison,
  treated: readonly number[],
  others: readonly (readonly number[])[],
  fitted: readonly number[] = treated.map((_, i) => i),
): HeldFixedDummies {
  const factors = adjustedFor(comparison);
  if (!factors.length) return { kept: {}, dropped: [], confounded: null };
  const pick = (xs: readonly number[]) => pickRows(xs, fitted);
  const all = dummiesOfLevels(levelOf, factors, (factor) => pickRows(levelOf(factor), fitted));
  const onFitted = Object.fromEntries(Object.entries(all).map(([k, v]) => [k, pick(v)]));
  const ones = fitted.map(() => 1);
  const rest = others.map(pick);
  const { dropped } = estimableDummies([ones, pick(treated), ...rest], onFitted);
  // Against every dummy, not only those kept: with the treatment first, R (and estimableDummies) would drop a dummy instead.
  const separable = treatmentSeparable([ones, ...rest], onFitted, pick(treated));
  return {
    kept: Object.fromEntries(Object.entries(all).filter(([k]) => !dropped.includes(k))),
    dropped,
    confounded: separable
      ? null
      : `holding ${factors.join(' and ')} fixed, no stratum has both ${comparison.treatment} and ${comparison.reference}, so their difference cannot be told apart from ${factors.join(' and ')}`,
  };
}

/** Each member's stratum: its levels of the factors, joined (for exact matching and overlap). */
export function stratumOf(m: Pick<CohortMember, 'levels'>, factors: readonly AdjustFactor[]): string {
  return stratumKey(factors, (f) => m.levels[factors[f]!]);
}

/** Each row's stratum, as `stratumOf` names it, from each factor's levels as a column (memberColumns.ts). */
export function strataOf(levels: readonly (readonly string[])[], factors: readonly AdjustFactor[]): string[] {
  return (levels[0] ?? []).map((_, k) => stratumKey(factors, (f) => levels[f]![k]!));
}

const stratumKey = (factors: readonly AdjustFactor[], levelOf: (f: number) => string) => factors.map((f, j) => `${f}=${levelOf(j)}`).join(', ');
