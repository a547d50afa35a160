import type { Csr } from '../core/csr.ts';

/**
 * The contract every recommender implements (iALS, EASE, item-kNN, popularity, content, hybrids).
 * A fitted Recommender is immutable: scoring a library ("fold-in") never changes it.
 */

/** A user's library as a model sees it: column indices into the model's item index, with confidence weights. */
export interface SparseRow {
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

/** Named typed-array blocks plus JSON-able parameters: everything needed to rebuild a fitted model. */
export interface ModelParts {
  readonly algorithm: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly blocks: Readonly<Record<string, Float32Array | Int32Array>>;
}

export interface Recommender {
  readonly algorithm: string;
  /** Number of item columns; column j is item j of the training matrix. */
  readonly itemCount: number;
  /**
   * Scores every item for a user known only by their library (fold-in), writing itemCount scores into out.
   * Higher is better; scores are comparable across items for one user, not across models.
   */
  scoreInto(row: SparseRow, out: Float32Array): void;
  /**
   * The items the model ranks, ascending, when it ranks only some of them (EASE keeps the most popular); it
   * scores the rest −Infinity. Absent when it ranks every item.
   */
  readonly rankedItems?: Int32Array;
  /**
   * How much each library entry contributes to the score of `item` (aligned with row.indices), for
   * "because you played X" explanations. Contributions need not sum exactly to the score.
   */
  explain(row: SparseRow, item: number): Float32Array;
  /** The model's state as parts for an artifact. */
  toParts(): ModelParts;
}

/** Reports training progress, e.g. to a progress bar. */
export type ProgressListener = (event: {
  step: number;
  total: number;
  message?: string;
  loss?: number;
  /** Milliseconds since fit started, for per-iteration timing. */
  elapsedMs?: number;
}) => void;

/** Trains one algorithm on a users × items confidence matrix. */
export interface Trainer {
  readonly algorithm: string;
  fit(matrix: Csr, onProgress?: ProgressListener): Recommender | Promise<Recommender>;
}
