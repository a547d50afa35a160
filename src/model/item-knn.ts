import { transposeCsr, type Csr } from '../core/csr.ts';
import { checkItem, checkRow } from './check-row.ts';
import type { ModelParts, Recommender, SparseRow, Trainer } from './recommender.ts';

/**
 * `cosine`: cos(x_i, x_j) of the items' confidence columns. `bm25`: the dot product of BM25-weighted
 * columns, as implicit's BM25Recommender does: items are the documents and users the terms, so a user
 * who owns many games (a collector) carries a low idf and a game with a huge total confidence is
 * length-normalised. See bm25Weights.
 */
export type KnnSimilarity = 'cosine' | 'bm25';

export interface ItemKnnOptions {
  /** Neighbours kept per item (K); default 100. */
  readonly neighbours?: number;
  readonly similarity?: KnnSimilarity;
  /** BM25 saturation; default 1.2. */
  readonly bm25K1?: number;
  /** BM25 length normalisation in [0, 1]; default 0.75. */
  readonly bm25B?: number;
}

type ResolvedOptions = Required<ItemKnnOptions>;

const DEFAULTS: ResolvedOptions = { neighbours: 100, similarity: 'cosine', bm25K1: 1.2, bm25B: 0.75 };

/**
 * Item-based kNN: S[j, ·] holds item j's K most similar other items, and a user with library r gets
 * score_i = Σ_j r_j · S[j, i] (a library game votes for its neighbours in proportion to the user's
 * confidence in it). S is asymmetric after pruning, exactly like implicit's ItemItemRecommender.
 */
export class ItemKnn implements Recommender {
  readonly algorithm = 'item-knn';
  readonly itemCount: number;
  readonly similarity: Csr;
  readonly #options: ResolvedOptions;

  constructor(similarity: Csr, options: ItemKnnOptions = {}) {
    if (similarity.rows !== similarity.cols) throw new RangeError('an item similarity matrix must be square');
    this.similarity = similarity;
    this.itemCount = similarity.rows;
    this.#options = { ...DEFAULTS, ...options };
  }

  /** S[from, to]: how strongly `from` in a library votes for `to` (0 when `to` is not among its neighbours). */
  similarityOf(from: number, to: number): number {
    const { indptr, indices, data } = this.similarity;
    let lo = indptr[from];
    let hi = indptr[from + 1] - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (indices[mid] === to) return data[mid];
      if (indices[mid] < to) lo = mid + 1;
      else hi = mid - 1;
    }
    return 0;
  }

  scoreInto(row: SparseRow, out: Float32Array): void {
    if (out.length !== this.itemCount)
      throw new RangeError(`out has ${out.length} slots, model has ${this.itemCount} items`);
    checkRow(row, this.itemCount);
    out.fill(0);
    const { indptr, indices, data } = this.similarity;
    for (let k = 0; k < row.indices.length; k++) {
      const j = row.indices[k];
      const r = row.values[k];
      for (let p = indptr[j]; p < indptr[j + 1]; p++) out[indices[p]] += r * data[p];
    }
  }

  explain(row: SparseRow, item: number): Float32Array {
    checkRow(row, this.itemCount);
    checkItem(item, this.itemCount);
    const contributions = new Float32Array(row.indices.length);
    for (let k = 0; k < row.indices.length; k++)
      contributions[k] = row.values[k] * this.similarityOf(row.indices[k], item);
    return contributions;
  }

  toParts(): ModelParts {
    const { indptr, indices, data } = this.similarity;
    return {
      algorithm: this.algorithm,
      params: { ...this.#options, items: this.itemCount },
      blocks: { indptr: indptr.slice(), indices: indices.slice(), data: data.slice() },
    };
  }
}

/** Fits ItemKnn: all-pairs item similarities via sparse XᵀX, pruned to the top K per item. */
export class ItemKnnTrainer implements Trainer {
  readonly algorithm = 'item-knn';
  readonly #options: ResolvedOptions;

  constructor(options: ItemKnnOptions = {}) {
    const resolved = { ...DEFAULTS, ...options };
    if (!Number.isInteger(resolved.neighbours) || resolved.neighbours < 1) {
      throw new RangeError(`neighbours must be an integer ≥ 1, got ${resolved.neighbours}`);
    }
    if (resolved.similarity !== 'cosine' && resolved.similarity !== 'bm25') {
      throw new RangeError(`unknown similarity ${String(resolved.similarity)}`);
    }
    if (!(resolved.bm25K1 >= 0) || !(resolved.bm25B >= 0 && resolved.bm25B <= 1)) {
      throw new RangeError('bm25K1 must be ≥ 0 and bm25B in [0, 1]');
    }
    this.#options = resolved;
  }

