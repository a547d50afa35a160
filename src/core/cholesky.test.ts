import { describe, expect, it } from 'vitest';
import { choleskyInPlace, choleskySolveInPlace, invertSpdInPlace } from './cholesky.ts';
import { Random } from './random.ts';

/** XᵀX + I for a random X: symmetric positive definite. */
function randomSpd(n: number, seed: number): Float64Array {
  const random = new Random(seed);
  const m = n + 5;
  const X = new Float64Array(m * n);
  for (let i = 0; i < X.length; i++) X[i] = random.normal();
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = i === j ? 1 : 0;
      for (let r = 0; r < m; r++) s += X[r * n + i] * X[r * n + j];
      A[i * n + j] = s;
    }
  }
  return A;
}

function multiply(A: Float64Array, B: Float64Array, n: number): Float64Array {
  const C = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) C[i * n + j] += A[i * n + k] * B[k * n + j];
  return C;
}

describe('Cholesky', () => {
  it('factors and solves a hand-computed 2×2 system', () => {
    // A = [[4, 2], [2, 3]] = LLᵀ with L = [[2, 0], [1, √2]]; A·[0.5, 0] = [2, 1].
    const L = Float64Array.of(4, 2, 2, 3);
    choleskyInPlace(L, 2);
    expect(L[0]).toBeCloseTo(2, 14);
    expect(L[2]).toBeCloseTo(1, 14);
    expect(L[3]).toBeCloseTo(Math.SQRT2, 14);
    const b = Float64Array.of(2, 1);
    choleskySolveInPlace(L, 2, b);
    expect(b[0]).toBeCloseTo(0.5, 14);
    expect(b[1]).toBeCloseTo(0, 14);
  });

  it('factors and inverts a hand-computed 3×3 matrix', () => {
    // The classic example: L = [[2, 0, 0], [6, 1, 0], [−8, 5, 3]]; the inverse worked out by hand from L⁻¹.
    const A = Float64Array.of(4, 12, -16, 12, 37, -43, -16, -43, 98);
    const L = A.slice();
    choleskyInPlace(L, 3);
    expect([L[0], L[3], L[4], L[6], L[7], L[8]].map((v) => Math.round(v * 1e12) / 1e12)).toEqual([
      2, 6, 1, -8, 5, 3,
    ]);
    const inverse = A.slice();
    invertSpdInPlace(inverse, 3);
    const expected = [1777 / 36, -122 / 9, 19 / 9, -122 / 9, 34 / 9, -5 / 9, 19 / 9, -5 / 9, 1 / 9];
    expected.forEach((v, i) => expect(inverse[i]).toBeCloseTo(v, 10));
  });

  it('solves and inverts random SPD matrices of every block remainder', () => {
    for (const n of [1, 2, 3, 4, 5, 6, 7, 9, 17, 38]) {
      const A = randomSpd(n, n);
      const inverse = A.slice();
      invertSpdInPlace(inverse, n);
      const I = multiply(A, inverse, n);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) expect(I[i * n + j]).toBeCloseTo(i === j ? 1 : 0, 9);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) expect(inverse[i * n + j]).toBe(inverse[j * n + i]);

      const L = A.slice();
      choleskyInPlace(L, n);
      const b = Float64Array.from({ length: n }, (_, i) => i - n / 3);
      const x = b.slice();
      choleskySolveInPlace(L, n, x);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += A[i * n + j] * x[j];
        expect(s).toBeCloseTo(b[i], 9);
      }
    }
  });

  it('reads only the lower triangle of its input', () => {
    const A = randomSpd(6, 1);
    const garbled = A.slice();
    for (let i = 0; i < 6; i++) for (let j = i + 1; j < 6; j++) garbled[i * 6 + j] = 1e6;
    invertSpdInPlace(A, 6);
    invertSpdInPlace(garbled, 6);
    expect(garbled).toEqual(A);
  });

  it('throws RangeError for a matrix that is not positive definite or a wrong size', () => {
    expect(() => choleskyInPlace(Float64Array.of(1, 2, 2, 1), 2)).toThrow(/not positive definite/);
    expect(() => invertSpdInPlace(Float64Array.of(0, 0, 0, 1), 2)).toThrow(RangeError);
    expect(() => invertSpdInPlace(new Float64Array(3), 2)).toThrow(RangeError);
  });
});
