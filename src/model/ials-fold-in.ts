import { choleskyInPlace, choleskySolveInPlace } from '../core/cholesky.ts';
import type { Dense } from '../core/dense.ts';
import type { SparseRow } from './recommender.ts';
import { checkRow } from './check-row.ts';
import { rowRegularization } from './ials-sweep.ts';
import type { RegularizationScaling } from './ials-sweep.ts';

/** What fold-in needs from a fitted iALS model. */
export interface IalsFoldInModel {
  /** Y: items × k. */
  readonly itemFactors: Dense;
  /** YᵀY (k × k, row-major, no λ), computed once when the model is built. */
  readonly gram: Float64Array;
  readonly scaling: RegularizationScaling;
}

/**
 * Solves a new user's normal equations exactly, (YᵀY + λ_u I + Σ_j (c_j − 1)·y_j·y_jᵀ) x = Σ_j c_j·y_j, by
 * Cholesky. A folded-in user has no previous factors to warm-start CG from, and CG from zero needs close
 * to k steps for an exact answer, each costing k² + 4k·|library|: for a 200-item library and k = 64 that
 * is ~2.2M multiply-adds against ~0.5M for forming the matrix (k²/2 per item) plus a k³/6 factorisation,
 * and measured ~3x slower (see bench/ials-ease.bench.ts). Holds scratch buffers: one solver per model.
 */
export class IalsFoldIn {
  private readonly model: IalsFoldInModel;
  private readonly k: number;
  private readonly matrix: Float64Array;
  /** After solve(): the Cholesky factor of this row's matrix, for explain(). */
  private factored = false;

  constructor(model: IalsFoldInModel) {
    this.model = model;
    this.k = model.itemFactors.cols;
    this.matrix = new Float64Array(this.k * this.k);
  }

  /** Writes the user vector for `row` into x (k entries) and keeps the factor of its matrix. */
  solve(row: SparseRow, x: Float64Array): void {
    const { k, matrix } = this;
    const y = this.model.itemFactors.data;
    checkRow(row, this.model.itemFactors.rows);
    const { indices, values } = row;
    const lambda = rowRegularization(this.model.scaling, indices.length, this.model.itemFactors.rows);
    matrix.set(this.model.gram.subarray(0, k * k));
    for (let a = 0; a < k; a++) matrix[a * k + a] += lambda;
    // Lower triangle only (all choleskyInPlace reads), library items four at a time.
    let e = 0;
    for (; e + 4 <= indices.length; e += 4) {
      const w0 = values[e] - 1;
      const w1 = values[e + 1] - 1;
      const w2 = values[e + 2] - 1;
      const w3 = values[e + 3] - 1;
      const o0 = indices[e] * k;
      const o1 = indices[e + 1] * k;
      const o2 = indices[e + 2] * k;
      const o3 = indices[e + 3] * k;
      for (let a = 0; a < k; a++) {
        const v0 = w0 * y[o0 + a];
        const v1 = w1 * y[o1 + a];
        const v2 = w2 * y[o2 + a];
        const v3 = w3 * y[o3 + a];
        const ra = a * k;
        for (let b = 0; b <= a; b++) {
          matrix[ra + b] += v0 * y[o0 + b] + v1 * y[o1 + b] + v2 * y[o2 + b] + v3 * y[o3 + b];
        }
      }
    }
    for (; e < indices.length; e++) {
      const w = values[e] - 1;
      const o = indices[e] * k;
      for (let a = 0; a < k; a++) {
        const v = w * y[o + a];
        const ra = a * k;
        for (let b = 0; b <= a; b++) matrix[ra + b] += v * y[o + b];
      }
    }
    x.fill(0, 0, k);
    for (let t = 0; t < indices.length; t++) {
      const c = values[t];
      const o = indices[t] * k;
      for (let a = 0; a < k; a++) x[a] += c * y[o + a];
    }
    choleskyInPlace(matrix, k);
    choleskySolveInPlace(matrix, k, x);
    this.factored = true;
  }

  /**
   * Hu et al. 2008's explanation of score(item) = Σ_j s_ij·c_j with s_ij = y_iᵀ W y_j and W = (YᵀC_uY + λI)⁻¹
   * the inverse solved in solve(): one extra solve z = W·y_i, then contribution_j = c_j·(zᵀy_j). The
   * contributions sum to the score exactly.
   */
  explainInto(row: SparseRow, item: number, out: Float32Array): void {
    const { k, matrix } = this;
    const y = this.model.itemFactors.data;
    if (!this.factored) throw new RangeError('explainInto needs solve() on the same row first');
    if (!Number.isInteger(item) || item < 0 || item >= this.model.itemFactors.rows) {
      throw new RangeError(`item ${item} is outside the model's ${this.model.itemFactors.rows} items`);
    }
    const z = new Float64Array(k);
    for (let a = 0; a < k; a++) z[a] = y[item * k + a];
    choleskySolveInPlace(matrix, k, z);
    for (let t = 0; t < row.indices.length; t++) {
      const o = row.indices[t] * k;
      let s = 0;
      for (let a = 0; a < k; a++) s += z[a] * y[o + a];
      out[t] = row.values[t] * s;
    }
  }
}

/** The user vector a fitted model assigns to a library (pure: allocates its own scratch). */
export function foldInUser(model: IalsFoldInModel, row: SparseRow): Float32Array {
  const x = new Float64Array(model.itemFactors.cols);
  new IalsFoldIn(model).solve(row, x);
  return Float32Array.from(x);
}
