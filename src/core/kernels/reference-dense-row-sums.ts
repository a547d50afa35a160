import type { DenseRowSums } from './dense-row-sums.ts';

/**
 * The JavaScript kernel behind DenseRowSums: the reference the SIMD kernel is tested against, and what runs
 * where WebAssembly SIMD does not. Sums run in f64, rows four at a time so the sums are loaded and stored
 * once per four rows.
 */
export class ReferenceDenseRowSums implements DenseRowSums {
  readonly matrix: Float32Array;
  readonly n: number;
  readonly #sums: Float64Array;

  constructor(matrix: Float32Array, n: number) {
    this.matrix = matrix;
    this.n = n;
    this.#sums = new Float64Array(n);
  }

  sumRowsInto(rows: Int32Array, weights: Float32Array, count: number, out: Float32Array): void {
    const { matrix: B, n } = this;
    const s = this.#sums;
    s.fill(0);
    let t = 0;
    for (; t + 4 <= count; t += 4) {
      const o0 = rows[t] * n;
      const o1 = rows[t + 1] * n;
      const o2 = rows[t + 2] * n;
      const o3 = rows[t + 3] * n;
      const w0 = weights[t];
      const w1 = weights[t + 1];
      const w2 = weights[t + 2];
      const w3 = weights[t + 3];
      for (let c = 0; c < n; c++) s[c] += w0 * B[o0 + c] + w1 * B[o1 + c] + w2 * B[o2 + c] + w3 * B[o3 + c];
    }
    for (; t < count; t++) {
      const w = weights[t];
      const base = rows[t] * n;
      for (let c = 0; c < n; c++) s[c] += w * B[base + c];
    }
    for (let c = 0; c < n; c++) out[c] = s[c];
  }
}
