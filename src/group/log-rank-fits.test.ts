import { describe, expect, it } from 'vitest';
import { poolFitsInto } from './normalise-fits.ts';
import { Random } from '../core/random.ts';
import { KernelMemory } from '../core/kernels/kernel-memory.ts';
import { LogRankFits } from '../core/kernels/log-rank-fits.ts';
import { floatBits, withoutWebAssembly } from '../../test/fixtures/bit-identity.ts';

/** poolFitsInto's fits with the kernels and, WebAssembly hidden, in JavaScript alone (the reference). */
function both(scores: Float32Array, at?: Int32Array): { wasm: number[]; js: number[] } {
  const run = (): number[] => {
    const out = new Float32Array(at === undefined ? scores.length : at.length).fill(-7);
    poolFitsInto(scores, out, at);
    return floatBits(out);
  };
  const wasm = run();
  return { wasm, js: withoutWebAssembly(run) };
}

function scoresOf(n: number, seed: number, step = 0): Float32Array {
  const random = new Random(seed);
  return Float32Array.from({ length: n }, () => {
    const v = Math.exp(2 * random.normal());
    return step > 0 ? Math.round(v / step) * step : v;
  });
}

describe('LogRankFits (the log-rank pass of poolFitsInto in WebAssembly)', () => {
  it('runs here (so the comparisons below compare two forms)', () => {
    expect(KernelMemory.available()).toBe(true);
    expect(LogRankFits.forSizes(100, 101)).toBeDefined();
  });

  it('gives fits bit-identical to the JavaScript, with and without positions, below and above rank 512', () => {
    let seed = 3;
    for (const n of [2, 3, 100, 511, 512, 513, 600, 5000, 16283, 20000]) {
      for (const step of [0, 0.5]) {
        const scores = scoresOf(n, seed++, step);
        const all = both(scores);
        expect(all.wasm).toEqual(all.js);
        const at = Int32Array.from({ length: Math.ceil(n / 3) }, (_, i) => Math.min(n - 1, i * 3));
        const some = both(scores, at);
        expect(some.wasm).toEqual(some.js);
      }
    }
  });

  it('leaves only the ranks below 512 (or outside the pool) to the caller', () => {
    const kernel = LogRankFits.forSizes(6, 1001) as LogRankFits;
    const table = Float64Array.from({ length: 1001 }, (_, r) => Math.log1p(r));
    // Pool of 1000: percentile 1 is rank 0, 0 is rank 999, 0.5 is rank 499.5, 0.4 is rank 599.4.
    const values = Float32Array.of(1, 0, 0.5, 0.4, -0.5, Number.NaN);
    const left = Array.from(kernel.fitsInto(values, 999, 1 / Math.log(1000), table));
    expect(left).toEqual([0, 2, 4, 5]);
    expect(values[0]).toBe(1);
    expect(values[1]).toBe(Math.fround(1 - (table[999] as number) * (1 / Math.log(1000))));
    expect(values[3]).toBeCloseTo(1 - Math.log1p(599.4) / Math.log(1000), 6);
    expect(() => kernel.fitsInto(new Float32Array(3), 999, 1, table.subarray(0, 10))).toThrow(RangeError);
  });
});
