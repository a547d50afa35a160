import { afterEach, describe, expect, it, vi } from 'vitest';
import { Random } from '../random.ts';
import { denseRowSums } from './dense-row-sums.ts';
import { ReferenceDenseRowSums } from './reference-dense-row-sums.ts';

function randomMatrix(n: number, seed: number): Float32Array {
  const random = new Random(seed);
  return Float32Array.from({ length: n * n }, () => random.normal());
}

/** count row numbers below n (repeats allowed) with weights, some of them 0. */
function randomRows(count: number, n: number, seed: number): { rows: Int32Array; weights: Float32Array } {
  const random = new Random(seed);
  const rows = Int32Array.from({ length: count }, () => random.nextInt(n));
  const weights = Float32Array.from({ length: count }, (_, t) => (t % 5 === 4 ? 0 : 0.1 + 3 * random.next()));
  return { rows, weights };
}

function sums(
  kernels: ReferenceDenseRowSums | ReturnType<typeof denseRowSums>,
  rows: Int32Array,
  weights: Float32Array,
  count = rows.length,
): Float32Array {
  const out = new Float32Array(kernels.n).fill(Number.NaN);
  kernels.sumRowsInto(rows, weights, count, out);
  return out;
}

/** f32 sums against f64 ones: within a few f32 ulps of Σ|term| per column (terms may cancel). */
function expectClose(
  actual: Float32Array,
  matrix: Float32Array,
  n: number,
  rows: Int32Array,
  weights: Float32Array,
  count = rows.length,
): void {
  const expected = sums(new ReferenceDenseRowSums(matrix, n), rows, weights, count);
  for (let c = 0; c < n; c++) {
    let magnitude = 0;
    for (let t = 0; t < count; t++) magnitude += Math.abs(weights[t] * matrix[rows[t] * n + c]);
    expect(Math.abs(actual[c] - expected[c]), `column ${c}`).toBeLessThanOrEqual(
      (count + 2) * 2 ** -23 * magnitude,
    );
  }
}

describe('denseRowSums (SIMD) against the JavaScript reference', () => {
  it('runs the SIMD kernel on this engine', () => {
    expect(denseRowSums(new Float32Array(4), 2)).not.toBeInstanceOf(ReferenceDenseRowSums);
  });

  it('agrees for widths and row counts that are not multiples of 4', () => {
    for (const n of [1, 2, 3, 4, 5, 7, 8, 13, 64, 101]) {
      const matrix = randomMatrix(n, n);
      const kernels = denseRowSums(matrix, n);
      for (const count of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 17]) {
        const { rows, weights } = randomRows(count, n, n * 100 + count);
        expectClose(sums(kernels, rows, weights), matrix, n, rows, weights);
      }
    }
  });

  it('sums only the first `count` rows, and more rows than one kernel call takes', () => {
    const n = 6;
    const matrix = randomMatrix(n, 1);
    const kernels = denseRowSums(matrix, n);
    const { rows, weights } = randomRows(2600, n, 2);
    expectClose(sums(kernels, rows, weights), matrix, n, rows, weights);
    expectClose(sums(kernels, rows, weights, 1030), matrix, n, rows, weights, 1030);
  });

  it('gives an empty library all zeros', () => {
    const kernels = denseRowSums(randomMatrix(5, 3), 5);
    expect(Array.from(sums(kernels, new Int32Array(0), new Float32Array(0)))).toEqual([0, 0, 0, 0, 0]);
  });

  it('keeps each matrix in its own memory: two alive at once, a larger one made after, both stay right', () => {
    const small = randomMatrix(3, 4);
    const first = denseRowSums(small, 3);
    const large = randomMatrix(700, 5);
    const second = denseRowSums(large, 700);
    const a = randomRows(10, 3, 6);
    const b = randomRows(90, 700, 7);
    expectClose(sums(second, b.rows, b.weights), large, 700, b.rows, b.weights);
    expectClose(sums(first, a.rows, a.weights), small, 3, a.rows, a.weights);
    expect(first.matrix).toEqual(small);
    expect(second.matrix.every((x, k) => x === large[k])).toBe(true);
  });

  it('refuses rows outside the matrix and a matrix of the wrong size', () => {
    const kernels = denseRowSums(randomMatrix(4, 8), 4);
    expect(() => sums(kernels, Int32Array.of(0, 4), Float32Array.of(1, 1))).toThrow(/row 4/);
    expect(() => sums(kernels, Int32Array.of(-1), Float32Array.of(1))).toThrow(/row -1/);
    expect(() => kernels.sumRowsInto(Int32Array.of(0), Float32Array.of(1), 2, new Float32Array(4))).toThrow(
      /2 rows/,
    );
    expect(() => denseRowSums(new Float32Array(5), 2)).toThrow(/expected 2²/);
  });
});

describe('denseRowSums without WebAssembly', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('falls back to the JavaScript reference', () => {
    vi.stubGlobal('WebAssembly', undefined);
    const matrix = randomMatrix(3, 9);
    const kernels = denseRowSums(matrix, 3);
    expect(kernels).toBeInstanceOf(ReferenceDenseRowSums);
    expect(kernels.matrix).toBe(matrix);
  });
});
