import { describe, expect, it } from 'vitest';
import { Random } from '../core/random.ts';
import { meanFits } from './average.ts';
import { eighthPower, fair } from './fair.ts';
import { rankByScore } from './rank-by-score.ts';

/** The greedy as defined: every untaken shortlist entry's gain recomputed each round, Math.pow for loved. */
function referenceFair(
  fits: Float32Array[],
  poolSize: number,
  k: number,
  beta: number,
  sharpness: number,
  shortlist: number,
): { positions: number[]; scores: number[] } {
  const short = rankByScore(meanFits(fits, poolSize), Math.min(poolSize, Math.max(shortlist, k)));
  const n = short.positions.length;
  const loved = fits.map((memberFits) =>
    Float32Array.from(short.positions, (p) => Math.pow(memberFits[p] as number, sharpness)),
  );
  const best = new Float32Array(fits.length);
  const taken = new Set<number>();
  const positions: number[] = [];
  const scores: number[] = [];
  for (let t = 0; t < Math.min(k, n); t++) {
    let pick = -1;
    let pickGain = -Infinity;
    for (let s = 0; s < n; s++) {
      if (taken.has(s)) continue;
      let gain = short.scores[s] as number;
      loved.forEach((l, m) => {
        if ((l[s] as number) > (best[m] as number)) gain += beta * ((l[s] as number) - (best[m] as number));
      });
      if (gain > pickGain) [pick, pickGain] = [s, gain];
    }
    taken.add(pick);
    loved.forEach((l, m) => (best[m] = Math.max(best[m] as number, l[pick] as number)));
    positions.push(short.positions[pick] as number);
    scores.push(short.scores[pick] as number);
  }
  return { positions, scores };
}

describe('fair', () => {
  it('picks exactly what the plain greedy picks (ties, settled entries, any beta and sharpness)', () => {
    const random = new Random(17);
    for (let trial = 0; trial < 60; trial++) {
      const members = 1 + (trial % 6);
      const poolSize = 50 + Math.floor(random.next() * 400);
      // Coarse fits in some trials, so means and loved values tie.
      const step = trial % 3 === 0 ? 0.05 : 0;
      const fits = Array.from({ length: members }, () =>
        Float32Array.from({ length: poolSize }, () => {
          const v = random.next() ** 3;
          return step > 0 ? Math.round(v / step) * step : v;
        }),
      );
      const k = 1 + Math.floor(random.next() * 40);
      const beta = [1, 0, 0.3, 2, -0.5][trial % 5] as number;
      const sharpness = [8, 8, 3, 1, 8.5][trial % 5] as number;
      const shortlist = [300, 20, 1, 100][trial % 4] as number;
      const got = fair({ beta, sharpness, shortlist }).rank(fits, poolSize, k);
      const expected = referenceFair(fits, poolSize, k, beta, sharpness, shortlist);
      expect(Array.from(got.positions)).toEqual(expected.positions);
      expect(Array.from(got.scores)).toEqual(expected.scores);
    }
  });
});

describe('eighthPower (fair’s sharpening at the default sharpness)', () => {
  it('stored as float32, equals Math.pow(fit, 8) for float32 fits across [−1, 1]', () => {
    // Every 97th float32 from +0 to 1 (~11 million), the ends, and their negatives; the full sweep of all
    // 1,065,353,217 float32s in [0, 1] found no difference either (≈45 s, too slow for the suite).
    const bits = new Uint32Array(1);
    const float = new Float32Array(bits.buffer);
    let differing = 0;
    const check = (b: number): void => {
      bits[0] = b;
      for (const x of [float[0] as number, -(float[0] as number)]) {
        if (Math.fround(eighthPower(x)) !== Math.fround(Math.pow(x, 8))) differing++;
      }
    };
    for (let b = 0; b <= 0x3f800000; b += 97) check(b);
    for (const b of [0, 1, 0x00800000, 0x3effffff, 0x3f000000, 0x3f7fffff, 0x3f800000]) check(b);
    expect(differing).toBe(0);
  });
});
