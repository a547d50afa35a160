import type { Csr } from '../core/csr.ts';
import { approxRankPercentilesInto } from '../core/rank-percentiles.ts';
import { checkRow } from './check-row.ts';
import type { ModelParts, ProgressListener, Recommender, SparseRow, Trainer } from './recommender.ts';

export interface HybridOptions {
  /** A collaborative model over its own (training-data) item space. */
  readonly cf: Recommender;
  /** cfColumnOf[c] = the CF column of catalog column c, or −1 when CF has never seen the game. */
  readonly cfColumnOf: Int32Array;
  /** A content model over the catalog item space. */
  readonly content: Recommender;
  /** CF's share of the blend in [0, 1]; the evaluation chooses it (see Hybrid). */
  readonly weight: number;
  /** The CF percentile assumed for games CF does not know, in [0, 1]; default 0.5 (the median). */
  readonly unknownCfPercentile?: number;
}

/**
 * CF blended with content over the whole catalog. The two models' raw scores live on unrelated scales
 * (iALS dot products, kNN vote sums, cosines in [0, 1]), so each is first turned, per request, into its
 * rank percentile: 0 for the user's lowest-scored item, 1 for the highest, ties sharing their mid-rank.
 * Percentiles are robust to the heavy tails of CF scores, need no per-model calibration, and put every
 * member of a group on the same [0, 1] scale for aggregation.
 *
 *   known to CF:    score_i = weight · pct_cf(i) + (1 − weight) · pct_content(i)
 *   unknown to CF:  score_i = weight · unknownCfPercentile + (1 − weight) · pct_content(i)
 *
 * pct_cf is taken over CF's items, pct_content over the catalog. An unknown game is treated as a median
 * CF item, so it ranks by its content fit alone among the games CF would rate average; a strong content
 * match can beat weakly-fitting known games but not a game that both signals like.
 */
export class Hybrid implements Recommender {
  readonly algorithm = 'hybrid';
  readonly itemCount: number;
  readonly cf: Recommender;
  readonly content: Recommender;
  readonly cfColumnOf: Int32Array;
  readonly weight: number;
  readonly unknownCfPercentile: number;

  constructor(options: HybridOptions) {
    const { cf, content, cfColumnOf, weight, unknownCfPercentile = 0.5 } = options;
    if (cfColumnOf.length !== content.itemCount) {
      throw new RangeError(
        `cfColumnOf has ${cfColumnOf.length} entries, the content model has ${content.itemCount} items`,
      );
    }
    if (!(weight >= 0 && weight <= 1)) throw new RangeError(`weight must be in [0, 1], got ${weight}`);
    if (!(unknownCfPercentile >= 0 && unknownCfPercentile <= 1)) {
      throw new RangeError(`unknownCfPercentile must be in [0, 1], got ${unknownCfPercentile}`);
    }
    const used = new Uint8Array(cf.itemCount);
    for (const column of cfColumnOf) {
      if (column === -1) continue;
      if (!(column >= 0 && column < cf.itemCount))
        throw new RangeError(`CF column ${column} is outside 0..${cf.itemCount - 1}`);
      if (used[column]++) throw new RangeError(`CF column ${column} is mapped from two catalog columns`);
    }
    this.cf = cf;
    this.content = content;
    this.cfColumnOf = cfColumnOf;
    this.weight = weight;
    this.unknownCfPercentile = unknownCfPercentile;
    this.itemCount = content.itemCount;
  }

  scoreInto(row: SparseRow, out: Float32Array): void {
    if (out.length !== this.itemCount)
      throw new RangeError(`out has ${out.length} slots, model has ${this.itemCount} items`);
    const { cfRow } = this.#toCf(row);
    const cfScores = new Float32Array(this.cf.itemCount);
    this.cf.scoreInto(cfRow, cfScores);
    approxRankPercentilesInto(cfScores, cfScores);
    this.content.scoreInto(row, out);
    approxRankPercentilesInto(out, out);
    const w = this.weight;
    const unknown = w * this.unknownCfPercentile;
    for (let i = 0; i < this.itemCount; i++) {
      const j = this.cfColumnOf[i];
      out[i] = (j >= 0 ? w * cfScores[j] : unknown) + (1 - w) * out[i];
    }
  }

  /**
   * Each model's contributions rescaled to shares of its own evidence (Σ|share| = 1), then blended with
   * the same weights as the score; library games CF does not know get CF share 0.
   */
  explain(row: SparseRow, item: number): Float32Array {
    if (!Number.isInteger(item) || item < 0 || item >= this.itemCount)
      throw new RangeError(`item ${item} is not a column of this model`);
    const result = toShares(this.content.explain(row, item));
    for (let k = 0; k < result.length; k++) result[k] *= 1 - this.weight;
    const target = this.cfColumnOf[item];
    if (target < 0) return result;
    const { cfRow, rowPosition } = this.#toCf(row);
    const cfShares = toShares(this.cf.explain(cfRow, target));
    for (let k = 0; k < cfShares.length; k++) result[rowPosition[k]] += this.weight * cfShares[k];
    return result;
  }

