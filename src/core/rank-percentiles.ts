/**
 * Rank percentiles: each score replaced by where it stands among all scores, in [0, 1] (1 = highest).
 * The exact form is the reference; the histogram form is what requests use.
 */
import { HistogramPercentiles } from './kernels/histogram-percentiles.ts';
import { RadixRanks } from './kernels/radix-ranks.ts';

/**
 * Replaces each score by its rank percentile in [0, 1] (ties get their mid-rank; a single item or all-equal
 * scores give 0.5). `out` may be `scores` itself.
 */
export function rankPercentilesInto(scores: Float32Array, out: Float32Array): void {
  const n = scores.length;
  if (out.length !== n) throw new RangeError('scores and out differ in length');
  // The WebAssembly kernel (radix-ranks.ts: the same steps, so the same floats) where this engine runs it.
  const kernel = n >= 2 ? RadixRanks.forSize(n) : undefined;
  if (kernel !== undefined) {
    const nan = kernel.ranksInto(scores, out);
    if (nan >= 0) throw new RangeError(`score ${nan} is NaN`);
    return;
  }
  rankPercentilesInJsInto(scores, out);
}

/** rankPercentilesInto in JavaScript: the reference for the WebAssembly kernel, and where it cannot run. */
export function rankPercentilesInJsInto(scores: Float32Array, out: Float32Array): void {
  const n = scores.length;
  if (out.length !== n) throw new RangeError('scores and out differ in length');
  // Each float becomes an order-preserving uint32 image (sign bit flipped for positives, all bits for
  // negatives), sorted with four 8-bit LSD radix passes: O(n), ~4× faster than sort + binary search here.
  // The keys are copied out of a view on the scores before anything is written, so out may alias scores.
  // One pass makes the keys and counts all four bytes at once; the buffers are scratch kept between calls
  // (a request ranks several ~2,000-score arrays: fresh buffers and a counting pass per byte were ~half the
  // cost). Nothing here calls out while using them.
  const bits = new Int32Array(scores.buffer, scores.byteOffset, n);
  const scratch = radixScratch(n);
  let keys = scratch.keys;
  let order = scratch.order;
  let spareKeys = scratch.spareKeys;
  let spareOrder = scratch.spareOrder;
  const counts = scratch.counts;
  counts.fill(0);
  for (let i = 0; i < n; i++) {
    const b = bits[i] as number;
    if ((b & 0x7fffffff) > 0x7f800000) throw new RangeError(`score ${i} is NaN`);
    // −0 maps to the image of +0 so they tie. Keys are held as int32 with the uint32 image's bits (values
    // past 2³¹ as uint32 were slower to move around); digits and equality read the same either way.
    const key = b === -0x80000000 ? b : b < 0 ? ~b : b | 0x80000000;
    keys[i] = key;
    order[i] = i;
    counts[key & 0xff]++;
    counts[256 + ((key >>> 8) & 0xff)]++;
    counts[512 + ((key >>> 16) & 0xff)]++;
    counts[768 + (key >>> 24)]++;
  }
  for (let pass = 0; pass < 4; pass++) {
    const base = pass * 256;
    const shift = pass * 8;
    // A byte on which every key agrees leaves the order as it is (common for the exponent byte).
    if (n === 0 || counts[base + (((keys[0] as number) >>> shift) & 0xff)] === n) continue;
    // counts[base + d] becomes the first slot of digit d.
    let sum = 0;
    for (let d = base; d < base + 256; d++) {
      const c = counts[d] as number;
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const key = keys[i] as number;
      const at = counts[base + ((key >>> shift) & 0xff)]++;
      spareKeys[at] = key;
      spareOrder[at] = order[i] as number;
    }
    const k = keys;
    keys = spareKeys;
    spareKeys = k;
    const o = order;
    order = spareOrder;
    spareOrder = o;
  }
  for (let start = 0; start < n;) {
    let end = start + 1;
    const key = keys[start] as number;
    while (end < n && keys[end] === key) end++;
    const percentile = n === 1 ? 0.5 : (start + end - 1) / 2 / (n - 1);
    for (let r = start; r < end; r++) out[order[r] as number] = percentile;
    start = end;
  }
}

interface RadixScratch {
  keys: Int32Array;
  order: Int32Array;
  spareKeys: Int32Array;
  spareOrder: Int32Array;
  counts: Int32Array;
}

