import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Csr } from '../csr.ts';
import { Random } from '../random.ts';
import { KernelMemory } from './kernel-memory.ts';
import { ReferenceSparseDots } from './reference-sparse-dots.ts';
import { sparseDots } from './sparse-dots.ts';

/** rows × cols with each entry present with probability `density`, signed values, some rows empty. */
function randomCsr(rows: number, cols: number, density: number, seed: number): Csr {
  const random = new Random(seed);
  const indptr = new Int32Array(rows + 1);
  const indices: number[] = [];
  const data: number[] = [];
  for (let i = 0; i < rows; i++) {
    for (let f = 0; f < cols; f++) {
      if (random.next() < density) {
        indices.push(f);
        data.push(random.normal());
      }
    }
    indptr[i + 1] = indices.length;
  }
  return { rows, cols, indptr, indices: Int32Array.from(indices), data: Float32Array.from(data) };
}

function randomProfiles(count: number, cols: number, seed: number): Float64Array[] {
  const random = new Random(seed);
  return Array.from({ length: count }, () => Float64Array.from({ length: cols }, () => random.normal()));
}

function dots(
  kernels: { dotsInto: ReferenceSparseDots['dotsInto'] },
  rows: number,
  profiles: Float64Array[],
  scales: number[],
): Float32Array[] {
  const outs = profiles.map(() => new Float32Array(rows).fill(Number.NaN));
  kernels.dotsInto(profiles, scales, outs);
  return outs;
}

/**
 * SIMD sums are f32, the reference's f64: they may differ by the rounding of each of a row's terms, so the
 * bound is a few f32 ulps of Σ|term| (not of the possibly cancelling sum).
 */
function expectClose(actual: Float32Array[], matrix: Csr, profiles: Float64Array[], scales: number[]): void {
  const expected = dots(new ReferenceSparseDots(matrix), matrix.rows, profiles, scales);
  const { indptr, indices, data } = matrix;
  actual.forEach((out, w) => {
    const profile = profiles[w] as Float64Array;
    for (let i = 0; i < matrix.rows; i++) {
      let magnitude = 0;
      for (let p = indptr[i]; p < indptr[i + 1]; p++) magnitude += Math.abs(data[p] * profile[indices[p]]);
      const bound = (indptr[i + 1] - indptr[i] + 2) * 2 ** -23 * magnitude * Math.abs(scales[w] as number);
      expect(Math.abs(out[i] - (expected[w] as Float32Array)[i]), `lane ${w}, row ${i}`).toBeLessThanOrEqual(
        bound + 1e-30,
      );
    }
  });
}

describe('sparseDots (SIMD) against the JavaScript reference', () => {
  it('runs the SIMD kernels on this engine', () => {
    // Everything below compares SIMD with the reference only if this holds (Node ≥ 16.4 has SIMD).
    expect(KernelMemory.available()).toBe(true);
    expect(sparseDots(randomCsr(3, 3, 0.5, 1))).not.toBeInstanceOf(ReferenceSparseDots);
  });

  it('agrees for 1 to 11 libraries, row counts not multiples of 4, empty rows and zero profiles', () => {
    for (const [rows, cols, density] of [
      [1, 1, 1],
      [3, 5, 0.5],
      [7, 2, 0.3],
      [33, 17, 0.2],
      [101, 40, 0.05],
    ] as const) {
      const matrix = randomCsr(rows, cols, density, rows * 31 + cols);
      const kernels = sparseDots(matrix);
      for (let count = 1; count <= 11; count++) {
        const profiles = randomProfiles(count, cols, count);
        profiles[count - 1]?.fill(0); // a library with no features
        const scales = profiles.map((_, w) => (w === count - 1 ? 0 : 0.5 + w));
        expectClose(dots(kernels, rows, profiles, scales), matrix, profiles, scales);
      }
    }
  });

  it('scores every row 0 for a matrix with no entries, and handles a matrix with no rows', () => {
    const empty: Csr = {
      rows: 6,
      cols: 4,
      indptr: new Int32Array(7),
      indices: new Int32Array(0),
      data: new Float32Array(0),
    };
    const [out] = dots(sparseDots(empty), 6, randomProfiles(1, 4, 2), [1]);
    expect(Array.from(out as Float32Array)).toEqual([0, 0, 0, 0, 0, 0]);
    const none: Csr = {
      rows: 0,
      cols: 3,
      indptr: new Int32Array(1),
      indices: new Int32Array(0),
      data: new Float32Array(0),
    };
    expect(dots(sparseDots(none), 0, randomProfiles(5, 3, 3), [1, 1, 1, 1, 1])).toHaveLength(5);
  });

  it('gives a library the same scores, bit for bit, whichever libraries share its pass', () => {
    const matrix = randomCsr(57, 23, 0.3, 4);
    const kernels = sparseDots(matrix);
    const profiles = randomProfiles(8, 23, 5);
    const scales = [1, 2, 3, 4, 5, 6, 7, 8];
    const alone = profiles.map((p, w) => dots(kernels, 57, [p], [scales[w] as number])[0]);
    for (let count = 2; count <= 8; count++) {
      const together = dots(kernels, 57, profiles.slice(0, count), scales.slice(0, count));
      together.forEach((out, w) => expect(out).toEqual(alone[w]));
    }
  });

  it('keeps each matrix in its own memory: two alive at once, a larger one made after, both stay right', () => {
    const small = randomCsr(9, 6, 0.5, 6);
    const first = sparseDots(small);
    const large = randomCsr(3000, 300, 0.05, 7);
    const second = sparseDots(large);
    const smallProfiles = randomProfiles(3, 6, 8);
    const largeProfiles = randomProfiles(5, 300, 9);
    expectClose(dots(second, 3000, largeProfiles, [1, 1, 1, 1, 1]), large, largeProfiles, [1, 1, 1, 1, 1]);
    expectClose(dots(first, 9, smallProfiles, [1, 2, 3]), small, smallProfiles, [1, 2, 3]);
    expect(Array.from(first.matrix.data)).toEqual(Array.from(small.data));
    expect(Array.from(second.matrix.indices)).toEqual(Array.from(large.indices));
  });

  it('copies only the rows’ own entries when indptr starts past 0, and keeps the matrix unchanged', () => {
    const whole = randomCsr(10, 8, 0.5, 10);
    const offset = whole.indptr[3];
    const tail: Csr = { ...whole, rows: 7, indptr: whole.indptr.subarray(3) };
    const kernels = sparseDots(tail);
    expect(kernels.matrix.indptr[0]).toBe(0);
    expect(kernels.matrix.indices.length).toBe(whole.indices.length - offset);
    const profiles = randomProfiles(2, 8, 11);
    expectClose(dots(kernels, 7, profiles, [1, 1]), tail, profiles, [1, 1]);
  });

  it('refuses a matrix that points outside itself, and outputs of the wrong size', () => {
    const good = randomCsr(4, 5, 0.6, 12);
    const bad = (changes: Partial<Csr>): Csr => ({ ...good, ...changes });
    expect(() => sparseDots(bad({ indices: good.indices.map((f, p) => (p === 0 ? 5 : f)) }))).toThrow(
      /column 5/,
    );
    expect(() => sparseDots(bad({ indptr: Int32Array.of(0, 2, 1, 3, good.indices.length) }))).toThrow(
      /decreases/,
    );
    expect(() => sparseDots(bad({ indptr: Int32Array.of(0, 1, 2, 3, good.indices.length + 1) }))).toThrow(
      /spans/,
    );
    expect(() => sparseDots(bad({ indptr: new Int32Array(3) }))).toThrow(/indptr has 3/);
    const kernels = sparseDots(good);
    expect(() => kernels.dotsInto(randomProfiles(1, 5, 1), [1], [new Float32Array(3)])).toThrow(/slots/);
    expect(() => kernels.dotsInto(randomProfiles(1, 4, 1), [1], [new Float32Array(4)])).toThrow(/profile/);
  });
});

