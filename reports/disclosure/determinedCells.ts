/**
 * Which unknown cells a set of linear relations pins down: the audit step of secondary
 * suppression (ONS / GSS disclosure control guidance: "a suppressed cell must not be
 * recoverable by differencing"). Solving Σ coefficient × cell = 0 for the unknowns (the known
 * cells moved to the right-hand side), an unknown is determined exactly when its unit vector
 * lies in the row space of the coefficient matrix, which in reduced row echelon form means:
 * its column is a pivot and the pivot's row has no other non-zero entry.
 */

const EPS = 1e-9;

/**
 * The unknowns whose value follows from `rows` (each a map from cell id to coefficient;
 * entries for cells not in `unknowns` are ignored, as they are known).
 */
export function determinedCells(unknowns: readonly string[], rows: readonly ReadonlyMap<string, number>[]): Set<string> {
  const column = new Map(unknowns.map((u, j) => [u, j]));
  const m: number[][] = [];
  for (const row of rows) {
    const r = new Array<number>(unknowns.length).fill(0);
    let any = false;
    for (const [cell, c] of row) {
      const j = column.get(cell);
      if (j !== undefined && c !== 0) {
        r[j]! += c;
        any = true;
      }
    }
    if (any) m.push(r);
  }
  const pivots: { row: number; col: number }[] = [];
  let lead = 0;
  for (let col = 0; col < unknowns.length && lead < m.length; col++) {
    let best = lead;
    for (let i = lead + 1; i < m.length; i++) if (Math.abs(m[i]![col]!) > Math.abs(m[best]![col]!)) best = i;
    if (Math.abs(m[best]![col]!) < EPS) continue;
    [m[lead], m[best]] = [m[best]!, m[lead]!];
    const p = m[lead]!;
    const pv = p[col]!;
    for (let j = 0; j < p.length; j++) p[j]! /= pv;
    for (let i = 0; i < m.length; i++) {
      if (i === lead) continue;
      const f = m[i]![col]!;
      if (Math.abs(f) < EPS) continue;
      const r = m[i]!;
      for (let j = 0; j < r.length; j++) r[j]! -= f * p[j]!;
    }
    pivots.push({ row: lead, col });
    lead++;
  }
  const out = new Set<string>();
  for (const { row, col } of pivots) {
    const r = m[row]!;
    if (r.every((v, j) => j === col || Math.abs(v) < EPS)) out.add(unknowns[col]!);
  }
  return out;
}
