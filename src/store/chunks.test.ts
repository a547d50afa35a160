import { describe, expect, it } from 'vitest';
import { chunks } from './chunks.ts';

describe('chunks', () => {
  it('splits into slices of the size, keeping order, the last one shorter', () => {
    const items = Array.from({ length: 7 }, (_, i) => i);
    const sliced = chunks(items, 3);
    expect(sliced.map((slice) => slice.length)).toEqual([3, 3, 1]);
    expect(sliced.flat()).toEqual(items);
    expect(chunks([], 3)).toEqual([]);
  });

  it('rejects a size that is not a positive integer', () => {
    expect(() => chunks([1], 0)).toThrow(RangeError);
    expect(() => chunks([1], 1.5)).toThrow(RangeError);
  });
});
