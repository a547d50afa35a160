import { describe, expect, it } from 'vitest';
import { Random } from './random.ts';
import {
  approxRankPercentilesAtInto,
  approxRankPercentilesInto,
  rankPercentilesInto,
} from './rank-percentiles.ts';

/** The definition, by counting: share of other scores below, ties at their mid-rank. */
function percentiles(values: ArrayLike<number>): number[] {
  const n = values.length;
  return Array.from(values, (v) => {
    let below = 0;
    let equal = 0;
    for (let j = 0; j < n; j++) {
      if (values[j] < v) below++;
      else if (values[j] === v) equal++;
    }
    return n === 1 ? 0.5 : (below + (equal - 1) / 2) / (n - 1);
  });
}

describe('rankPercentilesInto', () => {
  it('maps the lowest score to 0, the highest to 1 and ties to their mid-rank', () => {
    const out = new Float32Array(3);
    rankPercentilesInto(Float32Array.of(3, 1, 2), out);
    expect(Array.from(out)).toEqual([1, 0, 0.5]);
    rankPercentilesInto(Float32Array.of(1, 1, 2), out);
    expect(Array.from(out)).toEqual([0.25, 0.25, 1]);
  });

  it('agrees with counting on negative, zero and repeated scores, in place', () => {
    const values = Float32Array.of(-2.5, 0, -0, 7, 0.001, -2.5, 1e30, -1e30, 0, -Infinity, Infinity, 1e-40);
    const expected = percentiles(Array.from(values, (x) => x + 0));
    rankPercentilesInto(values, values);
    expected.forEach((p, i) => expect(values[i]).toBeCloseTo(p, 6));
  });

  it('agrees with counting when every score shares its high bytes (passes that sort nothing are skipped)', () => {
    const random = new Random(3);
    const values = Float32Array.from({ length: 500 }, () => 1 + Math.floor(random.next() * 64) / 1024);
    const expected = percentiles(values);
    const out = new Float32Array(values.length);
    rankPercentilesInto(values, out);
    expected.forEach((p, i) => expect(out[i]).toBeCloseTo(p, 6));
  });

  it('gives 0.5 to a single score and rejects NaN', () => {
    const out = new Float32Array(1);
    rankPercentilesInto(Float32Array.of(42), out);
    expect(out[0]).toBe(0.5);
    expect(() => rankPercentilesInto(Float32Array.of(1, Number.NaN), new Float32Array(2))).toThrow(/NaN/);
  });
});

