import type { Csr } from '../csr.ts';
import { checkRowDots, type SparseDots } from './sparse-dots.ts';

/**
 * The JavaScript kernels behind SparseDots: the reference the SIMD kernels are tested against, and what runs
 * where WebAssembly SIMD does not. Sums run in f64, four libraries per pass over the rows (then two, then
 * one): the libraries of a pass share every index and weight read, ~2× faster than a pass each.
 */
export class ReferenceSparseDots implements SparseDots {
  readonly matrix: Csr;

  constructor(matrix: Csr) {
    this.matrix = matrix;
  }

  dotsInto(
    profiles: readonly Float64Array[],
    scales: ArrayLike<number>,
    outs: readonly Float32Array[],
  ): void {
    const { indptr, indices, data, cols } = this.matrix;
    for (let r = 0; r < profiles.length;) {
      const width = profiles.length - r >= 4 ? 4 : profiles.length - r >= 2 ? 2 : 1;
      const interleaved = new Float64Array(cols * width);
      for (let w = 0; w < width; w++) {
        const profile = profiles[r + w] as Float64Array;
        for (let f = 0; f < cols; f++) interleaved[f * width + w] = profile[f];
      }
      const o = (w: number): Float32Array => outs[r + w] as Float32Array;
      const s = (w: number): number => scales[r + w] as number;
      if (width === 4)
        dots4(indptr, indices, data, interleaved, s(0), s(1), s(2), s(3), o(0), o(1), o(2), o(3));
      else if (width === 2) dots2(indptr, indices, data, interleaved, s(0), s(1), o(0), o(1));
      else dots1(indptr, indices, data, interleaved, s(0), o(0));
      r += width;
    }
  }

  rowDotsInto(rows: Int32Array, targets: readonly number[], outs: readonly Float64Array[]): void {
    checkRowDots(this.matrix, rows, targets, outs);
    const { indptr, indices, data, cols } = this.matrix;
    targets.forEach((item, t) => {
      const target = new Float64Array(cols);
      for (let q = indptr[item]; q < indptr[item + 1]; q++) target[indices[q]] = data[q];
      const out = outs[t] as Float64Array;
      for (let k = 0; k < rows.length; k++) {
        const row = rows[k] as number;
        let dot = 0;
        const end = indptr[row + 1] as number;
        for (let p = indptr[row] as number; p < end; p++) dot += data[p] * target[indices[p]];
        out[k] = dot;
      }
    });
  }
}

// out_w[i] = s_w · (row i of the matrix) · profile_w for w < width, the profiles interleaved
// (profile[f·width + w]). One running position walks the contiguous rows and each row's end is read once:
// re-reading indptr[i + 1] in the loop test made the loop ~3× slower. Sums run in the same order for any
// width, so a library's scores do not depend on which others share its pass.

function dots1(
  indptr: Int32Array,
  indices: Int32Array,
  data: Float32Array,
  profile: Float64Array,
  s0: number,
  o0: Float32Array,
): void {
  const rows = indptr.length - 1;
  let p = indptr[0];
  for (let i = 0; i < rows; i++) {
    const end = indptr[i + 1];
    let d0 = 0;
    for (; p < end; p++) d0 += data[p] * profile[indices[p]];
    o0[i] = d0 * s0;
  }
}

function dots2(
  indptr: Int32Array,
  indices: Int32Array,
  data: Float32Array,
  profile: Float64Array,
  s0: number,
  s1: number,
  o0: Float32Array,
  o1: Float32Array,
): void {
  const rows = indptr.length - 1;
  let p = indptr[0];
  for (let i = 0; i < rows; i++) {
    const end = indptr[i + 1];
    let d0 = 0;
    let d1 = 0;
    for (; p < end; p++) {
      const v = data[p];
      const f = indices[p] << 1;
      d0 += v * profile[f];
      d1 += v * profile[f + 1];
    }
    o0[i] = d0 * s0;
    o1[i] = d1 * s1;
  }
}

function dots4(
  indptr: Int32Array,
  indices: Int32Array,
  data: Float32Array,
  profile: Float64Array,
  s0: number,
  s1: number,
  s2: number,
  s3: number,
  o0: Float32Array,
  o1: Float32Array,
  o2: Float32Array,
  o3: Float32Array,
): void {
  const rows = indptr.length - 1;
  let p = indptr[0];
  for (let i = 0; i < rows; i++) {
    const end = indptr[i + 1];
    let d0 = 0;
    let d1 = 0;
    let d2 = 0;
    let d3 = 0;
    for (; p < end; p++) {
      const v = data[p];
      const f = indices[p] << 2;
      d0 += v * profile[f];
      d1 += v * profile[f + 1];
      d2 += v * profile[f + 2];
      d3 += v * profile[f + 3];
    }
    o0[i] = d0 * s0;
    o1[i] = d1 * s1;
    o2[i] = d2 * s2;
    o3[i] = d3 * s3;
  }
}
