import { KernelMemory } from './kernel-memory.ts';
import { ReferenceDenseRowSums } from './reference-dense-row-sums.ts';

/** Weighted sums of rows of a dense n×n row-major matrix: EASE scores a library as r·B this way. */
export interface DenseRowSums {
  /** The matrix; with SIMD a view into the kernels' memory, the only copy kept. */
  readonly matrix: Float32Array;
  readonly n: number;
  /** out[c] = Σ_t weights[t] · matrix[rows[t]·n + c] for t < count and c < n. */
  sumRowsInto(rows: Int32Array, weights: Float32Array, count: number, out: Float32Array): void;
}

/**
 * DenseRowSums over `matrix` (n×n): the SIMD kernel where the engine has it, else the JavaScript reference.
 * For SIMD the matrix is copied into a memory of its own: the caller should keep `.matrix` and drop its own.
 */
export function denseRowSums(matrix: Float32Array, n: number): DenseRowSums {
  if (!(Number.isInteger(n) && n >= 0) || matrix.length !== n * n)
    throw new RangeError(`matrix holds ${matrix.length} values, expected ${n}²`);
  return SimdDenseRowSums.create(matrix, n) ?? new ReferenceDenseRowSums(matrix, n);
}

const MATRIX = 0;
const OUT = 1;
const ROWS = 2;
const WEIGHTS = 3;
/** Rows per kernel call: a multiple of 4, so chunking groups the rows as one call would. */
const CHUNK = 1024;

/** f32 sums, four rows per pass over the columns, four columns per instruction. */
class SimdDenseRowSums implements DenseRowSums {
  readonly matrix: Float32Array;
  readonly n: number;
  readonly #memory: KernelMemory;
  readonly #out: Float32Array;
  readonly #rows: Int32Array;
  readonly #weights: Float32Array;

  private constructor(matrix: Float32Array, n: number, memory: KernelMemory) {
    this.matrix = matrix;
    this.n = n;
    this.#memory = memory;
    this.#out = memory.float32(OUT, n);
    this.#rows = memory.int32(ROWS, CHUNK);
    this.#weights = memory.float32(WEIGHTS, CHUNK);
  }

  static create(source: Float32Array, n: number): SimdDenseRowSums | undefined {
    const memory = KernelMemory.create([n * n * 4, n * 4, CHUNK * 4, CHUNK * 4]);
    if (memory === undefined) return undefined;
    const matrix = memory.float32(MATRIX, n * n);
    matrix.set(source);
    return new SimdDenseRowSums(matrix, n, memory);
  }

  sumRowsInto(rows: Int32Array, weights: Float32Array, count: number, out: Float32Array): void {
    const n = this.n;
    if (!(count <= rows.length && count <= weights.length) || out.length < n)
      throw new RangeError(`${count} rows asked of ${rows.length} rows, ${weights.length} weights`);
    const memory = this.#memory;
    const kernels = memory.kernels;
    const at = (region: number): number => memory.offset(region);
    this.#out.fill(0);
    for (let from = 0; from < count; from += CHUNK) {
      const size = Math.min(CHUNK, count - from);
      for (let t = 0; t < size; t++) {
        const row = rows[from + t];
        // The kernel reads wherever a row number points: only rows of the matrix get through.
        if (!(row >= 0 && row < n)) throw new RangeError(`row ${row} is outside 0..${n - 1}`);
        this.#rows[t] = row;
        this.#weights[t] = weights[from + t];
      }
      kernels.denseRowSums(at(MATRIX), n, at(ROWS), at(WEIGHTS), size, at(OUT));
    }
    out.set(this.#out);
  }
}
