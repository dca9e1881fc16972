/**
 * The attacker's feasible ranges (reports/disclosure/protectionIntervals.ts) on random
 * systems of counts, against a reference written here: every bound solved on its own, by a
 * fresh HiGHS model with no warm start and no shortcut. feasibleRanges skips the LP for a
 * bound some feasible point already attains (the true counts, or an earlier vertex); the
 * ranges must be the same, with and without the true counts offered, and a point that is
 * not feasible must be ignored.
 */
import type { Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { feasibleRanges, highsSolver, type FeasibleRange, type IntervalProblem } from '../../../reports/disclosure/protectionIntervals.ts';
import { seededUniform } from './support/randomResults.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await highsSolver();
});

/** A random table of counts: sums of parts (some nested), the true counts, and which are withheld. */
function randomSystem(seed: number): { problem: IntervalProblem; truth: number[]; targets: number[] } {
  const u = seededUniform(seed);
  const n = 8 + Math.floor(u() * 30);
  const truth = Array.from({ length: n }, () => (u() < 0.3 ? Math.floor(u() * 10) : 10 + Math.floor(u() * 60)));
  const rows = [];
  for (let r = 0; r < 3 + Math.floor(u() * n * 0.7); r++) {
    // Two to five parts; half the time with a published total (a plain sum), else with the
    // total an unknown too (Σ parts − total = 0). Few parts and small capped ones give
    // minima above zero (x + y = 50 with y ≤ 9 puts x at least 41).
    const members = [...new Set(Array.from({ length: 2 + Math.floor(u() * 4) }, () => Math.floor(u() * n)))];
    if (members.length < 2) continue;
    const terms = members.map((index, k) => ({ index, coefficient: k === 0 && u() < 0.5 ? -1 : 1 }));
    rows.push({ terms, rhs: terms.reduce((s, t) => s + t.coefficient * truth[t.index]!, 0) });
  }
  // Labels as protectCells gives them: [low] counts in [0, 9], [c] at least 10, the rest at least 0.
  const lower = truth.map((v) => (v >= 10 && u() < 0.4 ? 10 : 0));
  const upper = truth.map((v) => (v < 10 && u() < 0.6 ? 9 : Infinity));
  const targets = truth.map((_, i) => i).filter(() => u() < 0.6);
  return { problem: { lower, upper, rows }, truth, targets };
}

/** One bound, from a fresh model: the LP, then (fractional, small) the MIP, rounded inwards. */
function referenceRange(problem: IntervalProblem, target: number): FeasibleRange {
  const bound = (sense: 'min' | 'max'): number | null => {
    const numCols = problem.lower.length;
    const cost = new Float64Array(numCols);
    cost[target] = 1;
    const starts = [0];
    const indices: number[] = [];
    const values: number[] = [];
    for (const row of problem.rows) {
      for (const t of row.terms) (indices.push(t.index), values.push(t.coefficient));
      starts.push(indices.length);
    }
    const solveOnce = (integer: boolean): number | null => {
      const model = highs.createModel({
        numCols,
        numRows: problem.rows.length,
        colCost: cost,
        colLower: Float64Array.from(problem.lower),
        colUpper: Float64Array.from(problem.upper, (v) => (Number.isFinite(v) ? v : highs.infinity)),
        rowLower: Float64Array.from(problem.rows, (r) => r.rhs),
        rowUpper: Float64Array.from(problem.rows, (r) => r.rhs),
        matrix: { format: 'csr', numRows: problem.rows.length, numCols, starts: Int32Array.from(starts), indices: Int32Array.from(indices), values: Float64Array.from(values) },
      });
      try {
        model.options.set({ output_flag: false, mip_rel_gap: 0, mip_abs_gap: 0 });
        model.changeObjectiveSense(sense === 'min' ? highs.constants.objectiveSense.minimize : highs.constants.objectiveSense.maximize);
        if (integer) model.changeColsIntegrality({ kind: 'range', from: 0, to: numCols - 1 }, new Int32Array(numCols).fill(highs.constants.variableType.integer));
        model.run();
        const status = model.getModelStatus();
        if (status === highs.constants.modelStatus.unbounded || status === highs.constants.modelStatus.unboundedOrInfeasible) return null;
        expect(status).toBe(highs.constants.modelStatus.optimal);
        return model.getObjectiveValue();
      } finally {
        model.dispose();
      }
    };
    const lp = solveOnce(false);
    if (lp === null || Math.abs(lp - Math.round(lp)) <= 1e-6) return lp;
    return solveOnce(true);
  };
  const lo = bound('min')!;
  const hi = bound('max');
  return { lower: Math.max(0, Math.ceil(lo - 1e-6)), upper: hi === null ? null : Math.floor(hi + 1e-6) };
}

describe('feasibleRanges', () => {
  it('finds the range of each unknown of a sum with a known total', () => {
    // x0 + x1 + x2 = 30, x0 a [low] count (0 to 9), x1 and x2 at least 0.
    const problem: IntervalProblem = { lower: [0, 0, 0], upper: [9, Infinity, Infinity], rows: [{ terms: [0, 1, 2].map((index) => ({ index, coefficient: 1 })), rhs: 30 }] };
    expect(feasibleRanges(highs, problem, [0, 1, 2], [4, 16, 10])).toEqual([
      { lower: 0, upper: 9 },
      { lower: 0, upper: 30 },
      { lower: 0, upper: 30 },
    ]);
  });

  it('is tested on systems where minima above the lower bound and finite maxima occur', () => {
    const ranges = Array.from({ length: 40 }, (_, i) => randomSystem(i + 1)).flatMap(({ problem, targets }) => targets.map((t) => ({ t, r: referenceRange(problem, t), problem })));
    expect(ranges.filter(({ t, r, problem }) => r.lower > problem.lower[t]!).length).toBeGreaterThan(20);
    expect(ranges.filter(({ r }) => r.upper !== null).length).toBeGreaterThan(100);
  });

  it.each(Array.from({ length: 40 }, (_, i) => i + 1))('equals a fresh solve of every bound on random system %i, with or without the true counts', (seed) => {
    const { problem, truth, targets } = randomSystem(seed);
    const expected = targets.map((t) => referenceRange(problem, t));
    expect(feasibleRanges(highs, problem, targets, truth)).toEqual(expected);
    expect(feasibleRanges(highs, problem, targets)).toEqual(expected);
    // A point off the rows (all zeros) is not feasible, so it must not be taken for one.
    expect(feasibleRanges(highs, problem, targets, truth.map(() => 0))).toEqual(expected);
  });
});
