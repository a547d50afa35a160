import { LogRankFits } from '../core/kernels/log-rank-fits.ts';
import { log1pFrom, log1pTable } from '../core/log1p-table.ts';
import { approxRankPercentilesAtInto, approxRankPercentilesInto } from '../core/rank-percentiles.ts';

/**
 * Per-member "fit" in [0, 1] from raw model scores over the candidate pool, by log-rank:
 *
 *   fit = 1 − log(1 + rank) / log(n)        rank 0 = the member's best game in a pool of n
 *
 * Raw scores are not comparable across members (a heavy player's scores are larger everywhere) but ranks
 * are. A plain percentile would not do: in a pool of ~17,000 multiplayer games every plausible pick is
 * above the 99th percentile, so fits would all read 1.00 and "least misery" could not tell a member's
 * favourite from their 150th game. The log discount is the one NDCG uses, so the fit of a game is how much
 * it would be worth to that member at the top of their own list: rank 0 → 1, rank 9 → 0.76, rank 99 → 0.52,
 * rank 999 → 0.29 (n = 17,000). O(n) per member (histogram ranks, see approxRankPercentilesInto).
 */
export function normaliseFitsInto(scores: Float32Array, pool: Int32Array, out: Float32Array): void {
  const n = pool.length;
  if (out.length < n) throw new RangeError('output buffer smaller than the pool');
  const gathered = out.length === n ? out : out.subarray(0, n);
  for (let p = 0; p < n; p++) gathered[p] = scores[pool[p] as number] as number;
  poolFitsInto(gathered, gathered);
}

/**
 * normaliseFitsInto for scores already gathered in pool order (poolScores[p] scores pool game p). With `at`,
 * only some fits: out[i] is the fit of pool game at[i], still ranked against the whole pool (a group keeps
 * the games its filters pass). out may be poolScores itself, or with an ascending `at` its leading
 * subarray: the fits then overwrite the scores, each after it has been read.
 */
export function poolFitsInto(poolScores: Float32Array, out: Float32Array, at?: Int32Array): void {
  const n = poolScores.length;
  if (out.length !== (at === undefined ? n : at.length))
    throw new RangeError(`out has ${out.length} slots for ${at === undefined ? n : at.length} fits`);
  if (n === 0) return;
  const inPlace = out.buffer === poolScores.buffer && out.byteOffset === poolScores.byteOffset;
  if (inPlace && at !== undefined) {
    for (let i = 1; i < at.length; i++) {
      if (!((at[i] as number) > (at[i - 1] as number)))
        throw new RangeError('fits written over their scores need ascending pool positions');
    }
  }
  if (n === 1) {
    for (let i = 0; i < out.length; i++) fitAt(at, i, n);
    out.fill(1);
    return;
  }
  // Percentiles straight into out (each score is read before its slot can be overwritten: at[i] ≥ i when
  // ascending), then turned into fits in place: no pool-sized buffer per member.
  if (at === undefined) approxRankPercentilesInto(poolScores, out);
  else approxRankPercentilesAtInto(poolScores, at, out);
  const table = tableFor(n);
  const scale = 1 / Math.log(n);
  const last = n - 1;
  // The WebAssembly kernel (log-rank-fits.ts: the same arithmetic, so the same floats) where this engine
  // runs it; the ranks it leaves (those taking Math.log1p itself) are finished here as below.
  const kernel = LogRankFits.forSizes(out.length, table.length);
  if (kernel !== undefined) {
    const left = kernel.fitsInto(out, last, scale, table);
    for (let k = 0; k < left.length; k++) {
      const i = left[k] as number;
      out[i] = 1 - log1pFrom(table, (1 - (out[i] as number)) * last) * scale;
    }
    return;
  }
  for (let i = 0; i < out.length; i++) {
    const rank = (1 - (out[i] as number)) * last;
    out[i] = 1 - log1pFrom(table, rank) * scale;
  }
}

// The pool position of fit i: at[i] when given (refused unless inside the pool), else i.
function fitAt(at: Int32Array | undefined, i: number, n: number): number {
  if (at === undefined) return i;
  const p = at[i] as number;
  if (!(p >= 0 && p < n)) throw new RangeError(`pool position ${p} is outside the pool of ${n}`);
  return p;
}

let cached: Float64Array = new Float64Array(0);

/** The log1p table for pool size n, kept for the last size asked (requests share one pool). */
function tableFor(n: number): Float64Array {
  if (cached.length !== n + 1) cached = log1pTable(n);
  return cached;
}
