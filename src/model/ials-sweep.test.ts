import { describe, expect, it } from 'vitest';
import { balancedRanges } from './ials-sweep.ts';

describe('balancedRanges', () => {
  it('cuts rows into contiguous ranges of about equal work', () => {
    // Row r has r entries: later rows cost more, so the ranges get shorter.
    const indptr = Int32Array.from({ length: 101 }, (_, r) => (r * (r - 1)) / 2);
    const bounds = balancedRanges(indptr, 3, 8, 3);
    expect(bounds[0]).toBe(0);
    expect(bounds[3]).toBe(100);
    const work = (from: number, to: number): number => {
      let w = 0;
      for (let r = from; r < to; r++) w += 4 * 8 + 9 * (indptr[r + 1] - indptr[r]);
      return w;
    };
    const parts = [0, 1, 2].map((p) => work(bounds[p], bounds[p + 1]));
    const total = parts.reduce((a, b) => a + b, 0);
    for (const w of parts) expect(Math.abs(w - total / 3)).toBeLessThan(0.05 * total);
    expect(bounds[1] - bounds[0]).toBeGreaterThan(bounds[3] - bounds[2]);
  });

  it('handles one part, more parts than rows, and no rows', () => {
    expect(Array.from(balancedRanges(Int32Array.of(0, 2, 3), 1, 4, 3))).toEqual([0, 2]);
    const many = balancedRanges(Int32Array.of(0, 1, 2), 5, 4, 3);
    expect(many[0]).toBe(0);
    expect(many[5]).toBe(2);
    for (let p = 0; p < 5; p++) expect(many[p + 1]).toBeGreaterThanOrEqual(many[p]);
    expect(Array.from(balancedRanges(Int32Array.of(0), 2, 4, 3))).toEqual([0, 0, 0]);
  });
});
