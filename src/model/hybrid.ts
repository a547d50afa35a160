import type { Csr } from '../core/csr.ts';
import { approxRankPercentilesAtInto, approxRankPercentilesInto } from '../core/rank-percentiles.ts';
import type { PoolFitsInput } from '../core/kernels/pool-fits.ts';
import { checkItem, checkRow } from './check-row.ts';
import { Content } from './content.ts';
import { checkOutputs, sessionOf, type ScoringSession } from './scoring-session.ts';
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
  /** cfColumnOf increases over the columns CF knows. */
  readonly #increasing: boolean;

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
    let last = -1;
    let increasing = true;
    for (const column of cfColumnOf) {
      if (column === -1) continue;
      increasing &&= column > last;
      last = column;
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
    this.#increasing = increasing;
  }

  scoreInto(row: SparseRow, out: Float32Array): void {
    this.session([row]).scoreInto([out]);
  }

  /**
   * Each model's contributions rescaled to shares of its own evidence (Σ|share| = 1), then blended with
   * the same weights as the score; library games CF does not know get CF share 0.
   */
  explain(row: SparseRow, item: number): Float32Array {
    return this.session([row]).explain(0, item);
  }

  /** scoreInto and explain for several libraries, with one CF fold-in and one content profile per library. */
  session(rows: readonly SparseRow[]): HybridSession {
    const mapped = rows.map((row) => this.toCf(row));
    const { cf, cfColumnOf, weight, itemCount } = this;
    const contentSession = this.content instanceof Content ? this.content.session(rows) : undefined;
    const content = contentSession ?? sessionOf(this.content, rows);
    // Made on first use: explaining a game CF does not know needs no fold-in.
    let cfSession: ScoringSession | undefined;
    const cfRows = mapped.map((m) => m.cfRow);
    const cfOf = (): ScoringSession => (cfSession ??= sessionOf(cf, cfRows));
    // Each library's CF rank percentiles over CF's columns.
    const cfPercentiles = (): Float32Array[] => {
      const scores = rows.map(() => new Float32Array(cf.itemCount));
      cfOf().scoreInto(scores);
      for (const s of scores) approxRankPercentilesInto(s, s);
      return scores;
    };
    // Content's contributions to `item` as shares scaled by its weight, plus CF's where CF knows the item.
    const withCf = (r: number, item: number, contentContributions: Float32Array): Float32Array => {
      const result = toShares(contentContributions);
      for (let k = 0; k < result.length; k++) result[k] *= 1 - weight;
      const target = cfColumnOf[item];
      if (target < 0) return result;
      const cfShares = toShares(cfOf().explain(r, target));
      const { rowPosition } = mapped[r] as { rowPosition: Int32Array };
      for (let k = 0; k < cfShares.length; k++) result[rowPosition[k]] += weight * cfShares[k];
      return result;
    };
    return {
      poolFitsInput: () =>
        contentSession && {
          profiles: contentSession.profiles,
          scales: contentSession.scales,
          cfPercentiles: cfPercentiles(),
        },
      scoreInto: (outs, columns) => {
        checkOutputs(rows.length, itemCount, outs, columns);
        const percentiles = cfPercentiles();
        const contentScores = columns === undefined ? outs : this.#contentScratch(outs.length);
        content.scoreInto(contentScores);
        const unknown = weight * this.unknownCfPercentile;
        outs.forEach((out, r) => {
          const cfPercentiles = percentiles[r] as Float32Array;
          const scores = contentScores[r] as Float32Array;
          if (columns === undefined) approxRankPercentilesInto(scores, out);
          else approxRankPercentilesAtInto(scores, columns, out);
          blendInto(out, cfPercentiles, cfColumnOf, columns, weight, unknown);
        });
      },
      explain: (r, item) => {
        checkItem(item, itemCount);
        return withCf(r, item, content.explain(r, item));
      },
      explainMany: (r, items) => {
        for (const item of items) checkItem(item, itemCount);
        const shares = content.explainMany
          ? content.explainMany(r, items)
          : items.map((item) => content.explain(r, item));
        return items.map((item, i) => withCf(r, item, shares[i] as Float32Array));
      },
    };
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

  // Full-catalog content scores for a session that wants some columns only, kept between requests (a fresh
  // set per request was most of a request's garbage). Sessions run synchronously, so one set serves all.
  #scratch: Float32Array[] = [];
  #contentScratch(count: number): Float32Array[] {
    while (this.#scratch.length < count) this.#scratch.push(new Float32Array(this.itemCount));
    return this.#scratch.slice(0, count);
  }

  /**
   * The library in CF's columns (sorted, games CF does not know dropped) and, per CF entry, its position
   * in the original row: what this model hands CF (the group benchmark times CF's part with it).
   */
  toCf(row: SparseRow): { cfRow: SparseRow; rowPosition: Int32Array } {
    checkRow(row, this.itemCount);
    const map = this.cfColumnOf;
    let count = 0;
    let ascending = true;
    for (let k = 0; k < row.indices.length; k++) {
      if (map[row.indices[k]] >= 0) count++;
      if (k > 0 && row.indices[k] <= row.indices[k - 1]) ascending = false;
    }
    const rowPosition = new Int32Array(count);
    for (let k = 0, t = 0; k < row.indices.length; k++) if (map[row.indices[k]] >= 0) rowPosition[t++] = k;
    // An ascending row through an increasing map (what HybridTrainer builds) comes out sorted already.
    if (!(ascending && this.#increasing))
      rowPosition.sort((a, b) => map[row.indices[a]] - map[row.indices[b]]);
    const indices = new Int32Array(count);
    const values = new Float32Array(count);
    for (let t = 0; t < count; t++) {
      indices[t] = map[row.indices[rowPosition[t]]];
      values[t] = row.values[rowPosition[t]];
    }
    return { cfRow: { indices, values }, rowPosition };
  }
}

/**
 * A hybrid session; with a Content model, it also hands the group path (PoolFits) what it blends: the
 * content profiles and the CF percentiles of each library.
 */
export interface HybridSession extends ScoringSession {
  poolFitsInput(): PoolFitsInput | undefined;
}

/**
 * The blend: out[p] = weight · (CF percentile, or `unknown` for a game CF does not know) + (1 − weight) ·
 * out[p], where out[p] holds the content percentile of column p, or of columns[p] when columns are given.
 */
function blendInto(
  out: Float32Array,
  cfPercentiles: Float32Array,
  cfColumnOf: Int32Array,
  columns: Int32Array | undefined,
  weight: number,
  unknown: number,
): void {
  for (let p = 0; p < out.length; p++) {
    const j = cfColumnOf[columns === undefined ? p : columns[p]];
    out[p] = (j >= 0 ? weight * cfPercentiles[j] : unknown) + (1 - weight) * out[p];
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
    // A CF model that ranks only some of its items (EASE: the most popular with enough players) scores the
    // rest −Infinity, whose percentile would put those games below every game CF never saw: they count as
    // unknown to CF instead, like games with fewer than minUsersForCf players.
    if (cfModel.rankedItems) {
      const ranked = new Uint8Array(known);
      for (const item of cfModel.rankedItems) ranked[item] = 1;
      for (let c = 0; c < matrix.cols; c++) {
        const j = cfColumnOf[c] as number;
        if (j >= 0 && ranked[j] === 0) cfColumnOf[c] = -1;
      }
    }
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