let radix: RadixScratch = {
  keys: new Int32Array(0),
  order: new Int32Array(0),
  spareKeys: new Int32Array(0),
  spareOrder: new Int32Array(0),
  counts: new Int32Array(4 * 256),
};

function radixScratch(n: number): RadixScratch {
  if (radix.keys.length < n) {
    const size = Math.max(n, Math.ceil(radix.keys.length * 1.25));
    radix = {
      keys: new Int32Array(size),
      order: new Int32Array(size),
      spareKeys: new Int32Array(size),
      spareOrder: new Int32Array(size),
      counts: radix.counts,
    };
  }
  return radix;
}

/**
 * Approximate rank percentiles in O(n), for the request path: a histogram of `bins` equal-width bins between
 * the minimum and maximum score, then each score's percentile is the share of scores in lower bins plus its
 * linear position inside its own bin. Within a bin the map is increasing in the score, so one user's order
 * is kept exactly; the error against rankPercentilesInto is at most (items in the bin)/(n − 1), which is
 * small where it matters (the sparse top of a score distribution) and larger only in dense clusters of
 * near-equal low scores. About 10× faster than the exact radix form for n ≈ 18,000. With no more scores
 * than bins the histogram saves nothing, so the exact form answers (ties then share their mid-rank).
 * `bins` is at most 65,536.
 */
export function approxRankPercentilesInto(scores: Float32Array, out: Float32Array, bins = 4096): void {
  if (out.length !== scores.length) throw new RangeError('scores and out differ in length');
  percentilesAt(scores, null, out, bins);
}

/**
 * out[p] = the approximate rank percentile of scores[at[p]] among all the scores, as approxRankPercentilesInto
 * would give it: for callers that need only some of the percentiles (a group needs the catalog-wide content
 * percentile of its candidate pool only).
 */
export function approxRankPercentilesAtInto(
  scores: Float32Array,
  at: Int32Array,
  out: Float32Array,
  bins = 4096,
): void {
  if (out.length !== at.length) throw new RangeError('at and out differ in length');
  percentilesAt(scores, at, out, bins);
}

function percentilesAt(scores: Float32Array, at: Int32Array | null, out: Float32Array, bins: number): void {
  const n = scores.length;
  if (n > bins && histogramInWasm(scores, at, out, bins)) return;
  const histogram = percentileHistogram(scores, bins);
  if (histogram === undefined && n <= bins) {
    if (at === null) rankPercentilesInto(scores, out);
    else {
      const all = new Float32Array(n);
      rankPercentilesInto(scores, all);
      for (let p = 0; p < at.length; p++) out[p] = all[position(at, p, n)] as number;
    }
    return;
  }
  if (histogram === undefined) {
    if (at !== null) for (let p = 0; p < at.length; p++) position(at, p, n);
    out.fill(0.5);
    return;
  }
  const { lo, scale, inv, binOf, cumulative } = histogram;
  // Two copies of one loop, with and without `at`: a shared loop testing `at` per score ran ~2× slower.
  if (at === null) {
    for (let i = 0; i < n; i++) {
      const b = binOf[i] as number;
      const below = cumulative[b] as number;
      const offset = ((scores[i] as number) - lo) * scale - b;
      out[i] =
        (below + (offset < 1 ? (offset > 0 ? offset : 0) : 1) * ((cumulative[b + 1] as number) - below - 1)) *
        inv;
    }
    return;
  }
  for (let p = 0; p < at.length; p++) {
    const i = at[p] as number;
    if (!(i >= 0 && i < n)) throw new RangeError(`position ${i} is outside the ${n} scores`);
    const b = binOf[i] as number;
    const below = cumulative[b] as number;
    const offset = ((scores[i] as number) - lo) * scale - b;
    out[p] =
      (below + (offset < 1 ? (offset > 0 ? offset : 0) : 1) * ((cumulative[b + 1] as number) - below - 1)) *
      inv;
  }
}

