/**
 * Which unknown cells a set of linear relations pins down: the audit step of secondary
 * suppression (ONS / GSS disclosure control guidance: "a suppressed cell must not be
 * recoverable by differencing"). Solving Σ coefficient × cell = 0 for the unknowns (the known
 * cells moved to the right-hand side), an unknown is determined exactly when its unit vector
 * lies in the row space of the coefficient matrix, which in reduced row echelon form means:
 * its column is a pivot and the pivot's row has no other non-zero entry.
 *
 * The rows of a table of counts are sparse (a sum has a handful of terms), so the reduction
 * keeps them sparse: rows are maps from column to coefficient, a column index says which rows
 * hold each column, and each pivot is taken in the shortest row that holds its column
 * (Markowitz's rule, which keeps the fill-in small).
 *
 * Secondary suppression withholds one cell at a time and asks again, so {@link DeterminedCells}
 * keeps the reduced form and updates it when a known cell becomes unknown, instead of reducing
 * again. It logs the row operations of the reduction (the matrix T with T·A = R), so a new
 * column a is brought to the same basis as T·a by replaying them. Then (Golub & Van Loan,
 * *Matrix Computations*, 4th ed., §5.4, rank-revealing updates):
 * - if T·a is non-zero in a zero row of R, the new cell is itself determined, and every cell
 *   determined before still is (that row clears the new column from the others);
 * - otherwise the new cell is free: it enters every pivot row where T·a is non-zero, and the
 *   pivots of those rows are no longer determined.
 * The same test answers "would `target` still be determined if `candidate` were withheld too?"
 * without changing anything. test/reports/disclosure/determinedCells.test.ts checks both
 * against a dense rank test on random systems.
 */

const EPS = 1e-9;
/** Below this, (row r of T)·a_c is taken as zero by {@link DeterminedCells.breaks}: rounding apart, the exact entry is as small, so below EPS. */
const NEGLIGIBLE = 1e-12;

/** The reduced row echelon form of relations over a growing set of unknowns; see the file comment. */
export class DeterminedCells {
  /** The relations (maps from cell id to coefficient), as given. */
  private readonly relations: readonly ReadonlyMap<string, number>[];
  /** The reduced rows, over unknown columns only (one per relation, empty when zero). */
  private readonly rows: Map<string, number>[];
  /** Row operations, in order: `v[row] /= factor` when row = source, else `v[row] -= factor × v[source]`. */
  private readonly opRow: number[] = [];
  private readonly opSource: number[] = [];
  private readonly opFactor: number[] = [];
  /** Each row's operations that read it (positions in the log, increasing). */
  private readonly opsBySource = new Map<number, number[]>();
  /** The pivot row of each pivot column, and the reverse. */
  private readonly pivotRowOf = new Map<string, number>();
  private readonly pivotOfRow = new Map<number, string>();
  /** The relations each cell appears in, with its coefficient there (summed). */
  private readonly columnOf = new Map<string, Map<number, number>>();
  private readonly unknowns = new Set<string>();
  /** {@link reducedColumn}'s array, valid until the next call, and the entries that call wrote. */
  private scratch: Float64Array | null = null;
  private scratchRows: readonly number[] = [];

