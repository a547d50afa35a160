import type { Csr } from '../csr.ts';
import { log1pFrom, log1pTable } from '../log1p-table.ts';
import { SimdSparseDots } from './sparse-dots.ts';

/** What the group path scores: content over the catalog, blended with CF, ranked over a pool of it. */
export interface PoolFitsModel {
  /** Items × features, one row per catalog column (the content model's TF-IDF rows). */
  readonly features: Csr;
  /** The catalog columns of the pool, the games a group can be recommended. */
  readonly pool: Int32Array;
  /** cfOfPool[p]: the CF column of pool game p, or −1 when CF does not know it. */
  readonly cfOfPool: Int32Array;
  /** How many columns CF has (the length of each member's CF percentiles). */
  readonly cfCount: number;
  /** CF's share of the blend, and the CF percentile a game CF does not know gets. */
  readonly weight: number;
  readonly unknownCfPercentile: number;
}

/** One request's members, as the hybrid model's session holds them. */
export interface PoolFitsInput {
  /** Each member's content profile over the features, and the scale that makes its scores cosines. */
  readonly profiles: readonly Float64Array[];
  readonly scales: ArrayLike<number>;
  /** Each member's CF rank percentiles over CF's columns. */
  readonly cfPercentiles: readonly Float32Array[];
}

const BINS = 4096;
/** Bytes per histogram of BINS bins: BINS + 1 counts, padded to whole vectors, four lanes of it. */
const STRIDE = Math.ceil((BINS + 1) / 4) * 16;
/** Members prepared at once (a group has at most 8; more take passes of 8 through fitsInto). */
const MEMBERS = 8;
/** Slack on each bin's fit bounds, far above the f32 roundings between a percentile and its fit. */
const BOUND_EPS = 1e-6;
/** Bins of the lower-bound histogram a shortlist threshold is read from. */
const LB_BINS = 1024;

const FIRST = SimdSparseDots.FIRST_EXTRA_REGION;
const RANGE = FIRST;
const BIN_OF = FIRST + 1;
const COUNTS = FIRST + 2;
const POOL = FIRST + 3;
const CF_OF = FIRST + 4;
const CF_PCT = FIRST + 5;
const TABLE = FIRST + 6;
const POSITIONS = FIRST + 7;
const FITS = FIRST + 8;
const LOW = FIRST + 9;
// Per member w (MEMBERS of each, one after the other): the blended pool scores, their bins and histogram,
// and each bin's fit bounds.
const BLEND = FIRST + 10;
const POOL_BIN_OF = FIRST + 11;
const POOL_COUNTS = FIRST + 12;
const BOUND_HI = FIRST + 13;
const BOUND_LO = FIRST + 14;
// The shortlist: upper bounds of the mean fit, the lower bounds' histogram, the picked positions.
const UB = FIRST + 15;
const LB_COUNTS = FIRST + 16;
const PICKED = FIRST + 17;

/** A member's pool histogram after prepare(): its range, or none when the blend has no spread. */
type PoolHistogram = { lo: number; scale: number } | undefined;

/** What a shortlist() gives: the kept entries that may be among the best k by mean fit, and their fits. */
export interface PoolShortlist {
  /** Indices into the `kept` passed to shortlist(), ascending. */
  readonly entries: Int32Array;
  /** fits[m][j]: member m's fit of kept entry entries[j]. */
  readonly fits: Float32Array[];
}

/**
 * The group path's members' fits in one WebAssembly memory: content scores of the whole catalog, their
 * histogram rank percentiles at the pool, the blend with CF, the blend's percentiles over the pool and their
 * log-rank fits at the games a request keeps. It is the chain Hybrid.session(…).scoreInto(…, pool) and
 * poolFitsInto compute with the same kernels and the same f64 arithmetic between them, so the same floats
 * (a test compares them bit for bit), without copying every intermediate array in and out of the kernels'
 * memories and with the blend and the log-rank folded into the passes before them. Holds a copy of the
 * features (a few MB); the caller keeps one per served model. Not re-entrant: a call's results are read
 * before the next call (requests run one at a time on a thread).
 */
export class PoolFits {
  readonly poolSize: number;
  readonly #dots: SimdSparseDots;
  readonly #model: PoolFitsModel;
  readonly #table: Float64Array;
  /** Histograms of the members last prepared. */
  #histograms: PoolHistogram[] = [];

