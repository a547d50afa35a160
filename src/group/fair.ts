import type { AggregationStrategy, RankedPool } from './aggregation-strategy.ts';
import { meanFits } from './average.ts';
import { rankByScore } from './rank-by-score.ts';

export interface FairOptions {
  /** Weight of the per-member "someone I love is in the list" term against the mean fit. */
  beta: number;
  /** Exponent that sharpens fits so only a member's near-top games count as loved (0.95^8 ≈ 0.66, 0.8^8 ≈ 0.17). */
  sharpness: number;
  /** The greedy search looks at this many games with the best mean fit (keeps it O(shortlist·k·members)). */
  shortlist: number;
}

export const DEFAULT_FAIR: FairOptions = { beta: 1, sharpness: 8, shortlist: 300 };

/**
 * "Everyone happy": a list-level re-ranking in the spirit of Serbos et al. (WWW 2017, package fairness).
 * It greedily maximises
 *
 *   F(S) = Σ_{i∈S} mean_m fit_m(i)  +  beta · Σ_m max_{i∈S} fit_m(i)^sharpness
 *
 * The first term is the average strategy; the second is a per-member facility-location term that is
 * submodular, so the greedy pick is within (1 − 1/e) of the best list for it. Once a member has one game
 * they love in the list, more of the same adds nothing to their term, so the next picks go to whoever is
 * still unserved — the worst-off member gains without sinking the group's mean.
 */
export function fair(options: Partial<FairOptions> = {}): AggregationStrategy {
  const { beta, sharpness, shortlist } = { ...DEFAULT_FAIR, ...options };
  return {
    name: 'fair',
    rank(fits, poolSize, k): RankedPool {
      const mean = meanFits(fits, poolSize);
      const short = rankByScore(mean, Math.min(poolSize, Math.max(shortlist, k)));
      const n = short.positions.length;
      const members = fits.length;
      // loved[m*n + s]: member m's sharpened fit of shortlist entry s.
      const loved = new Float32Array(members * n);
      for (let m = 0; m < members; m++) {
        const memberFits = fits[m] as Float32Array;
        for (let s = 0; s < n; s++)
          loved[m * n + s] = Math.pow(memberFits[short.positions[s] as number] as number, sharpness);
      }
      const best = new Float32Array(members);
      const taken = new Uint8Array(n);
      const count = Math.min(k, n);
      const positions = new Int32Array(count);
      const scores = new Float32Array(count);
      for (let t = 0; t < count; t++) {
        let pick = -1;
        let pickGain = -Infinity;
        for (let s = 0; s < n; s++) {
          if (taken[s]) continue;
          let gain = short.scores[s] as number;
          for (let m = 0; m < members; m++) {
            const l = loved[m * n + s] as number;
            const b = best[m] as number;
            if (l > b) gain += beta * (l - b);
          }
          if (gain > pickGain) {
            pickGain = gain;
            pick = s;
          }
        }
        taken[pick] = 1;
        for (let m = 0; m < members; m++)
          best[m] = Math.max(best[m] as number, loved[m * n + pick] as number);
        positions[t] = short.positions[pick] as number;
        scores[t] = short.scores[pick] as number;
      }
      return { positions, scores };
    },
  };
}
