import { invertSpdInPlace } from '../core/cholesky.ts';
import type { Csr } from '../core/csr.ts';
import { denseRowSums, type DenseRowSums } from '../core/kernels/dense-row-sums.ts';
import { checkRow } from './check-row.ts';
import type { ModelParts, ProgressListener, Recommender, SparseRow, Trainer } from './recommender.ts';
import { checkOutputs, gatherInto, type ScoringSession } from './scoring-session.ts';

/**
 * EASE (Steck 2019, "Embarrassingly Shallow Autoencoders for Sparse Data"): the item-item weight matrix B
 * minimising ‖X − XB‖² + λ‖B‖² subject to diag(B) = 0 has the closed form
 *   G = XᵀX + λI,  P = G⁻¹,  B_ij = −P_ij / P_jj (i ≠ j),  B_jj = 0,
 * and a user's scores are r·B for their library row r. The n×n inverse costs ~n³ multiply-adds, so the
 * model covers only the items with at least minUsersPerItem users, at most maxItems of them (the most
 * popular). Items outside the model score −Infinity ("cannot be ranked": top-k never returns them) and
 * contribute nothing as library entries.
 */

/** EASE hyperparameters; every field has a default. */
export interface EaseOptions {
  /** λ, the L2 penalty added to the diagonal of XᵀX. */
  readonly lambda?: number;
  /** Items with fewer users than this are left out of the model. */
  readonly minUsersPerItem?: number;
  /** At most this many items (the most popular) are modelled: training time grows with its cube. */
  readonly maxItems?: number;
  /** 'binary': X_ui = 1 for every library entry; 'confidence': X_ui = the matrix value. */
  readonly weighting?: 'binary' | 'confidence';
}

const DEFAULTS: Required<EaseOptions> = {
  lambda: 500,
  minUsersPerItem: 5,
  maxItems: 2000,
  weighting: 'binary',
};

/** A fitted EASE model. */
export class Ease implements Recommender {
  readonly algorithm = 'ease';
  readonly itemCount: number;
  readonly options: Required<EaseOptions>;
  /** Modelled items, ascending: model column m is item items[m]. */
  readonly items: Int32Array;
  /** B, items.length² row-major: row m holds the weights from modelled item m to every modelled item. */
  readonly weights: Float32Array;
  /** Model column of each item, or −1 for an item outside the model. */
  private readonly position: Int32Array;
  /** r·B over the modelled items: the SIMD kernel where the engine has it (it holds B). */
  private readonly rowSums: DenseRowSums;
  private readonly scratch: Float32Array;

  /** The modelled items: every other item scores −Infinity. */
  get rankedItems(): Int32Array {
    return this.items;
  }
  /** Per-call scratch: each modelled library entry's row of B and its weight. */
  private modelRows = new Int32Array(64);
  private rowWeights = new Float32Array(64);

  constructor(itemCount: number, items: Int32Array, weights: Float32Array, options: Required<EaseOptions>) {
    const n = items.length;
    if (weights.length !== n * n)
      throw new RangeError(`EASE weights hold ${weights.length} values, expected ${n}²`);
    this.itemCount = itemCount;
    // A copy: items is often a view into a loaded artifact's bytes, which it would otherwise keep alive
    // (B, the bulk of them, is copied into the kernel's memory below).
    this.items = items.slice();
    this.options = options;
    this.position = new Int32Array(itemCount).fill(-1);
    for (let m = 0; m < n; m++) {
      const item = items[m];
      if (!(item >= 0 && item < itemCount) || (m > 0 && item <= items[m - 1])) {
        throw new RangeError(`EASE items must ascend within [0, ${itemCount}), found ${item} at ${m}`);
      }
      this.position[item] = m;
    }
    this.rowSums = denseRowSums(weights, n);
    // B lives where the kernel reads it (WebAssembly memory with SIMD): the caller's copy can be freed.
    this.weights = this.rowSums.matrix;
    this.scratch = new Float32Array(n);
  }

