import type { AggregationStrategy } from './aggregation-strategy.ts';
import { meanFits } from './average.ts';
import { rankByScore } from './rank-by-score.ts';

/** Weight of the mean in least misery's score: only breaks ties between equal minima. */
const TIE_BREAK = 1e-3;

/**
 * The least happy member's fit ("no one left out"). Ties on the minimum, common when fits saturate near 1,
 * are broken by the mean so the list is not arbitrary among equally safe games.
 */
export const leastMisery: AggregationStrategy = {
  name: 'least_misery',
  rank(fits, poolSize, k) {
    const mean = meanFits(fits, poolSize);
    const score = new Float32Array(poolSize);
    for (let p = 0; p < poolSize; p++) {
      let min = Infinity;
      for (const memberFits of fits) min = Math.min(min, memberFits[p] as number);
      score[p] = min + TIE_BREAK * (mean[p] as number);
    }
    return rankByScore(score, k);
  },
};
