/** A Matrix that copies itself a row at a time (pipeline/analyse/stats/rowCopyMatrix.ts). */
import { describe, expect, it } from 'vitest';
import { Matrix, QrDecomposition } from 'ml-matrix';
import { RowCopyMatrix, rowCopy } from '../../../../pipeline/analyse/stats/rowCopyMatrix.ts';

let seed = 11;
const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
const design = Array.from({ length: 200 }, () => [1, random(), random() * 10, random() - 0.5]);
const y = design.map((row) => row[1]! * 2 - row[2]! + random());

describe('RowCopyMatrix', () => {
  it('clones to the same values, in storage of its own', () => {
    const X = new RowCopyMatrix(design);
    const copy = X.clone();
    expect(copy).toBeInstanceOf(RowCopyMatrix);
    expect(copy.to2DArray()).toEqual(new Matrix(design).to2DArray());
    copy.set(0, 1, 99);
    expect(X.get(0, 1)).toBe(design[0]![1]);
  });

  it("gives ml-matrix's QR solution to the last bit, as its doc comment says", () => {
    const plain = new QrDecomposition(new Matrix(design)).solve(Matrix.columnVector(y)).to1DArray();
    const viaRows = new QrDecomposition(rowCopy(new Matrix(design))).solve(rowCopy(Matrix.columnVector(y))).to1DArray();
    expect(viaRows).toEqual(plain);
    for (let k = 0; k < plain.length; k++) expect(Object.is(viaRows[k], plain[k])).toBe(true);
  });

  it('views a matrix without copying it, and leaves it as it was through a decomposition', () => {
    const X = new Matrix(design);
    const view = rowCopy(X);
    expect(view.get(3, 2)).toBe(X.get(3, 2));
    expect(rowCopy(view)).toBe(view);
    new QrDecomposition(view);
    expect(X.to2DArray()).toEqual(new Matrix(design).to2DArray());
  });
});
