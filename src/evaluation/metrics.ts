/**
 * Top-K ranking metrics with binary relevance. `ranked` is a recommendation list, best first; an item
 * repeated in it counts only at its first position. A user with no relevant item carries no signal: the
 * per-user metrics return NaN for them, and callers must skip (not zero-fill) NaN when averaging.
 */

function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be an integer ≥ 1, got ${k}`);
}

/**
 * Recall@K = hits in the top K / min(K, |relevant|), the normalisation of Liang et al. (2018, "Variational
 * autoencoders for collaborative filtering"): a user with more held-out items than K can still reach 1,
 * so the metric measures the ranking, not the size of the held-out set.
 */
export function recallAtK(ranked: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number {
  checkK(k);
  if (relevant.size === 0) return Number.NaN;
  const hits = new Set<number>();
  const depth = Math.min(k, ranked.length);
  for (let r = 0; r < depth; r++) if (relevant.has(ranked[r])) hits.add(ranked[r]);
  return hits.size / Math.min(k, relevant.size);
}

/**
 * NDCG@K = DCG / IDCG with DCG = Σ_{r < K, ranked[r] relevant} 1 / log2(r + 2) (r from 0) and IDCG the
 * DCG of a list whose first min(K, |relevant|) items are all relevant.
 */
export function ndcgAtK(ranked: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number {
  checkK(k);
  if (relevant.size === 0) return Number.NaN;
  const seen = new Set<number>();
  let dcg = 0;
  const depth = Math.min(k, ranked.length);
  for (let r = 0; r < depth; r++) {
    const item = ranked[r];
    if (relevant.has(item) && !seen.has(item)) {
      seen.add(item);
      dcg += 1 / Math.log2(r + 2);
    }
  }
  let ideal = 0;
  for (let r = 0; r < Math.min(k, relevant.size); r++) ideal += 1 / Math.log2(r + 2);
  return dcg / ideal;
}

/**
 * Catalog coverage: the share of the `catalogSize` recommendable items (e.g. the multiplayer candidates)
 * that appear in at least one list's top K (default: whole lists). 1 = every game is recommended to someone.
 */
export function catalogCoverage(
  lists: Iterable<ArrayLike<number>>,
  catalogSize: number,
  k = Infinity,
): number {
  if (!Number.isInteger(catalogSize) || catalogSize < 1)
    throw new RangeError(`catalogSize must be an integer ≥ 1, got ${catalogSize}`);
  if (k !== Infinity) checkK(k);
  const shown = new Set<number>();
  for (const list of lists) for (let r = 0; r < Math.min(k, list.length); r++) shown.add(list[r]);
  if (shown.size > catalogSize)
    throw new RangeError(`${shown.size} distinct items recommended from a catalog of ${catalogSize}`);
  return shown.size / catalogSize;
}

/**
 * Mean popularity of recommended items over every (list, position < K) slot: popularity[item] is e.g. the
 * item's share of training users. Lower = the model reaches beyond the blockbusters. NaN for no slots.
 */
export function meanPopularity(
  lists: Iterable<ArrayLike<number>>,
  popularity: ArrayLike<number>,
  k = Infinity,
): number {
  if (k !== Infinity) checkK(k);
  let sum = 0;
  let slots = 0;
  for (const list of lists) {
    for (let r = 0; r < Math.min(k, list.length); r++) {
      const item = list[r];
      if (!(item >= 0 && item < popularity.length))
        throw new RangeError(`item ${item} has no popularity entry`);
      sum += popularity[item];
      slots++;
    }
  }
  return slots === 0 ? Number.NaN : sum / slots;
}