  /**
   * Reduce `relations` over `unknowns` (entries for other cells are known, and ignored), taking
   * the columns in the order given.
   */
  constructor(unknowns: readonly string[], relations: readonly ReadonlyMap<string, number>[]) {
    this.relations = relations;
    relations.forEach((row, i) => {
      for (const [cell, c] of row) {
        const col = this.columnOf.get(cell) ?? this.columnOf.set(cell, new Map()).get(cell)!;
        col.set(i, (col.get(i) ?? 0) + c);
      }
    });
    for (const u of unknowns) this.unknowns.add(u);
    const m = relations.map(() => new Map<string, number>());
    const holders = new Map<string, Set<number>>();
    relations.forEach((row, i) => {
      const r = m[i]!;
      for (const [cell, c] of row) if (this.unknowns.has(cell) && c !== 0) r.set(cell, (r.get(cell) ?? 0) + c);
      for (const [j, v] of r) if (Math.abs(v) < EPS) r.delete(j);
      for (const j of r.keys()) (holders.get(j) ?? holders.set(j, new Set()).get(j)!).add(i);
    });
    const used = new Set<number>();
    for (const col of unknowns) {
      const candidates = [...(holders.get(col) ?? [])].filter((i) => !used.has(i));
      if (!candidates.length) continue;
      // The shortest row, then the largest coefficient, for stability.
      candidates.sort((a, b) => m[a]!.size - m[b]!.size || Math.abs(m[b]!.get(col)!) - Math.abs(m[a]!.get(col)!));
      const p = candidates[0]!;
      const prow = m[p]!;
      const pv = prow.get(col)!;
      for (const [j, v] of prow) prow.set(j, v / pv);
      this.log(p, p, pv);
      used.add(p);
      this.pivotRowOf.set(col, p);
      this.pivotOfRow.set(p, col);
      for (const i of [...holders.get(col)!]) {
        if (i === p) continue;
        const r = m[i]!;
        const f = r.get(col);
        if (f === undefined) continue;
        this.log(i, p, f);
        for (const [j, v] of prow) {
          const next = (r.get(j) ?? 0) - f * v;
          if (Math.abs(next) < EPS) {
            r.delete(j);
            holders.get(j)?.delete(i);
          } else {
            if (!r.has(j)) (holders.get(j) ?? holders.set(j, new Set()).get(j)!).add(i);
            r.set(j, next);
          }
        }
      }
    }
    this.rows = m;
  }

  private log(row: number, source: number, factor: number): void {
    (this.opsBySource.get(source) ?? this.opsBySource.set(source, []).get(source)!).push(this.opRow.length);
    this.opRow.push(row);
    this.opSource.push(source);
    this.opFactor.push(factor);
  }