  /** Rebuilds a model from toParts() output; throws RangeError on inconsistent parts. */
  static fromParts(parts: ModelParts): Ease {
    if (parts.algorithm !== 'ease') throw new RangeError(`parts are for '${parts.algorithm}', not 'ease'`);
    const { items, weights } = parts.blocks;
    const itemCount = parts.params.itemCount;
    if (!(items instanceof Int32Array) || !(weights instanceof Float32Array)) {
      throw new RangeError('ease parts need an int32 items block and a float32 weights block');
    }
    if (typeof itemCount !== 'number' || !Number.isInteger(itemCount) || itemCount < 0) {
      throw new RangeError(`ease parts have an invalid itemCount ${String(itemCount)}`);
    }
    return new Ease(itemCount, items, weights, resolveOptions(parts.params as EaseOptions));
  }

  scoreInto(row: SparseRow, out: Float32Array): void {
    if (out.length < this.itemCount)
      throw new RangeError(`out holds ${out.length} scores, need ${this.itemCount}`);
    checkRow(row, this.itemCount);
    const { scratch: s, position, items } = this;
    const n = items.length;
    const binary = this.options.weighting === 'binary';
    if (this.modelRows.length < row.indices.length) {
      this.modelRows = new Int32Array(row.indices.length);
      this.rowWeights = new Float32Array(row.indices.length);
    }
    const { modelRows, rowWeights } = this;
    let count = 0;
    for (let t = 0; t < row.indices.length; t++) {
      const m = position[row.indices[t]];
      if (m < 0) continue;
      modelRows[count] = m;
      rowWeights[count++] = binary ? 1 : row.values[t];
    }
    this.rowSums.sumRowsInto(modelRows, rowWeights, count, s);
    out.fill(-Infinity, 0, this.itemCount);
    for (let c = 0; c < n; c++) out[items[c]] = s[c];
  }

  /**
   * scoreInto and explain for several libraries, each checked and mapped to B's rows once: a group request
   * explains a dozen games per member, and each explain call re-checked and re-mapped the whole library.
   */
  session(rows: readonly SparseRow[]): ScoringSession {
    for (const row of rows) checkRow(row, this.itemCount);
    const n = this.items.length;
    const binary = this.options.weighting === 'binary';
    // Per row: each entry's row of B (−1 outside the model) and its weight.
    const mapped = rows.map((row) => {
      const rowOf = new Int32Array(row.indices.length);
      for (let t = 0; t < rowOf.length; t++) rowOf[t] = this.position[row.indices[t] as number] as number;
      return { rowOf, weights: binary ? undefined : row.values };
    });
    return {
      scoreInto: (outs, columns) => {
        checkOutputs(rows.length, this.itemCount, outs, columns);
        const full = columns === undefined ? undefined : new Float32Array(this.itemCount);
        rows.forEach((row, r) => {
          const out = outs[r] as Float32Array;
          if (full === undefined || columns === undefined) this.scoreInto(row, out);
          else {
            this.scoreInto(row, full);
            gatherInto(full, columns, out);
          }
        });
      },
      explain: (r, item) => {
        const entry = mapped[r];
        if (entry === undefined) throw new RangeError(`no row ${r} in this session`);
        if (!Number.isInteger(item) || item < 0 || item >= this.itemCount)
          throw new RangeError(`item ${item} is outside the model's ${this.itemCount} items`);
        const out = new Float32Array(entry.rowOf.length);
        const target = this.position[item] as number;
        if (target < 0) return out;
        const { rowOf, weights } = entry;
        const b = this.weights;
        for (let t = 0; t < rowOf.length; t++) {
          const m = rowOf[t] as number;
          if (m >= 0)
            out[t] = (weights === undefined ? 1 : (weights[t] as number)) * (b[m * n + target] as number);
        }
        return out;
      },
    };
  }

  /** contribution_j = r_j·B[j][item]: the scores are exactly the sums of these. */
  explain(row: SparseRow, item: number): Float32Array {
    return this.session([row]).explain(0, item);
  }

  toParts(): ModelParts {
    return {
      algorithm: this.algorithm,
      params: { ...this.options, itemCount: this.itemCount },
      blocks: { items: this.items, weights: this.weights },
    };
  }
}

/** Trains EASE models. */
export class EaseTrainer implements Trainer {
  readonly algorithm = 'ease';
  readonly options: Required<EaseOptions>;

