import { describe, expect, it } from 'vitest';
import { average } from '../../src/group/average.ts';
import { averageWithoutMisery } from '../../src/group/average-without-misery.ts';
import { fair } from '../../src/group/fair.ts';
import { leastMisery } from '../../src/group/least-misery.ts';

const f = (...values: number[]) => Float32Array.from(values);

describe('aggregation strategies', () => {
  // Pool of 5 games, 2 members. Game 0 is loved by A only, 1 by B only, 2 is fine for both.
  const fits = [f(1.0, 0.1, 0.7, 0.5, 0.2), f(0.1, 0.95, 0.72, 0.4, 0.3)];

  it('average ranks by the mean fit', () => {
    const ranked = average.rank(fits, 5, 3);
    expect(Array.from(ranked.positions)).toEqual([2, 0, 1]);
    expect(ranked.scores[0]).toBeCloseTo(0.71, 5);
  });

  it('least misery ranks by the worst fit, ties broken by the mean', () => {
    expect(Array.from(leastMisery.rank(fits, 5, 3).positions)).toEqual([2, 3, 4]);
    const tied = [f(0.5, 0.5), f(0.5, 0.9)];
    expect(Array.from(leastMisery.rank(tied, 2, 2).positions)).toEqual([1, 0]);
  });

  it('least misery never lets a higher mean outrank a higher minimum, however close the minima', () => {
    // Game 0's minimum is higher by 1e-5; game 1's mean is far higher. A mean tie-break added to the
    // minimum (min + 1e-3·mean) put game 1 first.
    const close = [f(0.30001, 0.3), f(0.30001, 0.99)];
    const ranked = leastMisery.rank(close, 2, 2);
    expect(Array.from(ranked.positions)).toEqual([0, 1]);
    expect(ranked.scores[0]).toBeCloseTo(0.30001, 6);
    // Ties with the k-th minimum beyond k compete on their mean for the last place.
    const tail = [f(0.9, 0.4, 0.4, 0.4), f(0.9, 0.4, 0.6, 0.5)];
    expect(Array.from(leastMisery.rank(tail, 4, 2).positions)).toEqual([0, 2]);
  });

  it('average without misery puts games anyone fits below the threshold last, reporting the mean', () => {
    const ranked = averageWithoutMisery(0.35).rank(fits, 5, 5);
    expect(Array.from(ranked.positions)).toEqual([2, 3, 0, 1, 4]);
    expect(ranked.scores[2]).toBeCloseTo(0.55, 5);
  });

  it('fair gives every member a game they love once the shared favourite is in', () => {
    // Many games both like moderately, one game each member loves: average fills the top with the
    // moderate ones; fair takes the shared one and each member's favourite.
    const a = f(0.97, 0.3, 0.8, 0.79, 0.78, 0.77);
    const b = f(0.3, 0.97, 0.8, 0.79, 0.78, 0.77);
    const avg = Array.from(average.rank([a, b], 6, 3).positions);
    const fairTop = Array.from(fair({ beta: 1, sharpness: 8 }).rank([a, b], 6, 3).positions);
    expect(avg).toEqual([2, 3, 4]);
    expect(fairTop).toContain(0);
    expect(fairTop).toContain(1);
    expect(fairTop).toContain(2);
  });

  it('fair with beta 0 is the average', () => {
    const a = average.rank(fits, 5, 5);
    const b = fair({ beta: 0 }).rank(fits, 5, 5);
    expect(Array.from(b.positions)).toEqual(Array.from(a.positions));
  });

  it('never returns a game twice or more than k games, for any strategy', () => {
    for (const strategy of [average, leastMisery, averageWithoutMisery(), fair()]) {
      const ranked = strategy.rank(fits, 5, 4);
      expect(ranked.positions.length).toBe(4);
      expect(new Set(ranked.positions).size).toBe(4);
      expect(strategy.rank(fits, 5, 10).positions.length).toBe(5);
      expect(strategy.rank(fits, 0, 10).positions.length).toBe(0);
    }
  });
});
