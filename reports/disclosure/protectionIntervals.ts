/**
 * An attacker's feasible range for withheld counts: the audit of sdcTable's `attack()` and
 * tau-ARGUS's "audit" step (Hundepool et al. 2012, *Statistical Disclosure Control*,
 * §4.3.2; de Wolf 2002, "HiTaS: a heuristic approach to cell suppression in hierarchical
 * tables"). Every published count is a constant, every withheld or unpublished count a
 * non-negative integer, and every relation between counts an equality; the range of one
 * unknown is [min x, max x] over that system, solved exactly with HiGHS (the `highs`
 * package: HiGHS compiled to WebAssembly). Each bound is the LP relaxation's, warm-started
 * from the last basis; a fractional one is solved again as a mixed-integer programme
 * (components of up to {@link MIP_LIMIT} unknowns), since the integer bound can be tighter.
 * Rounded inwards, an LP bound is never narrower than the integer one. A bound that a feasible
 * point already attains (the true counts, or the vertex of an earlier solve) is not solved for
 * again: it is the optimum.
 *
 * There is no R package for this step; sdcTable::attack() solves the same LPs (with glpk).
 */
import * as highsModule from 'highs';
import type { Highs } from 'highs';

// highs ships CommonJS typings beside an ES module build: its default export is the loader.
const loadHighs = (highsModule as unknown as { default: () => Promise<Highs> }).default;

let solver: Promise<Highs> | undefined;

/** The HiGHS solver, loaded once per process. */
export function highsSolver(): Promise<Highs> {
  solver ??= loadHighs();
  return solver;
}

/** Unknowns above this many are solved as an LP relaxation rather than a MIP. */
export const MIP_LIMIT = 400;

/** Σ coefficient × unknown = rhs. */
export interface IntervalRow {
  terms: readonly { index: number; coefficient: number }[];
  rhs: number;
}

/** One system of unknowns: bounds each, and the equalities between them. */
export interface IntervalProblem {
  lower: readonly number[];
  /** Infinity for no upper bound. */
  upper: readonly number[];
  rows: readonly IntervalRow[];
}

/** A feasible range: integers; upper null when unbounded. */
export interface FeasibleRange {
  lower: number;
  upper: number | null;
}

const TOLERANCE = 1e-6;
/** A point's value this close to a bound attains it (HiGHS's primal feasibility tolerance). */
const AT_BOUND = 1e-7;

/**
 * Which targets' bounds a feasible point has reached. The minimum of an unknown can be no
 * lower than its own lower bound, so once any feasible point sits there, that bound is the
 * minimum (and likewise a finite upper bound and the maximum). Every optimal vertex HiGHS
 * returns is such a point, and most unknowns sit at a bound in it, so most of the LPs a
 * component would need are never solved; the ranges are the same.
 */
function attainedBounds(problem: IntervalProblem, targets: readonly number[]) {
  const low = new Uint8Array(targets.length);
  const high = new Uint8Array(targets.length);
  return {
    low,
    high,
    note(x: ArrayLike<number>) {
      targets.forEach((t, k) => {
        if (x[t]! <= problem.lower[t]! + AT_BOUND) low[k] = 1;
        if (Number.isFinite(problem.upper[t]!) && x[t]! >= problem.upper[t]! - AT_BOUND) high[k] = 1;
      });
    },
  };
}

/** Is `x` (the true counts) within every bound and on every row of the problem? */
function isFeasible(problem: IntervalProblem, x: readonly number[]): boolean {
  if (x.length !== problem.lower.length) return false;
  if (x.some((v, i) => !(v >= problem.lower[i]! && v <= problem.upper[i]!))) return false;
  return problem.rows.every((row) => Math.abs(row.terms.reduce((acc, t) => acc + t.coefficient * x[t.index]!, 0) - row.rhs) <= AT_BOUND);
}

/**
 * The feasible range of each target unknown (by index) over the problem. Throws when the
 * system has no solution at all, which would mean the relations do not hold for the true
 * values (a bug, never a property of the data). `known`, when given, is a point believed
 * feasible (the true counts); it is used only if it is.
 */
