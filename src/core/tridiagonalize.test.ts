import { describe, expect, it } from 'vitest';
import { Random } from './random.ts';
import { tridiagonalizeInPlace } from './tridiagonalize.ts';

function randomSymmetric(n: number, seed: number): Float64Array {
  const r = new Random(seed);
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const v = r.normal();
      A[i * n + j] = v;
      A[j * n + i] = v;
    }
  }
  return A;
}

describe('tridiagonalizeInPlace', () => {
  it('finds an orthogonal Q with QᵀAQ tridiagonal', () => {
    for (const n of [1, 2, 3, 4, 9, 20]) {
      const A = randomSymmetric(n, n);
      const diagonal = new Float64Array(n);
      const off = new Float64Array(n);
      const Qt = new Float64Array(n * n);
      tridiagonalizeInPlace(A.slice(), n, diagonal, off, Qt);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let t = 0;
          let orth = 0;
          for (let a = 0; a < n; a++) {
            orth += Qt[i * n + a] * Qt[j * n + a];
            for (let b = 0; b < n; b++) t += Qt[i * n + a] * A[a * n + b] * Qt[j * n + b];
          }
          const expected = i === j ? diagonal[i] : j === i + 1 ? off[i] : i === j + 1 ? off[j] : 0;
          expect(t, `n ${n} (${i}, ${j})`).toBeCloseTo(expected, 10);
          expect(orth).toBeCloseTo(i === j ? 1 : 0, 12);
        }
      }
      expect(off[n - 1]).toBe(0);
    }
  });

  it('leaves an already tridiagonal matrix as it is', () => {
    const A = Float64Array.of(2, 1, 0, 1, 3, 4, 0, 4, 5);
    const diagonal = new Float64Array(3);
    const off = new Float64Array(3);
    const Qt = new Float64Array(9);
    tridiagonalizeInPlace(A.slice(), 3, diagonal, off, Qt);
    expect(Array.from(diagonal)).toEqual([2, 3, 5]);
    expect(Array.from(off)).toEqual([1, 4, 0]);
    expect(Array.from(Qt)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
  });
});
