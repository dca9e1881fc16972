/**
 * An ml-matrix matrix kept by columns in one `Float64Array`. ml-matrix's own `Matrix` keeps a
 * `Float64Array` per row, so the design of a model of 50,000 people is 50,000 typed arrays:
 * each allocated, copied again by the decomposition (`new QrDecomposition(X)` starts with
 * `X.clone()`) and collected afterwards, and the Householder QR, which walks each column down
 * every row, reads a different array for every entry, which stops fitting the cache at national
 * scale (at 300,000 people the QR took 7.9 times as long as at 100,000). Kept by columns, a
 * column is consecutive memory and a copy is one array.
 *
 * ml-matrix's decompositions read and write any `AbstractMatrix` through `get` and `set` only,
 * so the arithmetic, and every bit of the result, is still ml-matrix's: `new QrDecomposition(X)`
 * and its `solve` give the same numbers for a `ColumnMatrix` as for a `Matrix` of the same
 * values (test/pipeline/analyse/stats/columnMatrix.test.ts checks this to the last bit).
 *
 * @example
 * const X = ColumnMatrix.ofRows([[1, 0], [1, 1], [1, 2], [1, 3]]);
 * new QrDecomposition(X).solve(ColumnMatrix.ofColumn([1, 3, 5, 8])).to1DArray(); // ≈ [0.8, 2.3], as ml-matrix solves it
 */
import { AbstractMatrix } from 'ml-matrix';

export class ColumnMatrix extends AbstractMatrix {
  override readonly rows: number;
  override readonly columns: number;
  /** Column k is entries k·rows to (k + 1)·rows − 1. */
  readonly data: Float64Array;

  constructor(rows: number, columns: number, data: Float64Array = new Float64Array(rows * columns)) {
    super();
    if (data.length !== rows * columns) throw new RangeError(`${data.length} values cannot fill ${rows} rows and ${columns} columns`);
    this.rows = rows;
    this.columns = columns;
    this.data = data;
  }

  /** The matrix whose rows are `rows` (each of the same length), or a copy of any ml-matrix matrix. */
  static ofRows(rows: ReadonlyArray<ArrayLike<number>> | AbstractMatrix): ColumnMatrix {
    if (rows instanceof AbstractMatrix) {
      const copy = new ColumnMatrix(rows.rows, rows.columns);
      for (let j = 0; j < rows.columns; j++) for (let i = 0; i < rows.rows; i++) copy.data[j * rows.rows + i] = rows.get(i, j);
      return copy;
    }
    const n = rows.length;
    const p = n ? rows[0]!.length : 0;
    const matrix = new ColumnMatrix(n, p);
    for (let i = 0; i < n; i++) {
      const row = rows[i]!;
      if (row.length !== p) throw new RangeError(`row ${i} has ${row.length} values for ${p} columns`);
      for (let j = 0; j < p; j++) matrix.data[j * n + i] = row[j]!;
    }
    return matrix;
  }

  /** A column vector of `values`. */
  static ofColumn(values: ArrayLike<number>): ColumnMatrix {
    return new ColumnMatrix(values.length, 1, Float64Array.from(values));
  }

  override get(row: number, column: number): number {
    return this.data[column * this.rows + row]!;
  }

  override set(row: number, column: number, value: number): this {
    this.data[column * this.rows + row] = value;
    return this;
  }

  override clone(): this {
    return new ColumnMatrix(this.rows, this.columns, this.data.slice()) as this;
  }
}
