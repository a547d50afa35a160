import { describe, expect, it } from 'vitest';
import { Random } from './random.ts';

describe('Random', () => {
  it('repeats its stream for a seed and differs between seeds', () => {
    const draw = (seed: number): number[] => {
      const r = new Random(seed);
      return Array.from({ length: 20 }, () => r.nextUint32());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    expect(new Set(draw(0)).size).toBe(20);
  });

  it('draws uniforms in [0, 1) and integers in [0, n) with the right mean', () => {
    const r = new Random(5);
    let sum = 0;
    let min = 1;
    let max = 0;
    const counts = new Int32Array(7);
    for (let i = 0; i < 70_000; i++) {
      const u = r.next();
      min = Math.min(min, u);
      max = Math.max(max, u);
      sum += u;
      counts[r.nextInt(7)]++;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(sum / 70_000).toBeCloseTo(0.5, 2);
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
    expect(() => r.nextInt(0)).toThrow(RangeError);
  });

  it('draws standard normals (mean 0, variance 1) and fills arrays with a given spread', () => {
    const r = new Random(9);
    const samples = new Float64Array(100_000);
    r.fillNormal(samples, 2);
    const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
    const variance = samples.reduce((a, b) => a + (b - mean) ** 2, 0) / samples.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(variance).toBeCloseTo(4, 1);
    expect(() => new Random(1.5)).toThrow(RangeError);
  });
});
