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
}