  private constructor(dots: SimdSparseDots, model: PoolFitsModel, table: Float64Array) {
    this.#dots = dots;
    this.#model = model;
    this.#table = table;
    this.poolSize = model.pool.length;
  }

  /**
   * The kernels for `model`, or undefined where they do not apply and the JavaScript path answers: no
   * WebAssembly SIMD here, or a catalog or pool no larger than the histogram (those are ranked exactly).
   */
  static create(model: PoolFitsModel): PoolFits | undefined {
    const { features, pool, cfOfPool, cfCount, weight, unknownCfPercentile } = model;
    const rows = features.rows;
    const n = pool.length;
    if (cfOfPool.length !== n) throw new RangeError(`cfOfPool has ${cfOfPool.length} entries for ${n}`);
    for (let p = 0; p < n; p++) {
      const c = pool[p] as number;
      const j = cfOfPool[p] as number;
      if (!(c >= 0 && c < rows)) throw new RangeError(`pool column ${c} is outside 0..${rows - 1}`);
      if (!(j >= -1 && j < cfCount)) throw new RangeError(`CF column ${j} is outside −1..${cfCount - 1}`);
    }
    if (!(weight >= 0 && weight <= 1 && unknownCfPercentile >= 0 && unknownCfPercentile <= 1))
      throw new RangeError('weight and unknownCfPercentile must be in [0, 1]');
    if (rows <= BINS || n <= BINS) return undefined;
    const dots = SimdSparseDots.create(features, [
      16,
      rows * 4,
      4 * STRIDE,
      n * 4,
      n * 4,
      cfCount * 4,
      (n + 1) * 8,
      n * 4,
      n * 4,
      n * 4,
      MEMBERS * n * 4,
      MEMBERS * n * 4,
      MEMBERS * 4 * STRIDE,
      MEMBERS * BINS * 4,
      MEMBERS * BINS * 4,
      n * 4,
      LB_BINS * 4,
      n * 4,
    ]);
    if (dots === undefined) return undefined;
    const memory = dots.memory;
    memory.int32(POOL, n).set(pool);
    memory.int32(CF_OF, n).set(cfOfPool);
    const table = memory.float64(TABLE, n + 1);
    table.set(log1pTable(n));
    return new PoolFits(dots, model, table);
  }

  /**
   * outs[m][i] = member m's fit of pool game kept[i] (pool positions, each in 0..poolSize − 1), ranked
   * against the whole pool: what poolFitsInto gives for the blended scores Hybrid computes at the pool.
   */
  fitsInto(input: PoolFitsInput, kept: Int32Array, outs: readonly Float32Array[]): void {
    const members = input.profiles.length;
    if (outs.length !== members) throw new RangeError(`${members} profiles, ${outs.length} outputs`);
    for (const out of outs) {
      if (out.length !== kept.length)
        throw new RangeError(`out has ${out.length} slots for ${kept.length} fits`);
    }
    // The positions are copied in once: preparing members writes other regions only.
    const positions = this.#positions(kept);
    for (let r = 0; r < members; r += MEMBERS) {
      const count = this.#prepare(input, r, Math.min(MEMBERS, members - r));
      for (let w = 0; w < count; w++) this.#fitsAt(w, positions, kept.length, outs[r + w] as Float32Array);
    }
  }

  /**
   * The kept pool games (as in fitsInto) that can be among the k best by the members' mean fit (mean as
   * meanFits computes it: f32 sums in member order, times 1/members), with every member's exact fit of each:
   * bounds on each game's mean from its histogram bins rule out the games that at least k others surely
   * beat, so only the rest get a fit. Every game of the true best k, ties included, is in it. Undefined for
   * more than 8 members (fitsInto takes them).
   */
  shortlist(input: PoolFitsInput, kept: Int32Array, k: number): PoolShortlist | undefined {
    const members = input.profiles.length;
    if (members > MEMBERS || members === 0) return undefined;
    const m = kept.length;
    this.#prepare(input, 0, members);
    const memory = this.#dots.memory;
    const kernels = memory.kernels;
    const positions = this.#positions(kept);
    memory.int32(LB_COUNTS, LB_BINS).fill(0);
    kernels.meanBounds(
      members,
      memory.offset(POOL_BIN_OF),
      memory.offset(BOUND_HI),
      memory.offset(BOUND_LO),
      this.poolSize * 4,
      BINS * 4,
      positions,
      m,
      1 / members,
      memory.offset(UB),
      memory.offset(LB_COUNTS),
    );
    // The highest threshold that at least k lower bounds reach (bin edges of the histogram).
    const lbCounts = memory.int32(LB_COUNTS, LB_BINS);
    let threshold = 0;
    for (let b = LB_BINS - 1, sure = 0; b > 0; b--) {
      sure += lbCounts[b] as number;
      if (sure >= k) {
        threshold = b / LB_BINS;
        break;
      }
    }
    const count = kernels.atLeast(
      memory.offset(UB),
      m,
      threshold,
      positions,
      memory.offset(PICKED),
      positions,
    );
    const entries = memory.int32(PICKED, count).slice();
    const fits = Array.from({ length: members }, () => new Float32Array(count));
    for (let w = 0; w < members; w++) this.#fitsAt(w, positions, count, fits[w] as Float32Array);
    return { entries, fits };
  }

