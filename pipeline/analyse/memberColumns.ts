/**
 * Cohort members read as columns: each member's level of a factor, covariate, cluster and
 * scores, one array per field, in the members' order. Every model of a comparison reads the
 * same fields of the same members (twelve ANCOVAs and three attrition models per comparison,
 * each Cox, logistic and matched model), and at national scale reading a field from 100,000
 * member objects costs far more than the arithmetic that follows. So the columns of a
 * **frozen** members array (`membersAt` and `membersCompared` return frozen arrays, over a
 * cohort whose members never change) are read once and remembered while the array lives; the
 * columns of any other array are read afresh at every call, as before. The members at a level
 * or in a comparison (`subsetOf`) have their columns picked from the cohort's; their outcome
 * columns are picked afresh at each call, not remembered (see `pickedColumns`).
 *
 * Columns are frozen: a caller that changed one would fail loudly, not change another's model.
 *
 * @example
 * const cols = memberColumns(Object.freeze(members));
 * cols.level('facilitator_band');       // ['band_3', 'band_4', …]
 * cols.treated(comparison);             // [1, 0, …]: at the comparison's treatment level?
 * cols.covariate('ogrs');               // [0.31, null, …]
 * cols.scores('self_management').pre;   // [12, null, …]
 * cols.reoffending(12, 'any')[0];       // { classed: true, reoffended: false, offences: 0 }
 */
import type { Comparison, PlanCovariate } from '../../schemas/plan.ts';
import type { CohortMember } from '../derive/cohort.ts';
import type { ComparisonFactor } from '../derive/comparisonFactors.ts';
import { provenReoffending, timeToFirstReoffence, type OutcomeCategory, type TimeToReoffence, type WindowOutcome } from '../derive/reoffending.ts';

export interface MemberColumns {
  level(factor: ComparisonFactor): readonly string[];
  /** 1 at the comparison's treatment level, 0 otherwise. */
  treated(comparison: Pick<Comparison, 'by' | 'treatment'>): readonly number[];
  covariate(c: PlanCovariate): readonly (number | null)[];
  cluster(): readonly string[];
  /** When each member's follow-up starts (ISO date). */
  followUpStart(): readonly string[];
  /** The pre and post scores on a measure, null where there is none. */
  scores(measure: string): { pre: readonly (number | null)[]; post: readonly (number | null)[] };
  /** Each member's proven reoffending in a window (derive/reoffending.ts `provenReoffending`). */
  reoffending(windowMonths: number, category: OutcomeCategory): readonly WindowOutcome[];
  /** Each member's time to first proven reoffence (derive/reoffending.ts `timeToFirstReoffence`). */
  timeToReoffence(maxWindowMonths: number, category: OutcomeCategory): readonly TimeToReoffence[];
}

const remembered = new WeakMap<readonly CohortMember[], MemberColumns>();
const subsets = new WeakMap<readonly CohortMember[], { of: readonly CohortMember[]; rows: readonly number[] }>();

export function memberColumns(members: readonly CohortMember[]): MemberColumns {
  if (!Object.isFrozen(members)) return readColumns(members);
  let cols = remembered.get(members);
  if (!cols) {
    const subset = subsets.get(members);
    remembered.set(members, (cols = subset ? pickedColumns(memberColumns(subset.of), subset.rows) : readColumns(members)));
  }
  return cols;
}

/**
 * Records that frozen `members` are the members of frozen `of` at `rows` (comparisonMembers.ts
 * says so of who is at each level): their columns are then picked from `of`'s, so each field
 * of each member is read once per cohort, however many comparisons and levels it is in.
 */
export function subsetOf(members: readonly CohortMember[], of: readonly CohortMember[], rows: readonly number[]): void {
  if (Object.isFrozen(members) && Object.isFrozen(of) && Object.isFrozen(rows)) subsets.set(members, { of, rows });
}

/** Memoised `key → read()`, for the columns of one members array. */
function memo() {
  const values = new Map<string, unknown>();
  return <T>(key: string, read: () => T): T => {
    if (!values.has(key)) values.set(key, read());
    return values.get(key) as T;
  };
}

const frozen = <T>(xs: T[]): readonly T[] => Object.freeze(xs);

/**
 * The columns of `of` at `rows`. The fields every model of a comparison reads (levels,
 * covariates, clusters, scores) are picked on first use and remembered; the outcome columns
 * (one for each window and category, each read by a few models) are picked afresh at each
 * call: remembering every level's and comparison's copy of each of them held 26 MiB at 100,000
 * people, for no time that could be measured, where picking the scores afresh slowed the
 * attitude analyses by a tenth.
 */
function pickedColumns(of: MemberColumns, rows: readonly number[]): MemberColumns {
  const once = memo();
  const picked = <T>(column: readonly T[]) => frozen(pick(column, rows));
  return {
    level: (factor) => once(`level ${factor}`, () => picked(of.level(factor))),
    treated: (comparison) => once(`treated ${comparison.by} ${comparison.treatment}`, () => picked(of.treated(comparison))),
    covariate: (c) => once(`covariate ${c}`, () => picked(of.covariate(c))),
    cluster: () => once('cluster', () => picked(of.cluster())),
    followUpStart: () => once('follow-up start', () => picked(of.followUpStart())),
    scores: (measure) =>
      once(`scores ${measure}`, () => {
        const { pre, post } = of.scores(measure);
        return Object.freeze({ pre: picked(pre), post: picked(post) });
      }),
    reoffending: (window, category) => picked(of.reoffending(window, category)),
    timeToReoffence: (maxWindow, category) => picked(of.timeToReoffence(maxWindow, category)),
  };
}

/** The columns of `members`, each read on first use. */
function readColumns(members: readonly CohortMember[]): MemberColumns {
  const once = memo();
  const level = (factor: ComparisonFactor) => once(`level ${factor}`, () => frozen(members.map((m) => m.levels[factor])));
  return {
    level,
    treated: ({ by, treatment }) => once(`treated ${by} ${treatment}`, () => frozen(level(by).map((l) => (l === treatment ? 1 : 0)))),
    covariate: (c) => once(`covariate ${c}`, () => frozen(members.map((m) => m.covariates[c]))),
    cluster: () => once('cluster', () => frozen(members.map((m) => m.cluster))),
    followUpStart: () => once('follow-up start', () => frozen(members.map((m) => m.followUp.followUpStart))),
    scores: (measure) =>
      once(`scores ${measure}`, () => {
        const of = members.map((m) => m.scores.get(measure));
        return Object.freeze({ pre: frozen(of.map((s) => s?.pre ?? null)), post: frozen(of.map((s) => s?.post ?? null)) });
      }),
    reoffending: (window, category) =>
      once(`reoffending ${window} ${category}`, () => frozen(members.map((m) => provenReoffending(m.followUp, m.offences, window, category)))),
    timeToReoffence: (maxWindow, category) =>
      once(`time to reoffence ${maxWindow} ${category}`, () => frozen(members.map((m) => Object.freeze(timeToFirstReoffence(m.followUp, m.offences, maxWindow, category))))),
  };
}

/** The positions in `xs` where `holds` is true, in order. */
export function rowsWhere<T>(xs: readonly T[], holds: (x: T, i: number) => boolean): number[] {
  const rows: number[] = [];
  for (let i = 0; i < xs.length; i++) if (holds(xs[i]!, i)) rows.push(i);
  return rows;
}

/** The values of `xs` at `rows`, in that order. */
export function pick<T>(xs: readonly T[], rows: readonly number[]): T[] {
  const out = new Array<T>(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = xs[rows[k]!]!;
  return out;
}
