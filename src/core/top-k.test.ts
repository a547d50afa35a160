import { describe, expect, it } from 'vitest';
import { Random } from './random.ts';
import { topK, topKInto } from './top-k.ts';

/** The reference: a full sort by score descending, then index ascending. */
function bySort(scores: Float32Array, k: number, excluded: Set<number>): number[] {
  return [...scores.keys()]
    .filter((i) => !excluded.has(i) && scores[i] > -Infinity)
    .sort((a, b) => scores[b] - scores[a] || a - b)
    .slice(0, k);
}

describe('topK', () => {
  it('matches a full sort with exclusions given as a set or a mask', () => {
    const random = new Random(1);
    for (let trial = 0; trial < 50; trial++) {
      const n = 1 + random.nextInt(300);
      // Few distinct values, so ties are common.
      const scores = Float32Array.from({ length: n }, () => random.nextInt(20) - 10);
      const excluded = new Set<number>();
      for (let t = 0; t < n / 4; t++) excluded.add(random.nextInt(n));
      const mask = new Uint8Array(n);
      for (const i of excluded) mask[i] = 1;
      const k = random.nextInt(n + 5);
      const expected = bySort(scores, k, excluded);
      expect(Array.from(topK(scores, k, excluded))).toEqual(expected);
      expect(Array.from(topK(scores, k, mask))).toEqual(expected);
    }
  });

  it('never selects NaN or −Infinity and returns fewer when fewer are rankable', () => {
    const scores = Float32Array.of(Number.NaN, 2, -Infinity, 5, Infinity, -3);
    expect(Array.from(topK(scores, 10))).toEqual([4, 3, 1, 5]);
    const out = new Int32Array(6);
    expect(topKInto(scores, 6, out, new Set([4]))).toBe(3);
    expect(Array.from(out.subarray(0, 3))).toEqual([3, 1, 5]);
  });

  it('handles k = 0 and rejects a bad k or a short output', () => {
    expect(topK(Float32Array.of(1, 2), 0).length).toBe(0);
    expect(() => topKInto(Float32Array.of(1), -1, new Int32Array(1))).toThrow(RangeError);
    expect(() => topKInto(Float32Array.of(1, 2), 2, new Int32Array(1))).toThrow(RangeError);
  });
});
