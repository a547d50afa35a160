import type { ModelParts, Recommender, SparseRow } from '../model/recommender.ts';

/**
 * A fitted model whose fold-in scores are remembered per library. The offline evaluation sends the same
 * test user through the group path once per group, strategy and size; a fitted Recommender is immutable
 * and scoreInto is a pure function of the row, so replaying the stored scores changes no result, only
 * the runtime. Memory: itemCount floats per distinct library scored; drop the wrapper to free it.
 */
export class MemoisedRecommender implements Recommender {
  readonly algorithm: string;
  readonly itemCount: number;
  readonly #inner: Recommender;
  readonly #scores = new Map<string, Float32Array>();
  #hits = 0;

  constructor(inner: Recommender) {
    this.#inner = inner;
    this.algorithm = inner.algorithm;
    this.itemCount = inner.itemCount;
  }

  /** How many scoreInto calls were answered from memory. */
  get hits(): number {
    return this.#hits;
  }

  scoreInto(row: SparseRow, out: Float32Array): void {
    const key = rowKey(row);
    const known = this.#scores.get(key);
    if (known) {
      if (out.length !== known.length)
        throw new RangeError(`out has ${out.length} slots, model has ${this.itemCount} items`);
      this.#hits++;
      out.set(known);
      return;
    }
    this.#inner.scoreInto(row, out);
    this.#scores.set(key, out.slice());
  }

  explain(row: SparseRow, item: number): Float32Array {
    return this.#inner.explain(row, item);
  }

  toParts(): ModelParts {
    return this.#inner.toParts();
  }
}

// Exact identity of a row: indices and the bit patterns of the values (a float printed in decimal could
// collide with a nearby one).
function rowKey(row: SparseRow): string {
  const bits = new Int32Array(row.values.buffer, row.values.byteOffset, row.values.length);
  return `${row.indices.join(',')}|${bits.join(',')}`;
}
