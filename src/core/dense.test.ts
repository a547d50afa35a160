import { describe, expect, it } from 'vitest';
import { axpy, createDense, dot, gramInto, gramRowsInto, matVecInto, transformRowsInPlace } from './dense.ts';
import type { Dense } from './dense.ts';
import { Random } from './random.ts';

function randomDense(rows: number, cols: number, seed: number): Dense {
  const m = createDense(rows, cols);
  new Random(seed).fillNormal(m.data, 1);
  return m;
}

describe('dense helpers', () => {
  it('computes YᵀY for shapes around every block size', () => {
    for (const [rows, cols] of [
      [0, 3],
      [1, 1],
      [3, 2],
      [5, 7],
      [129, 4],
      [300, 9],
      [257, 64],
    ]) {
      const Y = randomDense(rows, cols, rows + cols);
      const out = new Float64Array(cols * cols).fill(Number.NaN);
      gramInto(Y, out);
      for (let a = 0; a < cols; a++) {
        for (let b = 0; b < cols; b++) {
          let s = 0;
          for (let r = 0; r < rows; r++) s += Y.data[r * cols + a] * Y.data[r * cols + b];
          expect(out[a * cols + b]).toBeCloseTo(s, 9);
        }
      }
    }
  });

  it('splits YᵀY into row-range partial sums', () => {
    const Y = randomDense(50, 6, 1);
    const whole = new Float64Array(36);
    gramInto(Y, whole);
    const first = new Float64Array(36);
    const second = new Float64Array(36);
    gramRowsInto(Y, 0, 17, first);
    gramRowsInto(Y, 17, 50, second);
    for (let t = 0; t < 36; t++) expect(first[t] + second[t]).toBeCloseTo(whole[t], 10);
    expect(() => gramRowsInto(Y, 10, 51, first)).toThrow(RangeError);
  });

  it('transforms rows by M, with results independent of how the rows are split', () => {
    const A = randomDense(23, 5, 2);
    const M = new Float64Array(25);
    new Random(3).fillNormal(M, 1);
    const expected = new Float64Array(23 * 5);
    for (let r = 0; r < 23; r++) {
      for (let i = 0; i < 5; i++)
        for (let c = 0; c < 5; c++) expected[r * 5 + i] += M[i * 5 + c] * A.data[r * 5 + c];
    }
    const whole: Dense = { ...A, data: A.data.slice() };
    transformRowsInPlace(whole, 0, 23, M, new Float64Array(20));
    expected.forEach((v, t) => expect(whole.data[t]).toBeCloseTo(v, 5));
    const split: Dense = { ...A, data: A.data.slice() };
    for (const [from, to] of [
      [0, 6],
      [6, 7],
      [7, 23],
    ]) {
      transformRowsInPlace(split, from, to, M, new Float64Array(20));
    }
    expect(split.data).toEqual(whole.data);
  });

  it('multiplies a matrix by a vector, and computes dot products and axpy', () => {
    const A = randomDense(11, 6, 4);
    const x = Float64Array.from({ length: 6 }, (_, i) => i - 2.5);
    const out = new Float32Array(11);
    matVecInto(A, x, out);
    for (let r = 0; r < 11; r++) {
      let s = 0;
      for (let c = 0; c < 6; c++) s += A.data[r * 6 + c] * x[c];
      expect(out[r]).toBeCloseTo(s, 5);
      expect(dot(A.data, r * 6, x, 0, 6)).toBeCloseTo(s, 9);
    }
    const y = Float64Array.of(1, 1, 1);
    axpy(2, Float32Array.of(1, 2, 3), 0, y, 0, 3);
    expect(Array.from(y)).toEqual([3, 5, 7]);
    expect(() => matVecInto(A, new Float64Array(5), out)).toThrow(RangeError);
  });

  it('creates shared or private zero matrices and rejects bad shapes', () => {
    expect(createDense(2, 3, true).data.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(createDense(2, 3).data).toEqual(new Float32Array(6));
    expect(() => createDense(-1, 3)).toThrow(RangeError);
  });
});