  toParts(): ModelParts {
    const blocks: Record<string, Float32Array | Int32Array> = { cfColumnOf: this.cfColumnOf.slice() };
    const children: Record<string, { algorithm: string; params: Readonly<Record<string, unknown>> }> = {};
    for (const [prefix, child] of [
      ['cf', this.cf],
      ['content', this.content],
    ] as const) {
      const parts = child.toParts();
      children[prefix] = { algorithm: parts.algorithm, params: parts.params };
      for (const [name, block] of Object.entries(parts.blocks)) blocks[`${prefix}/${name}`] = block;
    }
    return {
      algorithm: this.algorithm,
      params: { weight: this.weight, unknownCfPercentile: this.unknownCfPercentile, children },
      blocks,
    };
  }

  // The library in CF's columns (sorted, games CF does not know dropped) and, per CF entry, its position
  // in the original row.
  #toCf(row: SparseRow): { cfRow: SparseRow; rowPosition: Int32Array } {
    checkRow(row, this.itemCount);
    const positions: number[] = [];
    for (let k = 0; k < row.indices.length; k++) if (this.cfColumnOf[row.indices[k]] >= 0) positions.push(k);
    positions.sort((a, b) => this.cfColumnOf[row.indices[a]] - this.cfColumnOf[row.indices[b]]);
    const rowPosition = Int32Array.from(positions);
    const indices = Int32Array.from(positions, (k) => this.cfColumnOf[row.indices[k]]);
    const values = Float32Array.from(positions, (k) => row.values[k]);
    return { cfRow: { indices, values }, rowPosition };
  }
}

function toShares(contributions: Float32Array): Float32Array {
  let total = 0;
  for (const x of contributions) total += Math.abs(x);
  if (total > 0) for (let k = 0; k < contributions.length; k++) contributions[k] /= total;
  return contributions;
}

export interface HybridTrainerOptions {
  readonly cf: Trainer;
  readonly content: Trainer;
  readonly weight: number;
  /** Catalog columns with fewer training users than this are left to content alone; default 1. */
  readonly minUsersForCf?: number;
  readonly unknownCfPercentile?: number;
}

/**
 * Fits a Hybrid on a users × catalog matrix: CF on the columns with at least minUsersForCf users,
 * content on all columns.
 */
export class HybridTrainer implements Trainer {
  readonly algorithm = 'hybrid';
  readonly #options: HybridTrainerOptions;

  constructor(options: HybridTrainerOptions) {
    const min = options.minUsersForCf ?? 1;
    if (!Number.isInteger(min) || min < 1)
      throw new RangeError(`minUsersForCf must be an integer ≥ 1, got ${min}`);
    this.#options = options;
  }

  async fit(matrix: Csr, onProgress?: ProgressListener): Promise<Hybrid> {
    const { cf, content, weight, minUsersForCf = 1, unknownCfPercentile } = this.#options;
    const users = new Int32Array(matrix.cols);
    for (const c of matrix.indices) users[c]++;
    const cfColumnOf = new Int32Array(matrix.cols).fill(-1);
    let known = 0;
    for (let c = 0; c < matrix.cols; c++) if (users[c] >= minUsersForCf) cfColumnOf[c] = known++;
    const keep: number[] = [];
    const indptr = new Int32Array(matrix.rows + 1);
    for (let u = 0; u < matrix.rows; u++) {
      for (let k = matrix.indptr[u]; k < matrix.indptr[u + 1]; k++)
        if (cfColumnOf[matrix.indices[k]] >= 0) keep.push(k);
      indptr[u + 1] = keep.length;
    }
    // The column map is increasing, so each row's CF indices stay sorted.
    const sub: Csr = {
      rows: matrix.rows,
      cols: known,
      indptr,
      indices: Int32Array.from(keep, (k) => cfColumnOf[matrix.indices[k]]),
      data: Float32Array.from(keep, (k) => matrix.data[k]),
    };
    const cfModel = await cf.fit(sub, onProgress);
    const contentModel = await content.fit(matrix);
    return new Hybrid({ cf: cfModel, cfColumnOf, content: contentModel, weight, unknownCfPercentile });
  }
}

/** Rebuilds a Hybrid from its parts; `rebuild` turns each child's parts back into a Recommender. */
export function hybridFromParts(parts: ModelParts, rebuild: (parts: ModelParts) => Recommender): Hybrid {
  const { weight, unknownCfPercentile, children } = parts.params as {
    weight?: unknown;
    unknownCfPercentile?: unknown;
    children?: Record<string, { algorithm?: unknown; params?: unknown } | undefined>;
  };
  const cfColumnOf = parts.blocks.cfColumnOf;
  if (parts.algorithm !== 'hybrid' || !(cfColumnOf instanceof Int32Array) || typeof weight !== 'number') {
    throw new RangeError('parts are not a hybrid model (need block cfColumnOf and param weight)');
  }
  const child = (prefix: string): Recommender => {
    const meta = children?.[prefix];
    if (typeof meta?.algorithm !== 'string' || typeof meta.params !== 'object' || meta.params === null) {
      throw new RangeError(`hybrid parts lack the ${prefix} model`);
    }
    const blocks: Record<string, Float32Array | Int32Array> = {};
    for (const [name, block] of Object.entries(parts.blocks)) {
      if (name.startsWith(`${prefix}/`)) blocks[name.slice(prefix.length + 1)] = block;
    }
    return rebuild({ algorithm: meta.algorithm, params: meta.params as Record<string, unknown>, blocks });
  };
  return new Hybrid({
    cf: child('cf'),
    content: child('content'),
    cfColumnOf: cfColumnOf.slice(),
    weight,
    unknownCfPercentile: typeof unknownCfPercentile === 'number' ? unknownCfPercentile : undefined,
  });
}
