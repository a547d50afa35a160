import { choleskyInPlace, choleskySolveInPlace } from '../core/cholesky.ts';
import { weightedGramInto } from '../core/dense.ts';
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
 * Cholesky on the explicitly formed k×k matrix. Why not CG: a folded-in user has no previous factors to
 * warm-start from, and from zero CG needs ~16 steps (k² + 4k·|library| each) to match Cholesky's accuracy.
 * Measured for a 200-item library, k = 64, 3,500 items (bench/ials-ease.bench.ts): Cholesky 568 µs (exact;
 * forming the matrix, k²/2 per library item, dominates), CG-8 518 µs but 3e-4 relative error, CG-16 967 µs.
 * Cholesky's cost does not depend on conditioning, and its factor serves explain() too. Holds scratch
 * buffers: one solver per model, not shared between concurrent callers.
 */
export class IalsFoldIn {
  private readonly model: IalsFoldInModel;
  private readonly k: number;
  private readonly matrix: Float64Array;
  private weights = new Float64Array(256);
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
    if (this.weights.length < row.indices.length) this.weights = new Float64Array(2 * row.indices.length);
    const { indices, values } = row;
    const lambda = rowRegularization(this.model.scaling, indices.length, this.model.itemFactors.rows);
    // A = YᵀY + λ_u·I + Yᵀ(C_u − I)Y, the last term as the Gram matrix of the library rows weighted by c − 1.
    for (let t = 0; t < indices.length; t++) this.weights[t] = values[t] - 1;
    weightedGramInto(this.model.itemFactors, indices, this.weights, matrix);
    const gram = this.model.gram;
    for (let t = 0; t < k * k; t++) matrix[t] += gram[t];
    for (let a = 0; a < k; a++) matrix[a * k + a] += lambda;
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