// The histogram percentiles by the WebAssembly kernels (histogram-percentiles.ts: the same arithmetic, so the
// same floats; ~2.6× faster for 18,000 scores, copies in and out included), when this engine runs them and a
// histogram is used; false leaves the work to the JavaScript below, which stays the reference and fallback.
// Refuses NaN and positions as the JavaScript does, with out written the same way up to the refusal.
function histogramInWasm(
  scores: Float32Array,
  at: Int32Array | null,
  out: Float32Array,
  bins: number,
): boolean {
  const n = scores.length;
  checkBins(bins);
  const kernels = HistogramPercentiles.forSizes(n, at === null ? 0 : at.length, bins);
  if (kernels === undefined) return false;
  const range = kernels.range(scores);
  if (typeof range === 'number') throw new RangeError(`score ${range} is NaN`);
  const { lo, hi } = range;
  if (!(hi > lo) || !Number.isFinite(hi - lo)) return false;
  const bad = kernels.percentiles(n, lo, bins / (hi - lo), bins, at, out);
  if (bad >= 0) throw new RangeError(`position ${at?.[bad] as number} is outside the ${n} scores`);
  return true;
}

function checkBins(bins: number): void {
  if (!Number.isInteger(bins) || bins < 1 || bins > 65536)
    throw new RangeError(`bins must be an integer in 1..65536, got ${bins}`);
}

// The histogram behind the approximate percentiles: with x = (scores[i] − lo)·scale and b = binOf[i], the
// percentile of scores[i] is binPercentile(x, b, cumulative[b], cumulative[b + 1], inv). binOf and cumulative
// are scratch shared by every call. (Reading percentiles straight from it inside a caller's own loop, to skip
// storing them, measured no faster.)
interface PercentileHistogram {
  readonly lo: number;
  readonly scale: number;
  readonly inv: number;
  readonly binOf: Uint16Array;
  readonly cumulative: Int32Array;
}

// The histogram of `scores` (NaN refused), or undefined where no histogram is used: no more scores than
// bins (the exact form answers) or no spread (all 0.5).
function percentileHistogram(scores: Float32Array, bins: number): PercentileHistogram | undefined {
  const n = scores.length;
  checkBins(bins);
  if (n <= bins) return undefined;
  let lo = Infinity;
  let hi = -Infinity;
  // The range is over finite scores: ±Infinity ("cannot be ranked", e.g. an item EASE does not model) go to
  // the bottom or top bin and are clamped to its edge, instead of stretching the range to infinity and
  // collapsing every finite score into one bin.
  for (let i = 0; i < n; i++) {
    const v = scores[i] as number;
    if (v !== v) throw new RangeError(`score ${i} is NaN`);
    if (v === Infinity || v === -Infinity) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(hi > lo) || !Number.isFinite(hi - lo)) return undefined;
  // Bin b holds the scores with floor((score − lo)·scale) = b (the maximum joins the top bin); `x | 0` is that
  // floor for 0 ≤ x < 2³¹. cumulative[b + 1] counts bin b, then becomes the number of scores in bins ≤ b.
  const scale = bins / (hi - lo);
  const top = bins - 1;
  const binOf = binScratch(n);
  const cumulative = countScratch(bins + 1);
  // One pass finds each score's bin and counts it (two passes, as before, measured ~30% slower here).
  for (let i = 0; i < n; i++) {
    const v = scores[i] as number;
    let b = v === Infinity ? top : ((v - lo) * scale) | 0;
    if (b > top) b = top;
    else if (b < 0) b = 0;
    binOf[i] = b;
    cumulative[b + 1]++;
  }
  for (let b = 0; b < bins; b++) cumulative[b + 1] += cumulative[b] as number;
  return { lo, scale, inv: 1 / (n - 1), binOf, cumulative };
}

// at[p], refused unless it is one of the n scores (checked where it is read: a separate pass cost more).
function position(at: Int32Array, p: number, n: number): number {
  const i = at[p] as number;
  if (!(i >= 0 && i < n)) throw new RangeError(`position ${i} is outside the ${n} scores`);
  return i;
}

// Scratch for percentilesAt, kept between calls: a request ranks several ~18,000-score arrays, and fresh
// buffers each time left megabytes of garbage per request for the collector (and the server's RSS).
// Nothing here calls out while using them, so one set serves every caller.
let bins16 = new Uint16Array(0);
let counts32 = new Int32Array(0);

function binScratch(n: number): Uint16Array {
  if (bins16.length < n) bins16 = new Uint16Array(n);
  return bins16;
}

function countScratch(n: number): Int32Array {
  if (counts32.length < n) counts32 = new Int32Array(n);
  counts32.fill(0, 0, n);
  return counts32;
}
