import { describe, expect, it, vi } from 'vitest';
import { Random } from '../random.ts';
import { rankPercentilesInJsInto, rankPercentilesInto } from '../rank-percentiles.ts';
import { KernelMemory } from './kernel-memory.ts';
import { RadixRanks } from './radix-ranks.ts';

function bits(values: Float32Array): number[] {
  return Array.from(new Uint32Array(values.buffer, values.byteOffset, values.length));
}

/** The kernel's and the JavaScript reference's outputs (out pre-filled with a marker), or their errors. */
function both(scores: Float32Array): { wasm: number[] | string; js: number[] | string } {
  const run = (rank: (s: Float32Array, o: Float32Array) => void): number[] | string => {
    const out = new Float32Array(scores.length).fill(-7);
    try {
      rank(scores, out);
      return bits(out);
    } catch (error) {
      return `${(error as Error).name}: ${(error as Error).message}`;
    }
  };
  return { wasm: run(rankPercentilesInto), js: run(rankPercentilesInJsInto) };
}

/** n scores: normal, rounded to `step` for ties, with the given shares of ±Infinity and ±0. */
function scoresOf(n: number, seed: number, step = 0, infinities = 0, zeros = 0): Float32Array {
  const random = new Random(seed);
  return Float32Array.from({ length: n }, () => {
    const u = random.next();
    if (u < infinities) return random.next() < 0.5 ? Infinity : -Infinity;
    if (u < infinities + zeros) return random.next() < 0.5 ? 0 : -0;
    const v = random.normal() * 3;
    return step > 0 ? Math.round(v / step) * step : v;
  });
}

describe('RadixRanks (rankPercentilesInto in WebAssembly)', () => {
  it('runs here (so the comparisons below compare two forms)', () => {
    expect(KernelMemory.available()).toBe(true);
    expect(RadixRanks.forSize(100)).toBeDefined();
  });

  it('gives every percentile bit-identical to the JavaScript reference', () => {
    let seed = 1;
    for (const n of [2, 3, 4, 5, 17, 255, 256, 257, 1928, 4096, 9000]) {
      for (const [step, infinities, zeros] of [
        [0, 0, 0],
        [0.5, 0, 0],
        [0, 0.25, 0.05],
        [1, 0.1, 0.2],
        [100, 0, 0],
      ] as const) {
        const { wasm, js } = both(scoresOf(n, seed++, step, infinities, zeros));
        expect(typeof js).not.toBe('string');
        expect(wasm).toEqual(js);
      }
    }
  });

  it('ties −0 with +0, orders ±Infinity and subnormals, shares mid-ranks like the reference', () => {
    const scores = Float32Array.of(0, -0, Infinity, -Infinity, 1e-45, -1e-45, 3, 3, 3, -Infinity, 0);
    const { wasm, js } = both(scores);
    expect(wasm).toEqual(js);
    const out = new Float32Array(scores.length);
    rankPercentilesInto(scores, out);
    expect(out[0]).toBe(out[1]);
    expect(out[0]).toBe(out[10]);
    expect(out[3]).toBe(out[9]);
    expect(out[2]).toBe(1);
  });

  it('ranks in place (out = scores) as the reference does', () => {
    const scores = scoresOf(1000, 99, 0.25, 0.1, 0.05);
    const expected = new Float32Array(scores.length);
    rankPercentilesInJsInto(scores, expected);
    rankPercentilesInto(scores, scores);
    expect(bits(scores)).toEqual(bits(expected));
  });

  it('refuses a NaN with the same error, leaving out untouched', () => {
    const scores = scoresOf(300, 5);
    scores[120] = Number.NaN;
    scores[200] = Number.NaN;
    const { wasm, js } = both(scores);
    expect(wasm).toBe('RangeError: score 120 is NaN');
    expect(js).toBe(wasm);
    const out = new Float32Array(300).fill(-7);
    expect(() => rankPercentilesInto(scores, out)).toThrow(/score 120 is NaN/);
    expect(out.every((x) => x === -7)).toBe(true);
  });

  it('grows its memory for larger inputs and keeps serving smaller ones', () => {
    const small = scoresOf(50, 7);
    const large = scoresOf(20000, 8, 0.01);
    expect(both(large).wasm).toEqual(both(large).js);
    expect(both(small).wasm).toEqual(both(small).js);
    const kernel = RadixRanks.forSize(20000) as RadixRanks;
    expect(() => kernel.ranksInto(Float32Array.of(1), new Float32Array(1))).toThrow(RangeError);
  });

  it('leaves the work to JavaScript where WebAssembly is missing', () => {
    const scores = scoresOf(500, 11, 0.5);
    const expected = new Float32Array(500);
    rankPercentilesInJsInto(scores, expected);
    vi.stubGlobal('WebAssembly', undefined);
    try {
      expect(RadixRanks.forSize(500)).toBeUndefined();
      const out = new Float32Array(500);
      rankPercentilesInto(scores, out);
      expect(bits(out)).toEqual(bits(expected));
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
