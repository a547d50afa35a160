import { afterEach, describe, expect, it, vi } from 'vitest';
import { Random } from '../random.ts';
import { approxRankPercentilesAtInto, approxRankPercentilesInto } from '../rank-percentiles.ts';
import { HistogramPercentiles } from './histogram-percentiles.ts';
import {
  awkwardScores,
  floatBits,
  outcome,
  withoutWebAssembly,
} from '../../../test/fixtures/bit-identity.ts';

/** The two forms' outputs (out pre-filled with a marker, so unwritten entries show), or their errors. */
function both(compute: () => Float32Array): { wasm: number[] | string; js: number[] | string } {
  const wasm = outcome(compute);
  return { wasm, js: withoutWebAssembly(() => outcome(compute)) };
}

function all(scores: Float32Array, bins?: number): { wasm: number[] | string; js: number[] | string } {
  return both(() => {
    const out = new Float32Array(scores.length).fill(-7);
    approxRankPercentilesInto(scores, out, bins);
    return out;
  });
}

function at(
  scores: Float32Array,
  positions: Int32Array,
  bins?: number,
): { wasm: number[] | string; js: number[] | string } {
  return both(() => {
    const out = new Float32Array(positions.length).fill(-7);
    approxRankPercentilesAtInto(scores, positions, out, bins);
    return out;
  });
}

function positionsOf(m: number, n: number, seed: number): Int32Array {
  const random = new Random(seed);
  return Int32Array.from({ length: m }, () => random.nextInt(n));
}