describe('rowDotsInto (some rows against up to 8 dense targets, in f64)', () => {
  it("gives the reference's doubles bit for bit, for listed rows in any order, past one chunk of rows", () => {
    const matrix = randomCsr(1500, 40, 0.2, 21);
    const simd = sparseDots(matrix);
    expect(simd).not.toBeInstanceOf(ReferenceSparseDots);
    const reference = new ReferenceSparseDots(matrix);
    const random = new Random(22);
    // 1,300 rows (more than the kernel's 1,024 per call), repeats and empty rows included.
    const rows = Int32Array.from({ length: 1300 }, () => random.nextInt(1500));
    for (const count of [1, 3, 8]) {
      // Targets are rows too; a repeat, and twice to check the kernel's scratch is left clean.
      const targets = Array.from({ length: count }, (_, t) => (t === 2 ? 0 : random.nextInt(1500)));
      for (let pass = 0; pass < 2; pass++) {
        const got = targets.map(() => new Float64Array(rows.length));
        const expected = targets.map(() => new Float64Array(rows.length));
        simd.rowDotsInto(rows, targets, got);
        reference.rowDotsInto(rows, targets, expected);
        got.forEach((out, t) => expect(Array.from(out)).toEqual(Array.from(expected[t] as Float64Array)));
      }
      // The reference is the plain sum of the two rows' products.
      const [first, target] = [rows[0] as number, targets[0] as number];
      const dense = new Float64Array(40);
      for (let q = matrix.indptr[target]; q < matrix.indptr[target + 1]; q++)
        dense[matrix.indices[q]] = matrix.data[q];
      let dot = 0;
      for (let p = matrix.indptr[first]; p < matrix.indptr[first + 1]; p++)
        dot += matrix.data[p] * dense[matrix.indices[p]];
      const alone = [new Float64Array(rows.length)];
      reference.rowDotsInto(rows, [target], alone);
      expect((alone[0] as Float64Array)[0]).toBe(dot);
    }
  });

  it('refuses more than 8 targets, a row outside the matrix and outputs of the wrong size', () => {
    const matrix = randomCsr(10, 6, 0.5, 24);
    for (const kernels of [sparseDots(matrix), new ReferenceSparseDots(matrix)]) {
      const rows = Int32Array.of(0, 9);
      const out = (n: number): Float64Array[] => [new Float64Array(n)];
      const nine = [0, 1, 2, 3, 4, 5, 6, 7, 8];
      expect(() => kernels.rowDotsInto(rows, nine, randomProfiles(9, 2, 1))).toThrow(/at most 8/);
      expect(() => kernels.rowDotsInto(Int32Array.of(10), [1], out(1))).toThrow(/row 10/);
      expect(() => kernels.rowDotsInto(rows, [1], out(3))).toThrow(/slots/);
      expect(() => kernels.rowDotsInto(rows, [10], out(2))).toThrow(/target 10/);
    }
  });
});

describe('sparseDots without WebAssembly', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('falls back to the JavaScript reference', () => {
    vi.stubGlobal('WebAssembly', undefined);
    const matrix = randomCsr(20, 9, 0.3, 13);
    const kernels = sparseDots(matrix);
    expect(kernels).toBeInstanceOf(ReferenceSparseDots);
    expect(kernels.matrix).toBe(matrix);
  });
});