  // Copies pool positions in (checked), returning their byte offset.
  #positions(kept: Int32Array): number {
    const n = this.poolSize;
    const memory = this.#dots.memory;
    memory.int32(POSITIONS, kept.length).set(kept);
    const bad = memory.kernels.firstOutside(memory.offset(POSITIONS), kept.length, n);
    if (bad >= 0) throw new RangeError(`pool position ${kept[bad] as number} is outside the pool of ${n}`);
    return memory.offset(POSITIONS);
  }

  // Members r … r + count − 1 (count ≤ 8) scored, blended and histogrammed into the per-member regions.
  #prepare(input: PoolFitsInput, r: number, count: number): number {
    const { profiles, scales, cfPercentiles } = input;
    const { features, cfCount } = this.#model;
    const members = profiles.length;
    if (scales.length !== members || cfPercentiles.length !== members)
      throw new RangeError(`${members} profiles, ${scales.length} scales, ${cfPercentiles.length} CF rows`);
    for (let m = r; m < r + count; m++) {
      if ((profiles[m] as Float64Array).length !== features.cols)
        throw new RangeError(`profile has ${(profiles[m] as Float64Array).length} entries`);
      if ((cfPercentiles[m] as Float32Array).length !== cfCount)
        throw new RangeError(`CF percentiles have ${(cfPercentiles[m] as Float32Array).length} entries`);
    }
    const memory = this.#dots.memory;
    this.#histograms = [];
    for (let done = 0; done < count;) {
      const used = Math.min(this.#dots.pass(profiles, scales, r + done), count - done);
      for (let w = 0; w < used; w++) {
        memory.float32(CF_PCT, cfCount).set(cfPercentiles[r + done + w] as Float32Array);
        this.#blend(this.#dots.planeOffset(w), done + w);
        this.#histograms.push(this.#poolHistogram(done + w));
      }
      done += used;
    }
    return count;
  }

  // Content percentiles at the pool (rank-percentiles.ts: histogram over the whole catalog, all 0.5 when
  // the scores have no spread) blended with CF into member w's BLEND (Hybrid's blendInto).
  #blend(plane: number, w: number): void {
    const { weight, unknownCfPercentile } = this.#model;
    const memory = this.#dots.memory;
    const rows = this.#dots.matrix.rows;
    const range = this.#range(plane, rows);
    const scale = range === undefined ? 0 : BINS / (range.hi - range.lo);
    if (range !== undefined)
      this.#histogram(plane, rows, range.lo, scale, memory.offset(BIN_OF), memory.int32(COUNTS, STRIDE));
    const k = memory.kernels;
    const n = this.poolSize;
    const lo = range?.lo ?? 0;
    const inv = 1 / (rows - 1);
    const unknown = weight * unknownCfPercentile;
    const [binOf, counts, cfPct] = [memory.offset(BIN_OF), memory.offset(COUNTS), memory.offset(CF_PCT)];
    const at = (region: number, p: number): number =>
      region === BLEND ? this.#memberOffset(BLEND, w) + p * 4 : memory.offset(region) + p * 4;
    // Pairs in f64x2 (blendAt2), then an odd last position, or all of them when the scores have no spread,
    // one at a time (blendAt): the same floats either way.
    const paired = range === undefined ? 0 : n - (n % 2);
    if (paired > 0) {
      k.blendAt2(
        plane,
        at(POOL, 0),
        paired,
        lo,
        scale,
        inv,
        binOf,
        counts,
        at(CF_OF, 0),
        cfPct,
        weight,
        unknown,
        1 - weight,
        at(BLEND, 0),
      );
    }
    if (paired < n) {
      const flat = range === undefined ? 1 : 0;
      k.blendAt(
        plane,
        at(POOL, paired),
        n - paired,
        lo,
        scale,
        inv,
        binOf,
        counts,
        flat,
        at(CF_OF, paired),
        cfPct,
        weight,
        unknown,
        1 - weight,
        at(BLEND, paired),
      );
    }
  }

  // Member w's blend histogrammed over the pool, with each bin's fit bounds.
  #poolHistogram(w: number): PoolHistogram {
    const n = this.poolSize;
    const memory = this.#dots.memory;
    const range = this.#range(this.#memberOffset(BLEND, w), n);
    const hi = memory.offset(BOUND_HI) + w * BINS * 4;
    const lo = memory.offset(BOUND_LO) + w * BINS * 4;
    if (range === undefined) {
      // Every fit is the same: bounds that hold it (fits are in [0, 1]).
      memory.float32(BOUND_HI, BINS, w * BINS).fill(1);
      memory.float32(BOUND_LO, BINS, w * BINS).fill(0);
      memory.int32(POOL_BIN_OF, n, w * n).fill(0);
      return undefined;
    }
    const scale = BINS / (range.hi - range.lo);
    const counts = memory.int32(POOL_COUNTS, STRIDE, w * STRIDE);
    this.#histogram(
      this.#memberOffset(BLEND, w),
      n,
      range.lo,
      scale,
      this.#memberOffset(POOL_BIN_OF, w),
      counts,
    );
    memory.kernels.binFitBounds(
      counts.byteOffset,
      BINS,
      1 / (n - 1),
      n - 1,
      1 / Math.log(n),
      memory.offset(TABLE),
      BOUND_EPS,
      hi,
      lo,
    );
    return { lo: range.lo, scale };
  }

  // Member w's fits at the `count` pool positions at byte offset `positions` (percentiles of its prepared
  // pool histogram, then log-rank as poolFitsInto), into out.
  #fitsAt(w: number, positions: number, count: number, out: Float32Array): void {
    const memory = this.#dots.memory;
    const n = this.poolSize;
    const last = n - 1;
    const logScale = 1 / Math.log(n);
    const table = this.#table;
    const histogram = this.#histograms[w];
    if (histogram === undefined) {
      // No spread: every percentile is 0.5 (the fill of rank-percentiles.ts), and so every fit.
      out.fill(1 - log1pFrom(table, (1 - Math.fround(0.5)) * last) * logScale);
      return;
    }
    const low = memory.kernels.fitsAt(
      this.#memberOffset(BLEND, w),
      positions,
      count,
      histogram.lo,
      histogram.scale,
      1 / (n - 1),
      this.#memberOffset(POOL_BIN_OF, w),
      memory.offset(POOL_COUNTS) + w * 4 * STRIDE,
      last,
      logScale,
      memory.offset(TABLE),
      memory.offset(LOW),
      memory.offset(FITS),
    );
    out.set(memory.float32(FITS, count));
    const left = memory.int32(LOW, low);
    for (let k = 0; k < low; k++) {
      const i = left[k] as number;
      out[i] = 1 - log1pFrom(table, (1 - (out[i] as number)) * last) * logScale;
    }
  }

  // The byte offset of member w's slice of a per-member pool-sized region.
  #memberOffset(region: number, w: number): number {
    return this.#dots.memory.offset(region) + w * this.poolSize * 4;
  }

  // The finite range of the n scores at `scores`, undefined when it has no spread; a NaN is refused.
  #range(scores: number, n: number): { lo: number; hi: number } | undefined {
    const memory = this.#dots.memory;
    const nan = memory.kernels.finiteRange(scores, n, memory.offset(RANGE));
    if (nan >= 0) throw new RangeError(`score ${nan} is NaN`);
    const [lo, hi] = memory.float32(RANGE, 2) as unknown as [number, number];
    return hi > lo && Number.isFinite(hi - lo) ? { lo, hi } : undefined;
  }

  // Bins of the n scores at `scores` into binOf and their counts (percentileBins: four lane histograms at
  // `counts`, zeroed here, summed into the first).
  #histogram(scores: number, n: number, lo: number, scale: number, binOf: number, counts: Int32Array): void {
    counts.fill(0);
    const at = counts.byteOffset;
    this.#dots.memory.kernels.percentileBins(scores, n, lo, scale, BINS - 1, binOf, at, STRIDE);
  }
}
