import { topK } from '../core/top-k.ts';
import type { AggregationStrategy } from './aggregation-strategy.ts';
import { meanFits } from './average.ts';

/**
 * The least happy member's fit ("no one left out"), reported as the score. Ties on the minimum, common when
 * fits saturate near 1, are broken by the mean, then by pool position, so the list is not arbitrary among
 * equally safe games. The order is exactly (minimum, mean): a small multiple of the mean added to the minimum
 * would let the mean outrank a higher minimum wherever neighbouring minima differ by less than that multiple.
 */
export const leastMisery: AggregationStrategy = {
  name: 'least_misery',
  rank(fits, poolSize, k) {
    const mean = meanFits(fits, poolSize);
    const min = new Float32Array(poolSize);
    for (let p = 0; p < poolSize; p++) {
      let lowest = Infinity;
      for (const memberFits of fits) lowest = Math.min(lowest, memberFits[p] as number);
      min[p] = lowest;
    }
    const byMin = topK(min, Math.min(k, poolSize));
    if (byMin.length === 0) return { positions: byMin, scores: new Float32Array(0) };
    // Every game tied with the k-th minimum competes for the last places on its mean.
    const floor = min[byMin[byMin.length - 1] as number] as number;
    const candidates: number[] = [];
    for (let p = 0; p < poolSize; p++) if ((min[p] as number) >= floor) candidates.push(p);
    candidates.sort(
      (a, b) => (min[b] as number) - (min[a] as number) || (mean[b] as number) - (mean[a] as number) || a - b,
    );
    const positions = Int32Array.from(candidates.slice(0, byMin.length));
    return { positions, scores: Float32Array.from(positions, (p) => min[p] as number) };
  },
};
