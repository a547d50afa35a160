import { csrFromTriples, type Csr } from '../core/csr.ts';
import { ROW_DOT_TARGETS, sparseDots, type SparseDots } from '../core/kernels/sparse-dots.ts';
import { checkItem, checkRow } from './check-row.ts';
import { checkOutputs, gatherInto, type ScoringSession } from './scoring-session.ts';
import type { ModelParts, Recommender, SparseRow, Trainer } from './recommender.ts';

/** What the content signal knows of one item column (structurally the catalog Game's lists). */
export interface ItemDescription {
  /** User tags, most-voted first. */
  readonly tags: readonly string[];
  readonly genres: readonly string[];
  /** Store categories, e.g. "Online Co-op". */
  readonly categories: readonly string[];
}

/** Weights of the three feature groups before TF-IDF; defaults 1 / 0.5 / 0.5 (tags are the most specific). */
export interface ContentOptions {
  readonly tagWeight?: number;
  readonly genreWeight?: number;
  readonly categoryWeight?: number;
}

type ResolvedOptions = Required<ContentOptions>;
const DEFAULTS: ResolvedOptions = { tagWeight: 1, genreWeight: 0.5, categoryWeight: 0.5 };

/** Items × features TF-IDF matrix (rows L2-normalised; an item with no features is an empty row). */
export interface ItemFeatures {
  readonly features: Csr;
  /** vocabulary[f] names feature f, e.g. "tag:co-op", "genre:indie", "category:online co-op". */
  readonly vocabulary: string[];
}

/**
 * tf: tagWeight / log2(2 + position) for the tag at that position (1, 0.63, 0.5, …: the most-voted tag
 * describes the game best), genreWeight or categoryWeight for each genre or category. idf: the smooth
 * ln((1 + N) / (1 + df)) + 1, so a near-universal feature such as "Single-player" keeps a little weight
 * while a rare one such as "VR Support" counts ~5× more. Names are trimmed and lower-cased.
 */
export function buildItemFeatures(
  items: readonly ItemDescription[],
  options: ContentOptions = {},
): ItemFeatures {
  const { tagWeight, genreWeight, categoryWeight } = resolve(options);
  const featureIndex = new Map<string, number>();
  const vocabulary: string[] = [];
  const rows: number[] = [];
  const cols: number[] = [];
  const values: number[] = [];
  items.forEach((item, i) => {
    const weights = new Map<number, number>();
    const add = (prefix: string, name: string, weight: number): void => {
      const key = `${prefix}:${name.trim().toLowerCase()}`;
      if (key.length === prefix.length + 1) return;
      let f = featureIndex.get(key);
      if (f === undefined) {
        f = vocabulary.push(key) - 1;
        featureIndex.set(key, f);
      }
      weights.set(f, Math.max(weights.get(f) ?? 0, weight));
    };
    item.tags.forEach((tag, position) => add('tag', tag, tagWeight / Math.log2(2 + position)));
    for (const genre of item.genres) add('genre', genre, genreWeight);
    for (const category of item.categories) add('category', category, categoryWeight);
    for (const [f, w] of weights) {
      rows.push(i);
      cols.push(f);
      values.push(w);
    }
  });
  const tf = csrFromTriples(items.length, vocabulary.length, rows, cols, values);
  const df = new Int32Array(vocabulary.length);
  for (let k = 0; k < tf.indices.length; k++) df[tf.indices[k]]++;
  const data = new Float32Array(tf.data.length);
  for (let i = 0; i < tf.rows; i++) {
    let norm = 0;
    for (let k = tf.indptr[i]; k < tf.indptr[i + 1]; k++) {
      const x = tf.data[k] * (Math.log((1 + items.length) / (1 + df[tf.indices[k]])) + 1);
      data[k] = x;
      norm += x * x;
    }
    // A zero norm only happens when every feature weight of the row is 0; the row then stays all zero.
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let k = tf.indptr[i]; k < tf.indptr[i + 1]; k++) data[k] *= scale;
  }
  return { features: { ...tf, data }, vocabulary };
}