describe('histogram percentiles in WebAssembly', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('runs on this engine, and not without WebAssembly', () => {
    expect(HistogramPercentiles.forSizes(100, 10, 16)).toBeDefined();
    expect(withoutWebAssembly(() => HistogramPercentiles.forSizes(100, 10, 16))).toBeUndefined();
  });

  it('gives every float bit-identical to the JavaScript form on random scores, with and without ties', () => {
    for (const [n, step, bins] of [
      [18111, 0, 4096],
      [18111, 0.01, 4096],
      [16283, 0.5, 4096],
      [5000, 0, 64],
      [1001, 1e-3, 7],
      [4097, 0, 4096],
      [4098, 0, 4096],
      [4099, 0, 4096],
      [4100, 0, 4096],
      [4101, 0, 4096],
      [9, 0, 8],
      [10, 0.5, 8],
      [11, 0, 8],
      [70000, 0, 65536],
      [1000, 0, 1],
    ] as const) {
      const scores = awkwardScores(n, n + bins, step);
      const { wasm, js } = all(scores, bins);
      expect(wasm, `n ${n}, step ${step}, bins ${bins}`).toEqual(js);
      const positions = positionsOf(Math.floor(n * 0.9), n, n);
      const pair = at(scores, positions, bins);
      expect(pair.wasm, `at: n ${n}, step ${step}, bins ${bins}`).toEqual(pair.js);
    }
  });

  it('agrees on ±Infinity, negative zero, tiny n and all-equal scores', () => {
    const cases = [
      awkwardScores(9000, 1, 0, 0.2, 0.1),
      awkwardScores(9001, 2, 0.25, 0.05, 0.3),
      awkwardScores(5003, 3, 0, 0.999, 0),
      Float32Array.of(...new Array<number>(5001).fill(Infinity), 1, 2),
      Float32Array.of(...new Array<number>(5001).fill(-Infinity), Infinity),
      Float32Array.from({ length: 5002 }, (_, i) => (i % 2 === 0 ? 0 : -0)),
      Float32Array.from({ length: 5003 }, (_, i) => (i % 3 === 0 ? -0 : i % 3 === 1 ? 0 : 1e-30)),
      new Float32Array(6000).fill(2.5),
      Float32Array.from({ length: 5000 }, (_, i) => (i === 4999 ? 3.4e38 : -3.4e38)),
      new Float32Array(0),
      Float32Array.of(1),
      Float32Array.of(2, -0, 0, Infinity, -Infinity),
      // Infinities only among the last n mod 8 scores, which the range kernel takes one at a time.
      Float32Array.from(awkwardScores(5003, 4), (v, i) =>
        i === 5001 ? Infinity : i === 5002 ? -Infinity : v,
      ),
    ];
    for (const [k, scores] of cases.entries()) {
      expect(all(scores).wasm, `case ${k}`).toEqual(all(scores).js);
      const positions = positionsOf(Math.min(300, scores.length * 2), Math.max(scores.length, 1), k);
      const pair = at(scores, positions);
      expect(pair.wasm, `at: case ${k}`).toEqual(pair.js);
    }
  });

  it('refuses NaN naming the first one, in the vector part and in the tail', () => {
    for (const where of [[0], [4096], [5001, 17], [17, 5001], [5000], [5002], [4999, 5001]]) {
      // 5003 scores: 625 steps of eight (1250 vectors of four where a lane is not finite), then three one at
      // a time.
      const scores = awkwardScores(5003, 5);
      for (const i of where) scores[i] = Number.NaN;
      const { wasm, js } = all(scores);
      expect(wasm).toBe(`RangeError: score ${Math.min(...where)} is NaN`);
      expect(js).toBe(wasm);
      expect(at(scores, Int32Array.of(0)).wasm).toBe(wasm);
    }
  });

  it('refuses a position outside the scores as JavaScript does, with the same results written before it', () => {
    const scores = awkwardScores(5000, 6);
    for (const bad of [-1, 5000, 2 ** 31 - 1, -(2 ** 31)]) {
      const positions = positionsOf(40, 5000, 7);
      positions[23] = bad;
      positions[30] = -5;
      const { wasm, js } = both(() => {
        const out = new Float32Array(40).fill(-7);
        try {
          approxRankPercentilesAtInto(scores, positions, out);
        } catch (error) {
          out[39] = (error as Error).message === `position ${bad} is outside the 5000 scores` ? 1 : 0;
        }
        return out;
      });
      expect(wasm).toEqual(js);
      expect(wasm.slice(23)).toEqual([
        ...new Array<number>(16).fill(floatBits(Float32Array.of(-7))[0]),
        floatBits(Float32Array.of(1))[0],
      ]);
    }
  });

  it('computes in place: out = scores, and positions ascending over the leading scores (poolFitsInto)', () => {
    const original = awkwardScores(18111, 8, 0, 0.01, 0.01);
    const expected = withoutWebAssembly(() => {
      const out = new Float32Array(18111);
      approxRankPercentilesInto(original, out);
      return out;
    });
    const scores = original.slice();
    approxRankPercentilesInto(scores, scores);
    expect(floatBits(scores)).toEqual(floatBits(expected));

    const pool = Int32Array.from({ length: 1500 }, (_, p) => p * 12);
    const expectedAt = withoutWebAssembly(() => {
      const out = new Float32Array(1500);
      approxRankPercentilesAtInto(original, pool, out);
      return out;
    });
    const inPlace = original.slice();
    approxRankPercentilesAtInto(inPlace, pool, inPlace.subarray(0, 1500));
    expect(floatBits(inPlace.subarray(0, 1500))).toEqual(floatBits(expectedAt));
    expect(floatBits(inPlace.subarray(1500))).toEqual(floatBits(original.subarray(1500)));
  });

  it('takes larger inputs after smaller ones (the memory is replaced) and smaller after larger', () => {
    for (const n of [5000, 30000, 4500, 100000, 20000]) {
      const scores = awkwardScores(n, n);
      expect(all(scores).wasm, `n ${n}`).toEqual(all(scores).js);
      const pair = at(scores, positionsOf(n * 2, n, 1));
      expect(pair.wasm, `at: n ${n}`).toEqual(pair.js);
    }
  });

  it('still ranks without WebAssembly (the JavaScript fallback)', () => {
    const scores = Float32Array.from({ length: 5000 }, (_, i) => i);
    const out = withoutWebAssembly(() => {
      const result = new Float32Array(5000);
      approxRankPercentilesInto(scores, result);
      return result;
    });
    expect(out[0]).toBe(0);
    expect(out[4999]).toBe(1);
    expect(out[2500]).toBeCloseTo(0.5, 3);
  });
});
