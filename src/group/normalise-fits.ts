import { approxRankPercentilesInto } from '../core/rank-percentiles.ts';

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
  if (n === 0) return;
  if (n === 1) {
    out[0] = 1;
    return;
  }
  const gathered = new Float32Array(n);
  for (let p = 0; p < n; p++) gathered[p] = scores[pool[p] as number] as number;
  approxRankPercentilesInto(gathered, gathered);
  const scale = 1 / Math.log(n);
  for (let p = 0; p < n; p++) {
    const rank = (1 - (gathered[p] as number)) * (n - 1);
    out[p] = 1 - Math.log1p(rank) * scale;
  }
}