/**
 * Content-based recommender over item descriptions. A library's profile is p = Σ_j c_j · v_j (c_j the
 * confidence, v_j the unit feature vector of library item j) and score_i = cos(p, v_i) = v_i · p / ‖p‖,
 * in [0, 1]: one sparse matrix-vector product per request.
 */
export class Content implements Recommender {
  readonly algorithm = 'content';
  readonly itemCount: number;
  readonly #features: ItemFeatures;
  readonly #options: ResolvedOptions;
  readonly #dots: SparseDots;

  constructor(features: ItemFeatures, options: ContentOptions = {}) {
    if (features.vocabulary.length !== features.features.cols)
      throw new RangeError('vocabulary and feature columns differ');
    // The scoring kernels keep the matrix (in WebAssembly memory when they run SIMD): every other reader
    // uses their copy, so the caller's arrays can be freed.
    this.#dots = sparseDots(features.features);
    this.#features = { features: this.#dots.matrix, vocabulary: features.vocabulary };
    this.#options = resolve(options);
    this.itemCount = features.features.rows;
  }

  /** The items × features TF-IDF matrix (read-only: the scoring kernels hold it). */
  get features(): Csr {
    return this.#features.features;
  }

  /** Cosine similarity of two items' feature vectors. */
  similarity(a: number, b: number): number {
    const { indptr, indices, data } = this.#features.features;
    let p = indptr[a];
    let q = indptr[b];
    let dot = 0;
    while (p < indptr[a + 1] && q < indptr[b + 1]) {
      if (indices[p] === indices[q]) dot += data[p++] * data[q++];
      else if (indices[p] < indices[q]) p++;
      else q++;
    }
    return dot;
  }

  scoreInto(row: SparseRow, out: Float32Array): void {
    this.session([row]).scoreInto([out]);
  }

  /** Each library item's share of the score: c_j · cos(v_j, v_item) / ‖p‖ (they sum to the score). */
  explain(row: SparseRow, item: number): Float32Array {
    return this.session([row]).explain(0, item);
  }

  /**
   * Scoring and explaining several libraries: each profile is built once; scoreInto scores the whole catalog
   * for up to 8 libraries per pass over the item rows (SparseDots: they share every index and weight read);
   * each explain is |library| short dot products against the item's scattered features.
   */
  session(rows: readonly SparseRow[]): ContentSession {
    for (const row of rows) checkRow(row, this.itemCount);
    const { indptr, indices, data, cols } = this.#features.features;
    const itemCount = this.itemCount;
    const dots = this.#dots;
    const profiles = rows.map((row) => {
      const profile = new Float64Array(cols);
      for (let k = 0; k < row.indices.length; k++) {
        const j = row.indices[k];
        const c = row.values[k];
        const end = indptr[j + 1];
        for (let p = indptr[j]; p < end; p++) profile[indices[p]] += c * data[p];
      }
      return profile;
    });
    const scales = profiles.map((profile) => {
      let norm = 0;
      for (let f = 0; f < cols; f++) norm += profile[f] * profile[f];
      return norm > 0 ? 1 / Math.sqrt(norm) : 0;
    });
    const scoreAll = (outs: readonly Float32Array[]): void => dots.dotsInto(profiles, scales, outs);
    let scattered: Float64Array | undefined;
    return {
      profiles,
      scales,
      scoreInto(outs: readonly Float32Array[], columns?: Int32Array): void {
        checkOutputs(rows.length, itemCount, outs, columns);
        if (columns === undefined) {
          scoreAll(outs);
          return;
        }
        // A subset of columns still costs a pass over every row (rows are stored one after the other), so
        // score everything into scratch and gather.
        const full = outs.map(() => new Float32Array(itemCount));
        scoreAll(full);
        outs.forEach((out, r) => gatherInto(full[r] as Float32Array, columns, out));
      },
      explainMany(r: number, items: readonly number[]): Float32Array[] {
        const row = rows[r];
        if (row === undefined) throw new RangeError(`no row ${r} in this session`);
        const scale = scales[r] as number;
        const found: Float32Array[] = [];
        for (const item of items) checkItem(item, itemCount);
        // Up to 8 items per pass over the library's rows (the dots in f64, in the order explain sums them,
        // so the same contributions).
        for (let from = 0; from < items.length; from += ROW_DOT_TARGETS) {
          const batch = items.slice(from, from + ROW_DOT_TARGETS);
          const dotsOut = batch.map(() => new Float64Array(row.indices.length));
          dots.rowDotsInto(row.indices, batch, dotsOut);
          for (const d of dotsOut) {
            const out = new Float32Array(row.indices.length);
            for (let k = 0; k < out.length; k++) out[k] = row.values[k] * (d[k] as number) * scale;
            found.push(out);
          }
        }
        return found;
      },
      explain(r: number, item: number): Float32Array {
        const row = rows[r];
        if (row === undefined) throw new RangeError(`no row ${r} in this session`);
        checkItem(item, itemCount);
        const dense = (scattered ??= new Float64Array(cols));
        const from = indptr[item];
        const to = indptr[item + 1];
        for (let q = from; q < to; q++) dense[indices[q]] = data[q];
        const scale = scales[r] as number;
        const out = new Float32Array(row.indices.length);
        for (let k = 0; k < row.indices.length; k++) {
          const j = row.indices[k];
          let dot = 0;
          const end = indptr[j + 1];
          for (let p = indptr[j]; p < end; p++) dot += data[p] * dense[indices[p]];
          out[k] = row.values[k] * dot * scale;
        }
        for (let q = from; q < to; q++) dense[indices[q]] = 0;
        return out;
      },
    };
  }

