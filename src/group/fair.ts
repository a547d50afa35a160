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
    shortlistSize: (k) => Math.max(shortlist, k),
    rank(fits, poolSize, k): RankedPool {
      const mean = meanFits(fits, poolSize);
      const short = rankByScore(mean, Math.min(poolSize, Math.max(shortlist, k)));
      const n = short.positions.length;
      const members = fits.length;
      // loved[m*n + s]: member m's sharpened fit of shortlist entry s.
      const loved = new Float32Array(members * n);
      for (let m = 0; m < members; m++) {
        const memberFits = fits[m] as Float32Array;
        for (let s = 0; s < n; s++) {
          const fit = memberFits[short.positions[s] as number] as number;
          loved[m * n + s] =
            sharpness === 8 && fit >= -1 && fit <= 1 ? eighthPower(fit) : Math.pow(fit, sharpness);
        }
      }
      const best = new Float32Array(members);
      const count = Math.min(k, n);
      const positions = new Int32Array(count);
      const scores = new Float32Array(count);
      // An entry no member loves more than their best so far is "settled": its gain is its mean alone, and
      // stays so (bests only rise). The shortlist is best first, so among settled entries the earliest one
      // left has the highest gain and wins their ties: only it is compared with the unsettled entries
      // (kept in `open`, ascending), which the greedy picks above, as a full scan would, the earliest of
      // the highest gains. After the first picks most entries are settled, so each round looks at a few.
      const settled = new Uint8Array(n);
      const taken = new Uint8Array(n);
      const open = new Int32Array(n);
      let openCount = 0;
      let firstSettled = n;
      const lovedMore = (s: number): boolean => {
        for (let m = 0; m < members; m++) if ((loved[m * n + s] as number) > (best[m] as number)) return true;
        return false;
      };
      for (let s = 0; s < n; s++) {
        if (lovedMore(s)) open[openCount++] = s;
        else {
          settled[s] = 1;
          if (firstSettled === n) firstSettled = s;
        }
      }
      for (let t = 0; t < count; t++) {
        let pick = -1;
        let pickGain = -Infinity;
        for (let i = 0; i < openCount; i++) {
          const s = open[i] as number;
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
        if (firstSettled < n) {
          const gain = short.scores[firstSettled] as number;
          if (gain > pickGain || (gain === pickGain && firstSettled < pick)) {
            pickGain = gain;
            pick = firstSettled;
          }
        }
        taken[pick] = 1;
        positions[t] = short.positions[pick] as number;
        scores[t] = short.scores[pick] as number;
        if (settled[pick]) {
          // A settled pick raises no best: only the next settled entry left is needed.
          while (firstSettled < n && !(settled[firstSettled] && !taken[firstSettled])) firstSettled++;
          continue;
        }
        for (let m = 0; m < members; m++)
          best[m] = Math.max(best[m] as number, loved[m * n + pick] as number);
        let kept = 0;
        for (let i = 0; i < openCount; i++) {
          const s = open[i] as number;
          if (s === pick) continue;
          if (lovedMore(s)) open[kept++] = s;
          else {
            settled[s] = 1;
            if (s < firstSettled) firstSettled = s;
          }
        }
        openCount = kept;
      }
      return { positions, scores };
    },
  };
}

/**
 * fit⁸ by three squarings, for a float32 fit in [−1, 1]: stored as float32 it is the same float as
 * Math.pow(fit, 8) gives (checked for every float32 in [0, 1]; the sign cannot matter), at a fraction of the
 * cost of pow, which the default sharpness calls once per member per shortlisted game.
 */
export function eighthPower(fit: number): number {
  const square = fit * fit;
  const fourth = square * square;
  return fourth * fourth;
}