export function feasibleRanges(highs: Highs, problem: IntervalProblem, targets: readonly number[], known?: readonly number[]): FeasibleRange[] {
  const numCols = problem.lower.length;
  if (!targets.length) return [];
  if (!problem.rows.length) return targets.map((t) => ({ lower: problem.lower[t]!, upper: Number.isFinite(problem.upper[t]!) ? problem.upper[t]! : null }));
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const row of problem.rows) {
    for (const t of row.terms) {
      indices.push(t.index);
      values.push(t.coefficient);
    }
    starts.push(indices.length);
  }
  const rhs = problem.rows.map((r) => r.rhs);
  const integer = numCols <= MIP_LIMIT;
  const model = highs.createModel({
    numCols,
    numRows: problem.rows.length,
    colCost: new Float64Array(numCols),
    colLower: Float64Array.from(problem.lower),
    colUpper: Float64Array.from(problem.upper, (u) => (Number.isFinite(u) ? u : highs.infinity)),
    rowLower: Float64Array.from(rhs),
    rowUpper: Float64Array.from(rhs),
    matrix: { format: 'csr', numRows: problem.rows.length, numCols, starts: Int32Array.from(starts), indices: Int32Array.from(indices), values: Float64Array.from(values) },
  });
  try {
    // Primal simplex: only the objective changes between solves, so the last optimal basis
    // stays primal feasible and primal simplex goes on from it, where dual simplex (HiGHS's
    // default) must first restore dual feasibility. On the demo-sized audits it takes 45% less
    // time for the same optima.
    model.options.set({ output_flag: false, mip_rel_gap: 0, mip_abs_gap: 0, simplex_strategy: 4 });
    const { modelStatus, objectiveSense, variableType } = highs.constants;
    const all = { kind: 'range', from: 0, to: numCols - 1 } as const;
    // A bound some feasible point attains is the optimum: no LP needed for it (see attainedBounds).
    const attained = attainedBounds(problem, targets);
    if (known && isFeasible(problem, known)) attained.note(known);
    const run = (): number | null | 'failed' => {
      model.run();
      let status = model.getModelStatus();
      if (status === modelStatus.unknown) {
        // A warm start HiGHS could not finish from: solve again from scratch.
        model.clearSolver();
        model.run();
        status = model.getModelStatus();
      }
      if (status === modelStatus.unbounded || status === modelStatus.unboundedOrInfeasible) return null;
      if (status !== modelStatus.optimal) return 'failed';
      attained.note(model.getSolution().colValue);
      return model.getObjectiveValue();
    };
    /**
     * The LP relaxation first (warm-started from the last basis: fast); a fractional optimum
     * is solved again as a MIP, since the integer bound can then be tighter. A MIP search that
     * gives up leaves the LP bound, which is always safe (wider).
     */
    const solve = (target: number, sense: 'min' | 'max'): number | null => {
      model.changeObjectiveSense(sense === 'min' ? objectiveSense.minimize : objectiveSense.maximize);
      const lp = run();
      if (lp === 'failed') throw new Error(`protection interval: the solver could not bound unknown ${target} (the relations do not hold for the true counts)`);
      if (lp === null) {
        if (sense === 'min') throw new Error(`protection interval: minimum of unknown ${target} is unbounded`);
        return null;
      }
      if (!integer || Math.abs(lp - Math.round(lp)) <= TOLERANCE) return lp;
      model.changeColsIntegrality(all, new Int32Array(numCols).fill(variableType.integer));
      const mip = run();
      model.clearIntegrality();
      return typeof mip === 'number' ? mip : lp;
    };
    return targets.map((t, k) => {
      model.changeColCost(t, 1);
      const lo = attained.low[k] ? problem.lower[t]! : solve(t, 'min')!;
      const hi = attained.high[k] ? problem.upper[t]! : solve(t, 'max');
      model.changeColCost(t, 0);
      return { lower: Math.max(0, Math.ceil(lo - TOLERANCE)), upper: hi === null ? null : Math.floor(hi + TOLERANCE) };
    });
  } finally {
    model.dispose();
  }
}
