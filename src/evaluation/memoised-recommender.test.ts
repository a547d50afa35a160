import { describe, expect, it } from 'vitest';
import { csrFromTriples } from '../core/csr.ts';
import { ItemKnnTrainer } from '../model/item-knn.ts';
import { MemoisedRecommender } from './memoised-recommender.ts';

const matrix = csrFromTriples(
  4,
  4,
  [0, 0, 1, 1, 2, 2, 3, 3],
  [0, 1, 1, 2, 2, 3, 0, 3],
  [1, 2, 3, 1, 2, 1, 1, 5],
);
const inner = new ItemKnnTrainer().fit(matrix);

describe('MemoisedRecommender', () => {
  it('answers exactly as the model it wraps, from memory the second time', () => {
    const memo = new MemoisedRecommender(inner);
    const rows = [
      { indices: Int32Array.of(0), values: Float32Array.of(2) },
      { indices: Int32Array.of(0), values: Float32Array.of(3) },
      { indices: Int32Array.of(1, 3), values: Float32Array.of(1, 1) },
    ];
    for (let pass = 0; pass < 2; pass++) {
      for (const row of rows) {
        const expected = new Float32Array(4);
        const got = new Float32Array(4).fill(99);
        inner.scoreInto(row, expected);
        memo.scoreInto({ indices: row.indices.slice(), values: row.values.slice() }, got);
        expect(got).toEqual(expected);
      }
    }
    expect(memo.hits).toBe(3);
    expect(memo.itemCount).toBe(inner.itemCount);
    expect(memo.explain(rows[2]!, 0)).toEqual(inner.explain(rows[2]!, 0));
  });

  it('keeps the wrapped model’s size check', () => {
    const memo = new MemoisedRecommender(inner);
    const row = { indices: Int32Array.of(0), values: Float32Array.of(1) };
    memo.scoreInto(row, new Float32Array(4));
    expect(() => memo.scoreInto(row, new Float32Array(3))).toThrow(RangeError);
  });
});
