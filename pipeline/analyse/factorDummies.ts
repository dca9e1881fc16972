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
import type { AdjustFactor } from '../../schemas/plan.ts';
import { aliasedColumns } from './stats/aliasedColumns.ts';

export function factorDummies(
  members: readonly Pick<CohortMember, 'levels'>[],
  factors: readonly AdjustFactor[],
  /** The rows the model fits, when it drops some (missing covariates): levels are those present there, as R's `lm` drops unused levels. */
  fitted: readonly Pick<CohortMember, 'levels'>[] = members,
): Record<string, number[]> {
  const columns: Record<string, number[]> = {};
  for (const factor of factors) {
    const values = members.map((m) => m.levels[factor]);
    const levels = [...new Set(fitted.map((m) => m.levels[factor]))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
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

/** Each member's stratum: its levels of the factors, joined (for exact matching and overlap). */
export function stratumOf(m: Pick<CohortMember, 'levels'>, factors: readonly AdjustFactor[]): string {
  return factors.map((f) => `${f}=${m.levels[f]}`).join(', ');
}
