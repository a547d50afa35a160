import { describe, expect, it } from 'vitest';
import { Random } from '../core/random.ts';
import { approxRankPercentilesInto } from '../core/rank-percentiles.ts';
import { normaliseFitsInto, poolFitsInto } from './normalise-fits.ts';

/** The definition, with Math.log1p on every game: fit = 1 − log(1 + rank) / log(n), rank from the percentile. */
function referenceFits(poolScores: Float32Array): number[] {
  const n = poolScores.length;
  const percentiles = new Float32Array(n);
  approxRankPercentilesInto(poolScores, percentiles);
  return Array.from(percentiles, (p) => 1 - Math.log1p((1 - p) * (n - 1)) / Math.log(n));
}

describe('normaliseFitsInto', () => {
  const random = new Random(5);
  const scores = Float32Array.from({ length: 12_000 }, () => Math.exp(2 * random.normal()));
  const pool = Int32Array.from({ length: 9000 }, (_, p) => p + (p >> 2));

  it('is the log-rank of each pool game’s score among the pool (to float precision)', () => {
    const fits = new Float32Array(pool.length);
    normaliseFitsInto(scores, pool, fits);
    const expected = referenceFits(Float32Array.from(pool, (c) => scores[c]));
    let worst = 0;
    fits.forEach((f, p) => (worst = Math.max(worst, Math.abs(f - expected[p]))));
    expect(worst).toBeLessThan(1e-6);
    const best = Array.from(pool.keys()).reduce((a, b) => (scores[pool[b]] > scores[pool[a]] ? b : a));
    expect(fits[best]).toBeCloseTo(1, 6);
  });

  it('fills the front of a longer buffer and refuses a shorter one', () => {
    const fits = new Float32Array(pool.length + 3).fill(-1);
    normaliseFitsInto(scores, pool, fits);
    const exact = new Float32Array(pool.length);
    normaliseFitsInto(scores, pool, exact);
    expect(fits.subarray(0, pool.length)).toEqual(exact);
    expect(Array.from(fits.subarray(pool.length))).toEqual([-1, -1, -1]);
    expect(() => normaliseFitsInto(scores, pool, new Float32Array(10))).toThrow(RangeError);
  });
});

describe('poolFitsInto', () => {
  const random = new Random(8);
  const poolScores = Float32Array.from({ length: 7000 }, () => random.next() ** 3);

  it('gives kept games the fits they have in the whole pool, in the order asked', () => {
    const all = new Float32Array(poolScores.length);
    poolFitsInto(poolScores, all);
    const at = Int32Array.of(6999, 0, 17, 17, 3500);
    const some = new Float32Array(at.length);
    poolFitsInto(poolScores, some, at);
    expect(Array.from(some)).toEqual(Array.from(at, (p) => all[p]));
  });

  it('leaves the scores alone unless asked to write over them', () => {
    const copy = poolScores.slice();
    poolFitsInto(copy, new Float32Array(copy.length));
    poolFitsInto(copy, new Float32Array(2), Int32Array.of(5, 1));
    expect(copy).toEqual(poolScores);
  });

  it('writes kept fits over their own scores when the positions ascend, and refuses other orders', () => {
    const at = Int32Array.of(0, 3, 4, 900, 6999);
    const expected = new Float32Array(at.length);
    poolFitsInto(poolScores, expected, at);
    const scores = poolScores.slice();
    poolFitsInto(scores, scores.subarray(0, at.length), at);
    expect(scores.subarray(0, at.length)).toEqual(expected);
    const again = poolScores.slice();
    expect(() => poolFitsInto(again, again.subarray(0, 2), Int32Array.of(5, 1))).toThrow(/ascending/);
  });

  it('works in place, fits a one-game pool perfectly and refuses positions outside the pool', () => {
    const copy = poolScores.slice();
    const out = new Float32Array(poolScores.length);
    poolFitsInto(poolScores, out);
    poolFitsInto(copy, copy);
    expect(copy).toEqual(out);
    const one = new Float32Array(1);
    poolFitsInto(Float32Array.of(0.3), one);
    expect(one[0]).toBe(1);
    expect(() => poolFitsInto(poolScores, new Float32Array(1), Int32Array.of(7000))).toThrow(/outside/);
    expect(() => poolFitsInto(Float32Array.of(0.3), new Float32Array(1), Int32Array.of(1))).toThrow(
      /outside/,
    );
    expect(() => poolFitsInto(poolScores, new Float32Array(2), Int32Array.of(1))).toThrow(/slots/);
  });
});
