import type { Csr } from '../core/csr.ts';
import { checkItem, checkRow } from './check-row.ts';
import type { ModelParts, Recommender, SparseRow, Trainer } from './recommender.ts';

/**
 * `users`: how many users have the item (every entry counts 1); `confidence`: the sum of their
 * confidences, so games people sink hours into outrank games everyone owns and nobody plays.
 */
export type PopularityWeighting = 'users' | 'confidence';

export interface PopularityOptions {
  readonly weighting?: PopularityWeighting;
  /** candidates[c] = 1 keeps column c rankable (e.g. multiplayer games); others score NOT_CANDIDATE. */
  readonly candidates?: Uint8Array;
}

/** Score of a column outside the candidate set: below every candidate (popularities are ≥ 0), still finite. */
export const NOT_CANDIDATE = -1;

/** The non-personalised baseline: everyone gets the same ranking, by how popular each game is. */
export class Popularity implements Recommender {
  readonly algorithm = 'popularity';
  readonly itemCount: number;
  readonly #scores: Float32Array;
  readonly #weighting: PopularityWeighting;

  constructor(scores: Float32Array, weighting: PopularityWeighting) {
    this.#scores = scores;
    this.#weighting = weighting;
    this.itemCount = scores.length;
  }

  /** The score every user gets for `item`. */
  popularityOf(item: number): number {
    return this.#scores[item];
  }

  scoreInto(row: SparseRow, out: Float32Array): void {
    checkRow(row, this.itemCount);
    if (out.length !== this.itemCount)
      throw new RangeError(`out has ${out.length} slots, model has ${this.itemCount} items`);
    out.set(this.#scores);
  }

  explain(row: SparseRow, item: number): Float32Array {
    checkRow(row, this.itemCount);
    checkItem(item, this.itemCount);
    // The library plays no part in the score.
    return new Float32Array(row.indices.length);
  }

  toParts(): ModelParts {
    return {
      algorithm: this.algorithm,
      params: { weighting: this.#weighting },
      blocks: { scores: this.#scores.slice() },
    };
  }
}

/** Counts (or sums) each column of the training matrix. */
export class PopularityTrainer implements Trainer {
  readonly algorithm = 'popularity';
  readonly #weighting: PopularityWeighting;
  readonly #candidates: Uint8Array | undefined;

  constructor(options: PopularityOptions = {}) {
    this.#weighting = options.weighting ?? 'users';
    if (this.#weighting !== 'users' && this.#weighting !== 'confidence') {
      throw new RangeError(`unknown popularity weighting ${String(this.#weighting)}`);
    }
    this.#candidates = options.candidates;
  }

  fit(matrix: Csr): Popularity {
    const candidates = this.#candidates;
    if (candidates !== undefined && candidates.length !== matrix.cols) {
      throw new RangeError(
        `candidate mask has ${candidates.length} entries, matrix has ${matrix.cols} columns`,
      );
    }
    const scores = new Float32Array(matrix.cols);
    const byUsers = this.#weighting === 'users';
    for (let k = 0; k < matrix.indices.length; k++) scores[matrix.indices[k]] += byUsers ? 1 : matrix.data[k];
    if (candidates !== undefined)
      for (let c = 0; c < scores.length; c++) if (!candidates[c]) scores[c] = NOT_CANDIDATE;
    return new Popularity(scores, this.#weighting);
  }
}

/** Rebuilds a Popularity model from its parts. */
export function popularityFromParts(parts: ModelParts): Popularity {
  const scores = parts.blocks.scores;
  if (parts.algorithm !== 'popularity' || !(scores instanceof Float32Array)) {
    throw new RangeError('parts are not a popularity model (need a Float32Array block "scores")');
  }
  const weighting = parts.params.weighting === 'confidence' ? 'confidence' : 'users';
  return new Popularity(scores.slice(), weighting);
}