  /**
   * T·a for the column of `cell`: its coefficients brought to the reduced basis, and the rows
   * where it is non-zero, in order. The logged operations are replayed in order, but only
   * those whose source row is non-zero (the others add nothing): a heap holds each non-zero
   * row's next operation.
   */
  private reducedColumn(cell: string): { v: Float64Array; rows: number[] } {
    // One array for every call, cleared where the last call wrote (its `rows`): zeroing a
    // relations-long array per call cost more than the replay itself on national tables.
    const v = (this.scratch ??= new Float64Array(this.relations.length));
    for (const i of this.scratchRows) v[i] = 0;
    const { opRow, opSource, opFactor, opsBySource } = this;
    const heap: number[] = []; // positions in the log, a min-heap
    const next = new Map<number, number>(); // row → index into its opsBySource list
    const touched: number[] = [];
    const schedule = (row: number, after: number) => {
      const ops = opsBySource.get(row);
      if (!ops) return;
      // The first of the row's operations after `after` (a binary search).
      let lo = next.get(row) ?? 0;
      let hi = ops.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (ops[mid]! <= after) lo = mid + 1;
        else hi = mid;
      }
      next.set(row, lo + 1);
      if (lo < ops.length) heapPush(heap, ops[lo]!);
    };
    for (const [i, c] of this.columnOf.get(cell) ?? []) {
      v[i] = c;
      touched.push(i);
      schedule(i, -1);
    }
    const live = new Set(touched);
    while (heap.length) {
      const k = heapPop(heap);
      const row = opRow[k]!;
      const source = opSource[k]!;
      if (row === source) v[row]! /= opFactor[k]!;
      else if (v[source] !== 0) {
        v[row]! -= opFactor[k]! * v[source]!;
        if (!live.has(row)) {
          live.add(row);
          touched.push(row);
          schedule(row, k);
        }
      }
      schedule(source, k);
    }
    this.scratchRows = touched;
    return { v, rows: touched.sort((a, b) => a - b) };
  }

  /** A zero row where the reduced column is non-zero (the first), if any. */
  private freeRow({ v, rows }: { v: Float64Array; rows: readonly number[] }): number | undefined {
    return rows.find((i) => Math.abs(v[i]!) >= EPS && !this.pivotOfRow.has(i));
  }

  /** Is `cell` an unknown that the relations determine? */
  isDetermined(cell: string): boolean {
    const p = this.pivotRowOf.get(cell);
    return p !== undefined && this.rows[p]!.size === 1;
  }

  /** Every unknown the relations determine. */
  determined(): Set<string> {
    const out = new Set<string>();
    for (const [col, p] of this.pivotRowOf) if (this.rows[p]!.size === 1) out.add(col);
    return out;
  }

  /** Would `target` (determined now) still be determined if `candidate` (known now) were unknown too? */
  staysDeterminedWith(target: string, candidate: string): boolean {
    if (!this.isDetermined(target)) return false;
    if (this.unknowns.has(candidate)) return true;
    const column = this.reducedColumn(candidate);
    return this.freeRow(column) !== undefined || Math.abs(column.v[this.pivotRowOf.get(target)!]!) < EPS;
  }

  /**
   * Which candidates (known now) would, if withheld too, leave `target` no longer determined:
   * `!staysDeterminedWith(target, candidate)` for many candidates at once, as the search for a
   * secondary cell asks it of every cell near its target. Withholding c can free `target` only
   * where T·a_c is non-zero in target's pivot row r, and that entry is (row r of T)·a_c. Row r
   * of T is worked out once, by replaying the logged operations backwards on e_r; a candidate
   * whose product is below {@link NEGLIGIBLE} stays determined (the forward replay differs from
   * it only by rounding, far below EPS), and the others get the exact test.
   */
  breaks(target: string): (candidate: string) => boolean {
    if (!this.isDetermined(target)) return (candidate) => !this.staysDeterminedWith(target, candidate);
    const y = new Float64Array(this.relations.length);
    y[this.pivotRowOf.get(target)!] = 1;
    const { opRow, opSource, opFactor } = this;
    for (let k = opRow.length - 1; k >= 0; k--) {
      const row = opRow[k]!;
      if (y[row] === 0) continue;
      // e_rᵀ E_K ⋯ E_1: a scaling divides the entry; `v[row] −= f·v[source]` moves −f·y[row] onto y[source].
      if (row === opSource[k]) y[row]! /= opFactor[k]!;
      else y[opSource[k]!]! -= opFactor[k]! * y[row]!;
    }
    return (candidate) => {
      if (this.unknowns.has(candidate)) return false;
      let product = 0;
      for (const [i, c] of this.columnOf.get(candidate) ?? []) product += y[i]! * c;
      return Math.abs(product) >= NEGLIGIBLE && !this.staysDeterminedWith(target, candidate);
    };
  }

  /** Make `cell` unknown (a cell withheld), updating the reduced form. */
  addUnknown(cell: string): void {
    if (this.unknowns.has(cell)) return;
    this.unknowns.add(cell);
    const column = this.reducedColumn(cell);
    const { v, rows } = column;
    const k = this.freeRow(column);
    if (k !== undefined) {
      // A new pivot in a zero row: that row becomes the cell alone, and clears it from the others.
      const pv = v[k]!;
      this.log(k, k, pv);
      for (const i of rows) if (i !== k && Math.abs(v[i]!) >= EPS) this.log(i, k, v[i]!);
      this.rows[k] = new Map([[cell, 1]]);
      this.pivotRowOf.set(cell, k);
      this.pivotOfRow.set(k, cell);
      return;
    }
    // A free column: it joins each pivot row where it is non-zero.
    for (const i of rows) if (this.pivotOfRow.has(i) && Math.abs(v[i]!) >= EPS) this.rows[i]!.set(cell, v[i]!);
  }
}

/**
 * The unknowns whose value follows from `rows` (each a map from cell id to coefficient;
 * entries for cells not in `unknowns` are ignored, as they are known).
 */
export function determinedCells(unknowns: readonly string[], rows: readonly ReadonlyMap<string, number>[]): Set<string> {
  return new DeterminedCells(unknowns, rows).determined();
}

function heapPush(heap: number[], x: number): void {
  let i = heap.push(x) - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent]! <= x) break;
    heap[i] = heap[parent]!;
    i = parent;
  }
  heap[i] = x;
}

function heapPop(heap: number[]): number {
  const top = heap[0]!;
  const last = heap.pop()!;
  if (heap.length) {
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= heap.length) break;
      const c = l + 1 < heap.length && heap[l + 1]! < heap[l]! ? l + 1 : l;
      if (heap[c]! >= last) break;
      heap[i] = heap[c]!;
      i = c;
    }
    heap[i] = last;
  }
  return top;
}