describe('approxRankPercentilesInto', () => {
  const random = new Random(7);
  const n = 18_000;
  // A long-tailed distribution like CF scores: most items near zero, a sparse top.
  const scores = Float32Array.from({ length: n }, () => Math.exp(3 * random.normal()));

  it('keeps the exact order of every pair of scores', () => {
    const approx = new Float32Array(n);
    approxRankPercentilesInto(scores, approx);
    const order = Array.from(scores.keys()).sort((a, b) => scores[a] - scores[b]);
    for (let r = 1; r < n; r++) expect(approx[order[r]]).toBeGreaterThanOrEqual(approx[order[r - 1]]);
  });

  /** Largest rank error in items, over all scores and over the top 1%. */
  function rankErrors(values: Float32Array): { all: number; top: number } {
    const exact = new Float32Array(values.length);
    const approx = new Float32Array(values.length);
    rankPercentilesInto(values, exact);
    approxRankPercentilesInto(values, approx);
    let all = 0;
    let top = 0;
    for (let i = 0; i < values.length; i++) {
      const error = Math.abs(exact[i] - approx[i]) * (values.length - 1);
      all = Math.max(all, error);
      if (exact[i] > 0.99) top = Math.max(top, error);
    }
    return { all, top };
  }

  it('is within a few items of the exact rank at the sparse top of a long-tailed distribution', () => {
    expect(rankErrors(scores).top).toBeLessThan(5);
  });

  it('is within 0.2% of the exact rank everywhere for bounded scores such as blended percentiles', () => {
    const bounded = Float32Array.from(
      { length: n },
      () => (random.next() + random.next() + random.next()) / 3,
    );
    expect(rankErrors(bounded).all / n).toBeLessThan(0.002);
  });

  it('gives 0.5 to all-equal scores and rejects NaN', () => {
    const out = new Float32Array(n);
    approxRankPercentilesInto(new Float32Array(n).fill(2), out);
    expect(out.every((p) => p === 0.5)).toBe(true);
    const withNaN = scores.slice();
    withNaN[5] = Number.NaN;
    expect(() => approxRankPercentilesInto(withNaN, out)).toThrow(/NaN/);
  });

  it('maps the lowest score to 0 and the highest to 1', () => {
    const out = new Float32Array(n);
    approxRankPercentilesInto(scores, out);
    const lowest = scores.indexOf(Math.min(...scores));
    const highest = scores.indexOf(Math.max(...scores));
    expect(out[lowest]).toBe(0);
    expect(out[highest]).toBeCloseTo(1, 6);
  });

  it('is exact for a pool no larger than its bin count', () => {
    const small = scores.slice(0, 1000);
    const exact = new Float32Array(1000);
    const approx = new Float32Array(1000);
    rankPercentilesInto(small, exact);
    approxRankPercentilesInto(small, approx);
    expect(Array.from(approx)).toEqual(Array.from(exact));
  });

  it('refuses a bin count outside 1..65536', () => {
    expect(() => approxRankPercentilesInto(scores, new Float32Array(n), 0)).toThrow(/bins/);
    expect(() => approxRankPercentilesInto(scores, new Float32Array(n), 70_000)).toThrow(/bins/);
  });
});

describe('approxRankPercentilesAtInto', () => {
  const random = new Random(9);
  const large = Float32Array.from({ length: 9000 }, () => Math.exp(2 * random.normal()));
  const small = large.slice(0, 300);

  it('gives the percentiles approxRankPercentilesInto gives, at the chosen positions and in their order', () => {
    for (const scores of [large, small, new Float32Array(5000).fill(1)]) {
      const all = new Float32Array(scores.length);
      approxRankPercentilesInto(scores, all);
      const at = Int32Array.from({ length: 700 }, () => random.nextInt(scores.length));
      at[0] = scores.length - 1;
      const out = new Float32Array(at.length);
      approxRankPercentilesAtInto(scores, at, out);
      expect(Array.from(out)).toEqual(Array.from(at, (i) => all[i]));
    }
  });

  it('refuses positions outside the scores and a mismatched output', () => {
    for (const scores of [large, small, new Float32Array(5000).fill(1)]) {
      expect(() =>
        approxRankPercentilesAtInto(scores, Int32Array.of(0, scores.length), new Float32Array(2)),
      ).toThrow(/outside/);
      expect(() => approxRankPercentilesAtInto(scores, Int32Array.of(-1), new Float32Array(1))).toThrow(
        /outside/,
      );
    }
    expect(() => approxRankPercentilesAtInto(large, Int32Array.of(1, 2), new Float32Array(3))).toThrow(
      /length/,
    );
  });

  it('ranks −Infinity lowest and +Infinity highest without flattening the finite scores', () => {
    const n = 18_000;
    const random = new Random(11);
    const withInfinities = Float32Array.from({ length: n }, () => random.normal());
    withInfinities[3] = -Infinity;
    withInfinities[4] = -Infinity;
    withInfinities[5] = Infinity;
    const out = new Float32Array(n);
    approxRankPercentilesInto(withInfinities, out);
    expect(out[3]).toBe(0);
    expect(out[4]).toBe(0);
    expect(out[5]).toBeCloseTo(1, 6);
    const finite = Array.from(out).filter((_, i) => i < 3 || i > 5);
    expect(new Set(finite.map((p) => p.toFixed(3))).size).toBeGreaterThan(1000);
  });
});
