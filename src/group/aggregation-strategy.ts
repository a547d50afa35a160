/** The group strategies Coplay offers; `fair` is the default (see README for the measured comparison). */
export const STRATEGY_NAMES = ['average', 'least_misery', 'average_without_misery', 'fair'] as const;
export type StrategyName = (typeof STRATEGY_NAMES)[number];

/** A ranked selection from the candidate pool: pool positions best first, with the group score of each. */
export interface RankedPool {
  positions: Int32Array;
  scores: Float32Array;
}

/**
 * Turns members' fits into a ranked group list. `fits[m][p]` is member m's fit (0–1) for pool position p;
 * only the first `poolSize` entries of each array are meaningful. A strategy may look at the whole list it
 * builds (fair does), not only at one item at a time.
 */
export interface AggregationStrategy {
  readonly name: StrategyName;
  rank(fits: readonly Float32Array[], poolSize: number, k: number): RankedPool;
  /**
   * For a strategy whose list for k comes from this many games with the best mean fit (meanFits, ties to
   * the lower position) and nothing else: the group path may then hand rank() those games alone (with every
   * game tied with them), found without the fit of every pool game. Absent: rank() sees the whole pool.
   */
  shortlistSize?(k: number): number;
}
