/**
 * An ml-matrix `Matrix` that copies itself a row at a time. ml-matrix 6's `clone()` copies
 * entry by entry through its `entries()` iterator, which allocates a `[row, column, value]`
 * array for every entry: a QR of a 35,000 × 20 design (`new QrDecomposition(X)` starts with
 * `X.clone()`) makes 700,000 of them, and at national scale the garbage collector, not the
 * arithmetic, set the pace of the attitude analyses. Here `clone()` copies each row's
 * `Float64Array` whole: the same values into the same storage, so every decomposition done on
 * the copy is ml-matrix's own, to the last bit.
 *
 * `rowCopy(X)` views an existing matrix's rows (no copy) as a `RowCopyMatrix`; ml-matrix's
 * decompositions never write to the matrix they are given, only to their clone. `ownRows(rows)`
 * makes a matrix of rows built for it, without the copy `new Matrix(rows)` makes.
 *
 * @example
 * const X = rowCopy(new Matrix([[1, 2], [3, 4], [5, 7]]));
 * new QrDecomposition(X).solve(rowCopy(Matrix.columnVector([1, 2, 3]))); // as ml-matrix solves it
 */
import { Matrix } from 'ml-matrix';

/** ml-matrix's storage, which its type declarations leave out: one `Float64Array` per row. */
interface RowStorage {
  data: Float64Array[];
  rows: number;
}
const storage = (matrix: Matrix) => matrix as unknown as RowStorage;

export class RowCopyMatrix extends Matrix {
  override clone(): this {
    const copy = new RowCopyMatrix(0, this.columns);
    storage(copy).data = storage(this).data.map((row) => row.slice());
    storage(copy).rows = this.rows;
    return copy as this;
  }
}

/** The rows of `matrix`, shared not copied, as a {@link RowCopyMatrix}. */
export function rowCopy(matrix: Matrix): RowCopyMatrix {
  if (matrix instanceof RowCopyMatrix) return matrix;
  const view = new RowCopyMatrix(0, matrix.columns);
  storage(view).data = storage(matrix).data;
  storage(view).rows = matrix.rows;
  return view;
}

/** A {@link RowCopyMatrix} that keeps `rows` (each of length `columns`, built for it and not used elsewhere) as its storage. */
export function ownRows(rows: Float64Array[], columns: number): RowCopyMatrix {
  for (const row of rows) if (row.length !== columns) throw new RangeError(`a row has ${row.length} values for ${columns} columns`);
  const matrix = new RowCopyMatrix(0, columns);
  storage(matrix).data = rows;
  storage(matrix).rows = rows.length;
  return matrix;
}
