/** An ml-matrix matrix kept by columns (pipeline/analyse/stats/columnMatrix.ts). */
import { describe, expect, it } from 'vitest';
import { Matrix, QrDecomposition } from 'ml-matrix';
import { ColumnMatrix } from '../../../../pipeline/analyse/stats/columnMatrix.ts';

let seed = 11;
const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
const design = Array.from({ length: 200 }, () => [1, random(), random() * 10, random() - 0.5, random() < 0.3 ? 1 : 0]);
const y = design.map((row) => row[1]! * 2 - row[2]! + random());

describe('ColumnMatrix', () => {
  it('holds the rows it was given, a column at a time, and reads back every entry', () => {
    const X = ColumnMatrix.ofRows(design);
    expect([X.rows, X.columns]).toEqual([200, 5]);
    expect(X.to2DArray()).toEqual(design);
    expect(Array.from(X.data.subarray(200, 203))).toEqual([design[0]![1], design[1]![1], design[2]![1]]);
    expect(ColumnMatrix.ofRows(new Matrix(design)).data).toEqual(X.data);
    expect(ColumnMatrix.ofColumn(y).to1DArray()).toEqual(y);
    expect(() => ColumnMatrix.ofRows([[1, 2], [3]])).toThrow(RangeError);
    expect(() => new ColumnMatrix(2, 2, new Float64Array(3))).toThrow(RangeError);
  });

  it('clones to the same values, in storage of its own', () => {
    const X = ColumnMatrix.ofRows(design);
    const copy = X.clone();
    expect(copy).toBeInstanceOf(ColumnMatrix);
    expect(copy.to2DArray()).toEqual(design);
    copy.set(0, 1, 99);
    expect(X.get(0, 1)).toBe(design[0]![1]);
  });

  it("gives ml-matrix's QR, solution and R to the last bit, as its doc comment says, and leaves the matrix as it was", () => {
    const plain = new QrDecomposition(new Matrix(design));
    const X = ColumnMatrix.ofRows(design);
    const byColumns = new QrDecomposition(X);
    const solution = (qr: QrDecomposition, b: Matrix) => qr.solve(b).to1DArray();
    const expected = solution(plain, Matrix.columnVector(y));
    const got = solution(byColumns, ColumnMatrix.ofColumn(y) as unknown as Matrix);
    for (let k = 0; k < expected.length; k++) expect(Object.is(got[k], expected[k])).toBe(true);
    const [rPlain, rColumns] = [plain.upperTriangularMatrix.to1DArray(), byColumns.upperTriangularMatrix.to1DArray()];
    for (let k = 0; k < rPlain.length; k++) expect(Object.is(rColumns[k], rPlain[k])).toBe(true);
    expect(X.to2DArray()).toEqual(design);
  });
});
