/**
 * Columns for a model from cohort members: the treatment indicator, the plan's covariates,
 * the dummies of the factors the comparison holds fixed (`adjust_for`, R's treatment
 * contrasts) and the cluster, with members missing a covariate dropped (and counted).
 */
import type { Comparison, PlanCovariate } from '../../../schemas/plan.ts';
import type { CohortMember } from '../../derive/cohort.ts';
import { adjustedFor } from '../comparisonMembers.ts';
import { heldFixedDummies } from '../factorDummies.ts';
import { estimableCovariates } from '../modelCovariates.ts';
import { memberColumns, pick, type MemberColumns } from '../memberColumns.ts';

export interface ModelColumns {
  members: CohortMember[];
  /** The array the columns were read from, and where each member sits in it (memberColumns.ts). */
  source: readonly CohortMember[];
  rows: number[];
  treated: number[];
  covariates: Record<string, number[]>;
  cluster: string[];
  droppedMissingCovariates: number;
  /** Dummies of held-fixed factors left out because they are aliased with the other columns (as R gives them NA). */
  aliasedDummies: string[];
  /** Every column left out as aliased: plan covariates (constant here, or combinations of others), then dummies. */
  droppedTerms: string[];
  /** Null, or why the treatment cannot be told apart from the held-fixed factors. */
  confounded: string | null;
}

/** A column of the source members (memberColumns.ts) at the model's rows. */
export const atRows = <T>(cols: Pick<ModelColumns, 'source' | 'rows'>, column: (c: MemberColumns) => readonly T[]): T[] => pick(column(memberColumns(cols.source)), cols.rows);

/**
 * The rows at held-fixed levels that inform a model of `outcome` (one value per row): a level
 * whose people all share one outcome (no reoffence at all, for Cox) sends its dummy to ±∞ in
 * R, whose other estimates then tend to the fit without those people. So they are left out of
 * the fit (not of the counts), and the note says how many.
 */
export function informativeRows(levels: readonly (readonly string[])[], outcome: readonly number[], bothOutcomes: boolean): number[] {
  const all = outcome.map((_, k) => k);
  if (!levels.length) return all;
  const seen = levels.map((column) => {
    const outcomes = new Map<string, Set<number>>();
    column.forEach((level, k) => {
      let s = outcomes.get(level);
      if (!s) outcomes.set(level, (s = new Set()));
      s.add(outcome[k] ? 1 : 0);
    });
    return outcomes;
  });
  return all.filter((k) =>
    levels.every((column, f) => {
      const o = seen[f]!.get(column[k]!)!;
      return bothOutcomes ? o.size === 2 : o.has(1);
    }),
  );
}

/**
 * The columns a model is fitted with: `cols`, less the members at held-fixed levels that
 * inform nothing about `outcome` (`informativeRows`; one value per member of `cols`), rebuilt
 * for the rest; `cols` itself when none are left out. The model's counts stay those of `cols`.
 */
export function informativeColumns(
  cols: ModelColumns,
  comparison: Comparison,
  covariates: readonly PlanCovariate[],
  outcome: readonly number[],
  bothOutcomes: boolean,
): { fit: ModelColumns; leftOut: number } {
  const kept = informativeRows(adjustedFor(comparison).map((f) => atRows(cols, (c) => c.level(f))), outcome, bothOutcomes);
  const leftOut = cols.rows.length - kept.length;
  return { fit: leftOut ? modelColumns(cols.source, comparison, covariates, pick(cols.rows, kept)) : cols, leftOut };
}

/**
 * The indicator is named `treatment`; covariates keep their plan names. `rows`: the members
 * to model (all of them by default), as positions in `members`, whose columns are then read
 * once however many models use them (memberColumns.ts).
 */
export function modelColumns(members: readonly CohortMember[], comparison: Comparison, covariates: readonly PlanCovariate[], rows: readonly number[] = members.map((_, i) => i)): ModelColumns {
  const cols = memberColumns(members);
  const covariateCols = covariates.map((c) => cols.covariate(c));
  const complete = rows.filter((i) => covariateCols.every((col) => col[i] !== null));
  const treated = pick(cols.treated(comparison), complete);
  const all = Object.fromEntries(covariates.map((c, j) => [c, pick(covariateCols[j]!, complete) as number[]]));
  // A covariate constant in this sample, or a combination of the others, is left out as R gives it NA.
  const { kept: numeric, dropped } = estimableCovariates([complete.map(() => 1), treated], all);
  const held = heldFixedDummies((f) => pick(cols.level(f), complete), comparison, treated, Object.values(numeric));
  return {
    confounded: held.confounded,
    members: pick(members, complete),
    source: members,
    rows: complete,
    treated,
    covariates: { treatment: treated, ...numeric, ...held.kept },
    aliasedDummies: held.dropped,
    droppedTerms: [...dropped, ...held.dropped],
    cluster: pick(cols.cluster(), complete),
    droppedMissingCovariates: rows.length - complete.length,
  };
}
