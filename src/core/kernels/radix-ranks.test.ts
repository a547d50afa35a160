import { describe, expect, it } from 'vitest';
import { rankPercentilesInJsInto, rankPercentilesInto } from '../rank-percentiles.ts';
import { KernelMemory } from './kernel-memory.ts';
import { RadixRanks } from './radix-ranks.ts';
import {
  awkwardScores,
  floatBits,
  outcome,
  withoutWebAssembly,
} from '../../../test/fixtures/bit-identity.ts';

/** The kernel's and the JavaScript reference's outputs (out pre-filled with a marker), or their errors. */
function both(scores: Float32Array): { wasm: number[] | string; js: number[] | string } {
  const run = (rank: (s: Float32Array, o: Float32Array) => void): number[] | string =>
    outcome(() => {
      const out = new Float32Array(scores.length).fill(-7);
      rank(scores, out);
      return out;
    });
  return { wasm: run(rankPercentilesInto), js: run(rankPercentilesInJsInto) };
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
        const { wasm, js } = both(awkwardScores(n, seed++, step, infinities, zeros));
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
    const scores = awkwardScores(1000, 99, 0.25, 0.1, 0.05);
    const expected = new Float32Array(scores.length);
    rankPercentilesInJsInto(scores, expected);
    rankPercentilesInto(scores, scores);
    expect(floatBits(scores)).toEqual(floatBits(expected));
  });

  it('refuses a NaN with the same error, leaving out untouched', () => {
    const scores = awkwardScores(300, 5);
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
    const small = awkwardScores(50, 7);
    const large = awkwardScores(20000, 8, 0.01);
    expect(both(large).wasm).toEqual(both(large).js);
    expect(both(small).wasm).toEqual(both(small).js);
    const kernel = RadixRanks.forSize(20000) as RadixRanks;
    expect(() => kernel.ranksInto(Float32Array.of(1), new Float32Array(1))).toThrow(RangeError);
  });

  it('leaves the work to JavaScript where WebAssembly is missing', () => {
    const scores = awkwardScores(500, 11, 0.5);
    const expected = new Float32Array(500);
    rankPercentilesInJsInto(scores, expected);
    withoutWebAssembly(() => {
      expect(RadixRanks.forSize(500)).toBeUndefined();
      const out = new Float32Array(500);
      rankPercentilesInto(scores, out);
      expect(floatBits(out)).toEqual(floatBits(expected));
    });
  });
});
