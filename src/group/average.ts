import type { AggregationStrategy } from './aggregation-strategy.ts';
import { rankByScore } from './rank-by-score.ts';

/** Mean fit over members: the "crowd favourite", best total happiness, blind to who is unhappy. */
export const average: AggregationStrategy = {
  name: 'average',
  rank(fits, poolSize, k) {
    return rankByScore(meanFits(fits, poolSize), k);
  },
  shortlistSize: (k) => k,
};

/** Mean of members' fits per pool position. */
export function meanFits(fits: readonly Float32Array[], poolSize: number): Float32Array {
  const out = new Float32Array(poolSize);
  for (const memberFits of fits) for (let p = 0; p < poolSize; p++) out[p] += memberFits[p] as number;
  const inv = 1 / Math.max(1, fits.length);
  for (let p = 0; p < poolSize; p++) out[p] *= inv;
  return out;
}
