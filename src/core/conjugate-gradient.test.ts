import { describe, expect, it } from 'vitest';
import { choleskyInPlace, choleskySolveInPlace } from './cholesky.ts';
import { createCgWorkspace, implicitCgSolve } from './conjugate-gradient.ts';
import type { GramForm } from './conjugate-gradient.ts';
import { gramInto, transformRowsInPlace } from './dense.ts';
import type { Dense } from './dense.ts';
import { Random } from './random.ts';
import { tridiagonalizeInPlace } from './tridiagonalize.ts';

/** A random iALS row system: item factors Y (n × k), a library (indices, confidences) and λ. */
function randomSystem(n: number, k: number, library: number, seed: number) {
  const random = new Random(seed);
  const Y: Dense = { rows: n, cols: k, data: new Float32Array(n * k) };
  random.fillNormal(Y.data, 0.5);
  const picked = new Set<number>();
  while (picked.size < library) picked.add(random.nextInt(n));
  const indices = Int32Array.from([...picked].sort((a, b) => a - b));
  const confidence = Float32Array.from(indices, () => 1 + 9 * random.next());
  return { Y, indices, confidence, lambda: 0.1 + random.next() };
}

/** The exact solution by forming (YᵀY + λI + Σ (c−1) y yᵀ) and b = Σ c y explicitly. */
function choleskySolution(
  Y: Dense,
  indices: Int32Array,
  confidence: Float32Array,
  lambda: number,
): Float64Array {
  const k = Y.cols;
  const A = new Float64Array(k * k);
  gramInto(Y, A);
  const b = new Float64Array(k);
  for (let a = 0; a < k; a++) A[a * k + a] += lambda;
  indices.forEach((j, t) => {
    for (let a = 0; a < k; a++) {
      b[a] += confidence[t] * Y.data[j * k + a];
      for (let c = 0; c < k; c++) A[a * k + c] += (confidence[t] - 1) * Y.data[j * k + a] * Y.data[j * k + c];
    }
  });
  choleskyInPlace(A, k);
  choleskySolveInPlace(A, k, b);
  return b;
}

function fullGram(Y: Dense): GramForm {
  const values = new Float64Array(Y.cols * Y.cols);
  gramInto(Y, values);
  return { kind: 'full', values };
}

function solve(
  Y: Dense,
  indices: Int32Array,
  confidence: Float32Array,
  lambda: number,
  x: Float32Array,
  steps: number,
  gram = fullGram(Y),
): number {
  const row = { indices, confidence, start: 0, end: indices.length };
  return implicitCgSolve(gram, lambda, Y.data, row, x, 0, steps, createCgWorkspace(Y.cols));
}

function relativeError(x: Float32Array | Float64Array, exact: Float64Array): number {
  let d = 0;
  let n = 0;
  for (let a = 0; a < exact.length; a++) {
    d += (x[a] - exact[a]) ** 2;
    n += exact[a] ** 2;
  }
  return Math.sqrt(d / n);
}

