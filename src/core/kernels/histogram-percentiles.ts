import { KernelMemory } from './kernel-memory.ts';

const SCORES = 0;
const BINS = 1;
const COUNTS = 2;
const AT = 3;
const OUT = 4;
const RANGE = 5;
/** Bytes per histogram of `bins` bins: bins + 1 counts (the leading 0), padded to whole vectors. */
function strideBytes(bins: number): number {
  return Math.ceil((bins + 1) / 4) * 16;
}

/**
 * The histogram percentiles of rank-percentiles.ts in WebAssembly: the same f64 arithmetic in the same
 * order, so every output float is identical to the JavaScript form's. Scores, positions and results are
 * copied through a memory of the kernels' own (callers hold ordinary Float32Arrays); that copy costs a few
 * percent of the pass it replaces.
 */
export class HistogramPercentiles {
  readonly #memory: KernelMemory;
  readonly #capacity: number;
  readonly #atCapacity: number;
  readonly #binsCapacity: number;

  private constructor(memory: KernelMemory, capacity: number, atCapacity: number, binsCapacity: number) {
    this.#memory = memory;
    this.#capacity = capacity;
    this.#atCapacity = atCapacity;
    this.#binsCapacity = binsCapacity;
  }

  /**
   * The kernels, able to take n scores, m positions and `bins` bins, or undefined where this engine cannot
   * run them (the caller then computes in JavaScript). One instance is kept, and replaced by a larger one as
   * larger inputs come: a request ranks several arrays of about the same size, and nothing here calls out
   * while using it.
   */
  static forSizes(n: number, m: number, bins: number): HistogramPercentiles | undefined {
    if (!KernelMemory.available()) return undefined;
    const held = shared;
    if (held !== undefined && n <= held.#capacity && m <= held.#atCapacity && bins <= held.#binsCapacity)
      return held;
    // A quarter more than asked, so slowly growing inputs do not re-create the memory on each call.
    const capacity = Math.max(held === undefined ? 0 : held.#capacity, Math.ceil(n * 1.25));
    const atCapacity = Math.max(held === undefined ? 0 : held.#atCapacity, Math.ceil(m * 1.25));
    const binsCapacity = Math.max(held === undefined ? 0 : held.#binsCapacity, bins);
    const memory = KernelMemory.create([
      capacity * 4,
      capacity * 4,
      4 * strideBytes(binsCapacity),
      atCapacity * 4,
      Math.max(capacity, atCapacity) * 4,
      8,
    ]);
    if (memory === undefined) return undefined;
    shared = new HistogramPercentiles(memory, capacity, atCapacity, binsCapacity);
    return shared;
  }

  /**
   * Copies the scores in and finds the least and greatest finite ones: [lo, hi] (±Infinity when none is
   * finite), or the index of the first NaN score.
   */
  range(scores: Float32Array): { lo: number; hi: number } | number {
    const n = scores.length;
    this.#memory.float32(SCORES, n).set(scores);
    const nan = this.#memory.kernels.finiteRange(this.#memory.offset(SCORES), n, this.#memory.offset(RANGE));
    if (nan >= 0) return nan;
    const range = this.#memory.float32(RANGE, 2);
    return { lo: range[0] as number, hi: range[1] as number };
  }

  /**
   * Percentiles of the n scores given to the last range() call, whose finite ones span lo..hi (hi > lo):
   * into out (out.length of them) for the positions `at`, or for every score where `at` is null. Returns the
   * first p whose at[p] is not one of the scores (out then holds the results before p only), or −1.
   */
  percentiles(
    n: number,
    lo: number,
    scale: number,
    bins: number,
    at: Int32Array | null,
    out: Float32Array,
  ): number {
    const stride = strideBytes(bins);
    this.#memory.int32(COUNTS, stride).fill(0);
    const k = this.#memory.kernels;
    const scores = this.#memory.offset(SCORES);
    const binOf = this.#memory.offset(BINS);
    const counts = this.#memory.offset(COUNTS);
    k.percentileBins(scores, n, lo, scale, bins - 1, binOf, counts, stride);
    const inv = 1 / (n - 1);
    if (at === null) {
      k.percentilesAll(scores, n, lo, scale, inv, binOf, counts, this.#memory.offset(OUT));
      out.set(this.#memory.float32(OUT, n));
      return -1;
    }
    const m = at.length;
    this.#memory.int32(AT, m).set(at);
    const bad = k.percentilesAt(
      scores,
      n,
      this.#memory.offset(AT),
      m,
      lo,
      scale,
      inv,
      binOf,
      counts,
      this.#memory.offset(OUT),
    );
    out.set(this.#memory.float32(OUT, bad < 0 ? m : bad));
    return bad;
  }
}

let shared: HistogramPercentiles | undefined;
