/**
 * Which columns of a model matrix are aliased: linear combinations of the columns before them.
 * R's `lm` fits by Householder QR with limited column pivoting (LINPACK `dqrdc2`, tol 1e-7):
 * a column whose norm, after the earlier columns are projected out, falls below tol × its
 * original norm is moved to the end and gets an NA coefficient; the other coefficients are
 * those of the model without it. `coxph` and `glm` drop the same (later, dependent) columns.
 * This is that test, by modified Gram–Schmidt in column order, so that a caller can leave
 * the aliased columns out and fit what R fits (for example the dummies of a programme family
 * that only ever ran in some calendar periods).
 *
 * @example
 * aliasedColumns([[1, 1, 1, 1], [1, 1, 0, 0], [0, 0, 1, 1]]); // [false, false, true]: 1 − x2 = x3
 */
export const ALIAS_TOLERANCE = 1e-7;

export function aliasedColumns(columns: readonly ArrayLike<number>[], tol = ALIAS_TOLERANCE): boolean[] {
  const basis: Float64Array[] = [];
  return columns.map((column) => {
    const v = Float64Array.from(column as ArrayLike<number>);
    const n = v.length;
    let norm0 = 0;
    for (let i = 0; i < n; i++) norm0 += v[i]! * v[i]!;
    norm0 = Math.sqrt(norm0);
    if (norm0 === 0) return true;
    // Project out each basis vector in turn. The subtraction of one is fused with the dot
    // product for the next (one pass over v each, not two): the same sums in the same order.
    if (basis.length) {
      let q = basis[0]!;
      let dot = 0;
      for (let i = 0; i < n; i++) dot += q[i]! * v[i]!;
      for (let b = 1; b <= basis.length; b++) {
        const next = basis[b];
        if (next) {
          let nextDot = 0;
          for (let i = 0; i < n; i++) {
            v[i]! -= dot * q[i]!;
            nextDot += next[i]! * v[i]!;
          }
          q = next;
          dot = nextDot;
        } else for (let i = 0; i < n; i++) v[i]! -= dot * q[i]!;
      }
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += v[i]! * v[i]!;
    norm = Math.sqrt(norm);
    if (norm < tol * norm0) return true;
    for (let i = 0; i < n; i++) v[i]! /= norm;
    basis.push(v);
    return false;
  });
}
