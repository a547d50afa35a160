import type { AggregationStrategy } from './aggregation-strategy.ts';
import { meanFits } from './average.ts';
import { rankByScore } from './rank-by-score.ts';

/**
 * Mean fit, but a game that any member fits below `threshold` goes behind every game that nobody dislikes
 * (it is demoted, not dropped, so a small pool still yields `k` games).
 */
export function averageWithoutMisery(threshold = 0.35): AggregationStrategy {
  return {
    name: 'average_without_misery',
    rank(fits, poolSize, k) {
      const mean = meanFits(fits, poolSize);
      const key = mean.slice();
      for (let p = 0; p < poolSize; p++) {
        for (const memberFits of fits) {
          if ((memberFits[p] as number) < threshold) {
            key[p] -= 1;
            break;
          }
        }
      }
      return rankByScore(key, k, mean);
    },
  };
}
