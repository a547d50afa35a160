import type { Csr } from '../csr.ts';
import { KernelMemory } from './kernel-memory.ts';
import { ReferenceSparseDots } from './reference-sparse-dots.ts';

/**
 * A sparse matrix scored against several dense profiles: out_w[i] = s_w · (row i) · profile_w. Content
 * scores a group's libraries this way, the whole catalog per pass.
 */
export interface SparseDots {
  /** The matrix; with SIMD its arrays are views into the kernels' memory, the only copy kept. */
  readonly matrix: Csr;
  /** outs[w][i] = scales[w] · Σ_p data[p] · profiles[w][indices[p]] over row i, for each profile w. */
  dotsInto(profiles: readonly Float64Array[], scales: ArrayLike<number>, outs: readonly Float32Array[]): void;
  /**
   * outs[t][k] = (row rows[k]) · (row targets[t]), both rows of this matrix, in f64, summed in the order of
   * row rows[k]'s nonzeros (up to 8 targets): some rows against a few items, as Content's explanations need.
   */
  rowDotsInto(rows: Int32Array, targets: readonly number[], outs: readonly Float64Array[]): void;
}

/** The most targets one rowDotsInto call takes. */
export const ROW_DOT_TARGETS = 8;

/** Checks rowDotsInto's arguments against a matrix. */
export function checkRowDots(
  matrix: Csr,
  rows: Int32Array,
  targets: readonly number[],
  outs: readonly Float64Array[],
): void {
  if (targets.length > ROW_DOT_TARGETS || outs.length !== targets.length)
    throw new RangeError(`${targets.length} targets (at most ${ROW_DOT_TARGETS}), ${outs.length} outputs`);
  for (const target of targets)
    if (!(Number.isInteger(target) && target >= 0 && target < matrix.rows))
      throw new RangeError(`target ${target} is outside rows 0..${matrix.rows - 1}`);
  for (const out of outs)
    if (out.length !== rows.length)
      throw new RangeError(`out has ${out.length} slots for ${rows.length} rows`);
  for (const row of rows)
    if (!(row >= 0 && row < matrix.rows)) throw new RangeError(`row ${row} is outside 0..${matrix.rows - 1}`);
}

/**
 * SparseDots over `matrix`: the SIMD kernels where the engine has them, else the JavaScript reference. The
 * matrix is checked first (the kernels read memory at the offsets it names) and, for SIMD, copied into a
 * memory of its own: the caller should keep `.matrix` and drop its own arrays.
 */
export function sparseDots(matrix: Csr): SparseDots {
  checkCsr(matrix);
  return SimdSparseDots.create(matrix) ?? new ReferenceSparseDots(matrix);
}

const INDPTR = 0;
const INDICES = 1;
const DATA = 2;
const PROFILE = 3;
const SCALES = 4;
const OUT = 5;
const ROW_PROFILE = 6;
const ROW_LIST = 7;
const ROW_OUT = 8;
/** Rows per rowDots kernel call (a library longer than this takes several). */
const ROW_CHUNK = 1024;

/**
 * Up to 8 libraries per pass: sparseDots8 for 5–8 (two v128 of profile per nonzero), sparseDots4 for 1–4,
 * unused lanes zero. Sums are f32; a lane's arithmetic is the same in either kernel, so a library's scores
 * do not depend on which others share its pass. A caller that chains more kernels after the scores (the
 * group path, pool-fits.ts) asks for regions of its own in the same memory and reads the planes in place.
 */
export class SimdSparseDots implements SparseDots {
  /** The first region id left for the caller's extra regions. */
  static readonly FIRST_EXTRA_REGION = ROW_OUT + 1;
  readonly matrix: Csr;
  readonly memory: KernelMemory;
  readonly #profile: Float32Array;
  readonly #scales: Float32Array;
  readonly #planes: Float32Array[];

  private constructor(matrix: Csr, memory: KernelMemory) {
    this.matrix = matrix;
    this.memory = memory;
    this.#profile = memory.float32(PROFILE, matrix.cols * 8);
    this.#scales = memory.float32(SCALES, 8);
    this.#planes = Array.from({ length: 8 }, (_, w) => memory.float32(OUT, matrix.rows, w * matrix.rows));
  }

  /** A copy of `source` in a memory of its own, with `extraRegions` (byte lengths) after the kernel's. */
  static create(source: Csr, extraRegions: readonly number[] = []): SimdSparseDots | undefined {
    const { rows, cols, indptr } = source;
    const nonzeros = indptr[rows] - indptr[0];
    const memory = KernelMemory.create([
      (rows + 1) * 4,
      nonzeros * 4,
      nonzeros * 4,
      cols * 8 * 4,
      8 * 4,
      rows * 8 * 4,
      cols * ROW_DOT_TARGETS * 8,
      ROW_CHUNK * 4,
      ROW_CHUNK * ROW_DOT_TARGETS * 8,
      ...extraRegions,
    ]);
    if (memory === undefined) return undefined;
    // Only the rows' own nonzeros are copied, so indptr is rebased to start at 0.
    const start = indptr[0];
    const ownIndptr = memory.int32(INDPTR, rows + 1);
    for (let i = 0; i <= rows; i++) ownIndptr[i] = indptr[i] - start;
    const indices = memory.int32(INDICES, nonzeros);
    indices.set(source.indices.subarray(start, start + nonzeros));
    const data = memory.float32(DATA, nonzeros);
    data.set(source.data.subarray(start, start + nonzeros));
    return new SimdSparseDots({ rows, cols, indptr: ownIndptr, indices, data }, memory);
  }