  fit(matrix: Csr): ItemKnn {
    const weighted = this.#options.similarity === 'bm25' ? bm25Weights(matrix, this.#options) : matrix;
    return new ItemKnn(topKSimilarities(weighted, this.#options), this.#options);
  }
}

/**
 * BM25 with items as documents and users as terms (N items; df_u = games user u has; len_i = Σ_u x_ui):
 *   w_ui = x_ui · (K1 + 1) / (K1 · ((1 − B) + B · len_i / mean(len)) + x_ui) · max(0, log(N / (1 + df_u)))
 */
export function bm25Weights(matrix: Csr, options: { bm25K1: number; bm25B: number }): Csr {
  const { bm25K1: k1, bm25B: b } = options;
  const length = new Float64Array(matrix.cols);
  for (let k = 0; k < matrix.indices.length; k++) length[matrix.indices[k]] += matrix.data[k];
  const meanLength = length.reduce((sum, x) => sum + x, 0) / Math.max(1, matrix.cols) || 1;
  const data = new Float32Array(matrix.data.length);
  for (let u = 0; u < matrix.rows; u++) {
    const df = matrix.indptr[u + 1] - matrix.indptr[u];
    const idf = Math.max(0, Math.log(matrix.cols / (1 + df)));
    for (let k = matrix.indptr[u]; k < matrix.indptr[u + 1]; k++) {
      const x = matrix.data[k];
      const norm = 1 - b + (b * length[matrix.indices[k]]) / meanLength;
      data[k] = ((x * (k1 + 1)) / (k1 * norm + x)) * idf;
    }
  }
  return { ...matrix, data };
}

// One row of XᵀX at a time: item i's users, then each user's items, accumulated into a dense buffer
// (Σ_u |u|² work, no items × items allocation), then pruned to the K largest positive entries.
function topKSimilarities(x: Csr, options: ResolvedOptions): Csr {
  const items = x.cols;
  const xt = transposeCsr(x);
  const norms = new Float64Array(items).fill(1);
  if (options.similarity === 'cosine') {
    for (let i = 0; i < items; i++) {
      let sum = 0;
      for (let p = xt.indptr[i]; p < xt.indptr[i + 1]; p++) sum += xt.data[p] * xt.data[p];
      norms[i] = Math.sqrt(sum) || 1;
    }
  }
  const k = Math.min(options.neighbours, Math.max(0, items - 1));
  const indptr = new Int32Array(items + 1);
  const outIndices = new Int32Array(items * k);
  const outData = new Float32Array(items * k);
  const acc = new Float64Array(items);
  const touched = new Int32Array(items);
  const seen = new Uint8Array(items);
  const candidates = new Int32Array(items);
  const values = new Float64Array(items);
  const scratch = new Float64Array(items);
  let nnz = 0;
  for (let i = 0; i < items; i++) {
    let count = 0;
    for (let p = xt.indptr[i]; p < xt.indptr[i + 1]; p++) {
      const u = xt.indices[p];
      const w = xt.data[p];
      for (let q = x.indptr[u]; q < x.indptr[u + 1]; q++) {
        const j = x.indices[q];
        if (!seen[j]) {
          seen[j] = 1;
          touched[count++] = j;
        }
        acc[j] += w * x.data[q];
      }
    }
    let m = 0;
    for (let t = 0; t < count; t++) {
      const j = touched[t];
      const value = acc[j] / (norms[i] * norms[j]);
      acc[j] = 0;
      seen[j] = 0;
      if (j === i || !(value > 0)) continue;
      candidates[m] = j;
      values[m++] = value;
    }
    for (const t of selectLargest(candidates, values, m, k, scratch)) {
      outIndices[nnz] = candidates[t];
      outData[nnz++] = values[t];
    }
    indptr[i + 1] = nnz;
  }
  return { rows: items, cols: items, indptr, indices: outIndices.slice(0, nnz), data: outData.slice(0, nnz) };
}

// Positions (into candidates/values) of the k largest values; ties at the cut go to the lower item id
// so that fits do not depend on accumulation order. Returned sorted by item id.
function selectLargest(
  candidates: Int32Array,
  values: Float64Array,
  m: number,
  k: number,
  scratch: Float64Array,
): number[] {
  const positions: number[] = [];
  if (m <= k) {
    for (let t = 0; t < m; t++) positions.push(t);
  } else {
    const sorted = scratch.subarray(0, m);
    sorted.set(values.subarray(0, m));
    sorted.sort();
    const cut = sorted[m - k];
    const ties: number[] = [];
    for (let t = 0; t < m; t++) {
      if (values[t] > cut) positions.push(t);
      else if (values[t] === cut) ties.push(t);
    }
    ties.sort((a, b) => candidates[a] - candidates[b]);
    for (const t of ties) if (positions.length < k) positions.push(t);
  }
  return positions.sort((a, b) => candidates[a] - candidates[b]);
}

/** Rebuilds an ItemKnn model from its parts. */
export function itemKnnFromParts(parts: ModelParts): ItemKnn {
  const { indptr, indices, data } = parts.blocks;
  const items = parts.params.items;
  if (
    parts.algorithm !== 'item-knn' ||
    !(indptr instanceof Int32Array && indices instanceof Int32Array && data instanceof Float32Array) ||
    typeof items !== 'number' ||
    indptr.length !== items + 1 ||
    indices.length !== data.length ||
    indptr[items] !== indices.length
  ) {
    throw new RangeError(
      'parts are not a consistent item-knn model (blocks indptr, indices, data; param items)',
    );
  }
  const { neighbours, similarity, bm25K1, bm25B } = parts.params as ResolvedOptions;
  return new ItemKnn(
    { rows: items, cols: items, indptr, indices, data },
    { neighbours, similarity, bm25K1, bm25B },
  );
}