  constructor(options: EaseOptions = {}) {
    this.options = resolveOptions(options);
  }

  /** Fits on a users × items matrix; progress reports the three stages (Gram, inverse, weights). */
  fit(matrix: Csr, onProgress?: ProgressListener): Ease {
    const started = performance.now();
    const report = (step: number, message: string): void =>
      onProgress?.({ step, total: 3, message, elapsedMs: performance.now() - started });
    const items = selectItems(matrix, this.options);
    const n = items.length;
    const G = gramOfColumns(matrix, items, this.options.weighting === 'binary');
    for (let i = 0; i < n; i++) G[i * n + i] += this.options.lambda;
    report(1, `EASE: Gram matrix of ${n} items`);
    // P = G⁻¹; G is positive definite because λ > 0 is on its diagonal.
    invertSpdInPlace(G, n);
    report(2, `EASE: inverted ${n}x${n}`);
    const B = new Float32Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) if (i !== j) B[i * n + j] = -G[i * n + j] / G[j * n + j];
    }
    report(3, `EASE: weights ready`);
    return new Ease(matrix.cols, items, B, this.options);
  }
}

function resolveOptions(options: EaseOptions): Required<EaseOptions> {
  const resolved: Required<EaseOptions> = {
    lambda: options.lambda ?? DEFAULTS.lambda,
    minUsersPerItem: options.minUsersPerItem ?? DEFAULTS.minUsersPerItem,
    maxItems: options.maxItems ?? DEFAULTS.maxItems,
    weighting: options.weighting ?? DEFAULTS.weighting,
  };
  if (!(resolved.lambda > 0) || !Number.isFinite(resolved.lambda)) {
    throw new RangeError(`EASE lambda must be a finite number > 0, got ${resolved.lambda}`);
  }
  for (const key of ['minUsersPerItem', 'maxItems'] as const) {
    if (!Number.isInteger(resolved[key]) || resolved[key] < 1) {
      throw new RangeError(`EASE ${key} must be a positive integer, got ${resolved[key]}`);
    }
  }
  if (resolved.weighting !== 'binary' && resolved.weighting !== 'confidence') {
    throw new RangeError(
      `EASE weighting must be 'binary' or 'confidence', got ${String(resolved.weighting)}`,
    );
  }
  return resolved;
}

/** Items with ≥ minUsersPerItem users, the maxItems most popular if more (ties to the lower index), ascending. */
function selectItems(matrix: Csr, options: Required<EaseOptions>): Int32Array {
  const users = new Int32Array(matrix.cols);
  for (let e = 0; e < matrix.indices.length; e++) users[matrix.indices[e]]++;
  let eligible: number[] = [];
  for (let i = 0; i < matrix.cols; i++) if (users[i] >= options.minUsersPerItem) eligible.push(i);
  if (eligible.length > options.maxItems) {
    eligible.sort((a, b) => users[b] - users[a] || a - b);
    eligible = eligible.slice(0, options.maxItems).sort((a, b) => a - b);
  }
  return Int32Array.from(eligible);
}

/** XᵀX over the selected columns (lower triangle filled: all invertSpdInPlace reads). */
function gramOfColumns(matrix: Csr, items: Int32Array, binary: boolean): Float64Array {
  const n = items.length;
  const position = new Int32Array(matrix.cols).fill(-1);
  for (let m = 0; m < n; m++) position[items[m]] = m;
  const G = new Float64Array(n * n);
  const cols = new Int32Array(matrix.cols);
  const vals = new Float64Array(matrix.cols);
  for (let u = 0; u < matrix.rows; u++) {
    let count = 0;
    for (let e = matrix.indptr[u]; e < matrix.indptr[u + 1]; e++) {
      const m = position[matrix.indices[e]];
      if (m < 0) continue;
      cols[count] = m;
      vals[count] = binary ? 1 : matrix.data[e];
      count++;
    }
    // Row indices ascend, and so do their model columns, so (a, b ≤ a) lands in the lower triangle.
    for (let a = 0; a < count; a++) {
      const row = cols[a] * n;
      const va = vals[a];
      for (let b = 0; b <= a; b++) G[row + cols[b]] += va * vals[b];
    }
  }
  return G;
}