  dotsInto(
    profiles: readonly Float64Array[],
    scales: ArrayLike<number>,
    outs: readonly Float32Array[],
  ): void {
    const { rows, cols } = this.matrix;
    if (scales.length !== profiles.length || outs.length !== profiles.length)
      throw new RangeError(`${profiles.length} profiles, ${scales.length} scales, ${outs.length} outputs`);
    for (const profile of profiles) {
      if (profile.length !== cols)
        throw new RangeError(`profile has ${profile.length} entries, need ${cols}`);
    }
    for (const out of outs) {
      if (out.length !== rows) throw new RangeError(`out has ${out.length} slots, need ${rows}`);
    }
    for (let r = 0; r < profiles.length;) {
      const used = this.pass(profiles, scales, r);
      for (let w = 0; w < used; w++) (outs[r + w] as Float32Array).set(this.#planes[w] as Float32Array);
      r += used;
    }
  }

  rowDotsInto(rows: Int32Array, targets: readonly number[], outs: readonly Float64Array[]): void {
    checkRowDots(this.matrix, rows, targets, outs);
    const memory = this.memory;
    const { cols, indptr, indices, data } = this.matrix;
    const lanes = ROW_DOT_TARGETS;
    // The targets scattered into their lanes of the (otherwise zero) profile, and cleared after.
    const profile = memory.float64(ROW_PROFILE, cols * lanes);
    const scatter = (clear: boolean): void =>
      targets.forEach((target, t) => {
        for (let q = indptr[target] as number; q < (indptr[target + 1] as number); q++)
          profile[(indices[q] as number) * lanes + t] = clear ? 0 : (data[q] as number);
      });
    scatter(false);
    const at = (region: number): number => memory.offset(region);
    for (let from = 0; from < rows.length; from += ROW_CHUNK) {
      const count = Math.min(ROW_CHUNK, rows.length - from);
      memory.int32(ROW_LIST, count).set(rows.subarray(from, from + count));
      memory.kernels.rowDots(
        at(INDPTR),
        at(INDICES),
        at(DATA),
        at(ROW_LIST),
        count,
        at(ROW_PROFILE),
        at(ROW_OUT),
      );
      const out = memory.float64(ROW_OUT, count * lanes);
      for (let t = 0; t < targets.length; t++) {
        const target = outs[t] as Float64Array;
        for (let k = 0; k < count; k++) target[from + k] = out[k * lanes + t] as number;
      }
    }
    scatter(true);
  }

  /**
   * Scores profiles r, r + 1, … (up to 8 of them, whose lengths the caller checked) into planes 0, 1, … and
   * returns how many it took. The planes are overwritten by the next pass.
   */
  pass(profiles: readonly Float64Array[], scales: ArrayLike<number>, r: number): number {
    const { rows, cols } = this.matrix;
    const memory = this.memory;
    const interleaved = this.#profile;
    const lanes = profiles.length - r > 4 ? 8 : 4;
    const used = Math.min(lanes, profiles.length - r);
    for (let w = 0; w < lanes; w++) {
      const profile = w < used ? (profiles[r + w] as Float64Array) : undefined;
      if (profile === undefined) for (let f = 0; f < cols; f++) interleaved[f * lanes + w] = 0;
      else for (let f = 0; f < cols; f++) interleaved[f * lanes + w] = profile[f];
      this.#scales[w] = w < used ? (scales[r + w] as number) : 0;
    }
    const kernel = lanes === 8 ? memory.kernels.sparseDots8 : memory.kernels.sparseDots4;
    const at = (region: number): number => memory.offset(region);
    kernel(at(INDPTR), at(INDICES), at(DATA), rows, at(PROFILE), at(SCALES), at(OUT));
    return used;
  }

  /** The byte offset of plane w (scores of the pass's w-th profile). */
  planeOffset(w: number): number {
    return this.memory.offset(OUT) + w * this.matrix.rows * 4;
  }
}

/** Refuses a matrix whose indptr or indices point outside its own arrays or columns. */
function checkCsr(matrix: Csr): void {
  const { rows, cols, indptr, indices, data } = matrix;
  if (!(Number.isInteger(rows) && rows >= 0 && Number.isInteger(cols) && cols >= 0))
    throw new RangeError(`matrix is ${rows}×${cols}`);
  if (indptr.length !== rows + 1)
    throw new RangeError(`indptr has ${indptr.length} entries for ${rows} rows`);
  if (indices.length !== data.length) throw new RangeError('indices and data differ in length');
  if (!(indptr[0] >= 0) || indptr[rows] > indices.length)
    throw new RangeError(`indptr spans ${indptr[0]}..${indptr[rows]} of ${indices.length} entries`);
  for (let i = 0; i < rows; i++) {
    if (indptr[i + 1] < indptr[i]) throw new RangeError(`indptr decreases at row ${i}`);
  }
  for (let p = indptr[0]; p < indptr[rows]; p++) {
    const f = indices[p];
    if (!(f >= 0 && f < cols)) throw new RangeError(`column ${f} at entry ${p} is outside 0..${cols - 1}`);
  }
}