describe('implicit conjugate gradient', () => {
  it('reaches the closed-form solution of diagonal and 2×2 systems', () => {
    // Y = I₂, both items observed with c = (3, 5), λ = 0.5: A = diag(3.5, 5.5), b = (3, 5).
    const identity: Dense = { rows: 2, cols: 2, data: Float32Array.of(1, 0, 0, 1) };
    const x = new Float32Array(2);
    solve(identity, Int32Array.of(0, 1), Float32Array.of(3, 5), 0.5, x, 2);
    expect(x[0]).toBeCloseTo(3 / 3.5, 6);
    expect(x[1]).toBeCloseTo(5 / 5.5, 6);
    // Y = [[1, 1], [0, 1]], only item 0 observed with c = 2, λ = 1: A = [[3, 2], [2, 4]], b = (2, 2), x = (1/2, 1/4).
    const skew: Dense = { rows: 2, cols: 2, data: Float32Array.of(1, 1, 0, 1) };
    const y = new Float32Array(2);
    solve(skew, Int32Array.of(0), Float32Array.of(2), 1, y, 2);
    expect(y[0]).toBeCloseTo(0.5, 6);
    expect(y[1]).toBeCloseTo(0.25, 6);
  });

  it('reaches the Cholesky solution from zero in k steps', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const { Y, indices, confidence, lambda } = randomSystem(60, 12, 7, seed);
      const x = new Float32Array(12);
      solve(Y, indices, confidence, lambda, x, 12);
      expect(relativeError(x, choleskySolution(Y, indices, confidence, lambda))).toBeLessThan(1e-5);
    }
  });

  it('lands within 1e-3 of the Cholesky solution in 3 steps when warm-started from the previous ALS solution', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const { Y, indices, confidence, lambda } = randomSystem(200, 16, 8, seed);
      const exact = choleskySolution(Y, indices, confidence, lambda);
      // The warm start is the solution for slightly different item factors, as after one ALS iteration.
      const previous: Dense = { ...Y, data: Y.data.map((v, i) => v * (1 + 0.01 * Math.sin(i))) };
      const x = Float32Array.from(choleskySolution(previous, indices, confidence, lambda));
      expect(relativeError(x, exact)).toBeGreaterThan(1e-3);
      solve(Y, indices, confidence, lambda, x, 3);
      expect(relativeError(x, exact), `seed ${seed}`).toBeLessThan(1e-3);
    }
  });

  it('gives the same solution with YᵀY tridiagonal after an orthogonal change of basis', () => {
    const { Y, indices, confidence, lambda } = randomSystem(80, 10, 6, 4);
    const exact = choleskySolution(Y, indices, confidence, lambda);
    const G = new Float64Array(100);
    gramInto(Y, G);
    const diagonal = new Float64Array(10);
    const offDiagonal = new Float64Array(10);
    const basis = new Float64Array(100);
    tridiagonalizeInPlace(G, 10, diagonal, offDiagonal, basis);
    const rotated: Dense = { ...Y, data: Y.data.slice() };
    transformRowsInPlace(rotated, 0, rotated.rows, basis, new Float64Array(40));
    const x = new Float32Array(10);
    solve(rotated, indices, confidence, lambda, x, 10, { kind: 'tridiagonal', diagonal, offDiagonal });
    // Back to the original basis: x = Q·x' with Qᵀ stored row-major in basis.
    const back = new Float32Array(10);
    for (let a = 0; a < 10; a++) for (let i = 0; i < 10; i++) back[a] += basis[i * 10 + a] * x[i];
    expect(relativeError(back, exact)).toBeLessThan(1e-5);
  });

  it("returns the row's objective at the starting point, Σ_i c_i(p_i − xᵀy_i)² + λ‖x‖² over all items", () => {
    const { Y, indices, confidence, lambda } = randomSystem(30, 5, 4, 9);
    const x0 = Float32Array.from({ length: 5 }, (_, a) => 0.3 * Math.cos(a));
    let expected = 0;
    for (let i = 0; i < 30; i++) {
      const t = indices.indexOf(i);
      const c = t >= 0 ? confidence[t] : 1;
      const p = t >= 0 ? 1 : 0;
      let s = 0;
      for (let a = 0; a < 5; a++) s += x0[a] * Y.data[i * 5 + a];
      expected += c * (p - s) ** 2;
    }
    for (const v of x0) expected += lambda * v * v;
    expect(solve(Y, indices, confidence, lambda, x0.slice(), 3)).toBeCloseTo(expected, 4);
  });

  it('drives a row with no observations to zero', () => {
    const { Y, lambda } = randomSystem(20, 4, 1, 3);
    const x = Float32Array.of(0.5, -0.2, 0.1, 0.3);
    solve(Y, new Int32Array(0), new Float32Array(0), lambda, x, 4);
    for (const v of x) expect(Math.abs(v)).toBeLessThan(1e-6);
  });
});
