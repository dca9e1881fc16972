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
 */

const EPS = 1e-9;

/**
 * The unknowns whose value follows from `rows` (each a map from cell id to coefficient;
 * entries for cells not in `unknowns` are ignored, as they are known).
 */
export function determinedCells(unknowns: readonly string[], rows: readonly ReadonlyMap<string, number>[]): Set<string> {
  const column = new Map(unknowns.map((u, j) => [u, j]));
  const m: Map<number, number>[] = [];
  const holders = new Map<number, Set<number>>();
  for (const row of rows) {
    const r = new Map<number, number>();
    for (const [cell, c] of row) {
      const j = column.get(cell);
      if (j !== undefined && c !== 0) r.set(j, (r.get(j) ?? 0) + c);
    }
    for (const [j, v] of r) if (Math.abs(v) < EPS) r.delete(j);
    if (!r.size) continue;
    const i = m.length;
    m.push(r);
    for (const j of r.keys()) (holders.get(j) ?? holders.set(j, new Set()).get(j)!).add(i);
  }
  const pivotRow = new Map<number, number>();
  const used = new Set<number>();
  for (let col = 0; col < unknowns.length; col++) {
    const candidates = [...(holders.get(col) ?? [])].filter((i) => !used.has(i));
    if (!candidates.length) continue;
    // The shortest row, then the largest coefficient, for stability.
    candidates.sort((a, b) => m[a]!.size - m[b]!.size || Math.abs(m[b]!.get(col)!) - Math.abs(m[a]!.get(col)!));
    const p = candidates[0]!;
    const prow = m[p]!;
    const pv = prow.get(col)!;
    for (const [j, v] of prow) prow.set(j, v / pv);
    used.add(p);
    pivotRow.set(col, p);
    for (const i of [...holders.get(col)!]) {
      if (i === p) continue;
      const r = m[i]!;
      const f = r.get(col);
      if (f === undefined) continue;
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
  const out = new Set<string>();
  for (const [col, p] of pivotRow) if (m[p]!.size === 1) out.add(unknowns[col]!);
  return out;
}