  toParts(): ModelParts {
    const { indptr, indices, data } = this.#features.features;
    return {
      algorithm: this.algorithm,
      params: { ...this.#options, items: this.itemCount, vocabulary: [...this.#features.vocabulary] },
      blocks: { indptr: indptr.slice(), indices: indices.slice(), data: data.slice() },
    };
  }
}

/** A content session, with the libraries' profiles: score_i = scales[r] · (row i of the features) · profiles[r]. */
export interface ContentSession extends ScoringSession {
  readonly profiles: readonly Float64Array[];
  readonly scales: readonly number[];
}

/** Builds Content from item descriptions given up front; fit only checks the matrix has one column per item. */
export class ContentTrainer implements Trainer {
  readonly algorithm = 'content';
  readonly #items: readonly ItemDescription[];
  readonly #options: ContentOptions;

  constructor(items: readonly ItemDescription[], options: ContentOptions = {}) {
    resolve(options);
    this.#items = items;
    this.#options = options;
  }

  fit(matrix: Csr): Content {
    if (matrix.cols !== this.#items.length) {
      throw new RangeError(
        `matrix has ${matrix.cols} item columns, ${this.#items.length} item descriptions were given`,
      );
    }
    return new Content(buildItemFeatures(this.#items, this.#options), this.#options);
  }
}

/** Rebuilds a Content model from its parts. */
export function contentFromParts(parts: ModelParts): Content {
  const { indptr, indices, data } = parts.blocks;
  const { items, vocabulary } = parts.params;
  if (
    parts.algorithm !== 'content' ||
    !(indptr instanceof Int32Array && indices instanceof Int32Array && data instanceof Float32Array) ||
    typeof items !== 'number' ||
    !Array.isArray(vocabulary) ||
    indptr.length !== items + 1 ||
    indptr[items] !== indices.length ||
    indices.length !== data.length
  ) {
    throw new RangeError(
      'parts are not a consistent content model (blocks indptr, indices, data; params items, vocabulary)',
    );
  }
  const features = { rows: items, cols: vocabulary.length, indptr, indices, data };
  const { tagWeight, genreWeight, categoryWeight } = parts.params as ResolvedOptions;
  return new Content(
    { features, vocabulary: vocabulary.map(String) },
    { tagWeight, genreWeight, categoryWeight },
  );
}

function resolve(options: ContentOptions): ResolvedOptions {
  const resolved = { ...DEFAULTS, ...options };
  for (const [name, value] of Object.entries(resolved)) {
    if (!(value >= 0) || !Number.isFinite(value))
      throw new RangeError(`${name} must be a finite number ≥ 0, got ${value}`);
  }
  return resolved;
}
