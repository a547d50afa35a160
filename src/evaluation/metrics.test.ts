import { describe, expect, it } from 'vitest';
import { catalogCoverage, meanPopularity, ndcgAtK, recallAtK } from './metrics.ts';

const l2 = Math.log2;

describe('recallAtK', () => {
  it('counts hits in the top K over min(K, |relevant|)', () => {
    expect(recallAtK([3, 1, 2], new Set([1, 2]), 2)).toBe(1 / 2);
    expect(recallAtK([3, 1, 2], new Set([1, 2]), 3)).toBe(1);
  });

  it('can reach 1 when there are more relevant items than K (Liang et al.)', () => {
    expect(recallAtK([4, 5, 9], new Set([4, 5, 6, 7, 8]), 2)).toBe(1);
  });

  it('handles K larger than the list', () => {
    expect(recallAtK([5], new Set([5, 6]), 10)).toBe(1 / 2);
    expect(recallAtK([], new Set([5]), 10)).toBe(0);
  });

  it('counts a repeated item once', () => {
    expect(recallAtK([1, 1, 1], new Set([1, 2, 3]), 3)).toBe(1 / 3);
  });

  it('is undefined (NaN) without relevant items and rejects a bad K', () => {
    expect(recallAtK([1, 2], new Set(), 2)).toBeNaN();
    expect(() => recallAtK([1], new Set([1]), 0)).toThrow(/k must/);
    expect(() => recallAtK([1], new Set([1]), 1.5)).toThrow(/k must/);
  });
});

describe('ndcgAtK', () => {
  it('matches the hand-computed example', () => {
    // ranked [3, 1, 2], relevant {1, 2}, K = 2: DCG = 1/log2(3); IDCG = 1 + 1/log2(3).
    expect(ndcgAtK([3, 1, 2], new Set([1, 2]), 2)).toBeCloseTo(1 / l2(3) / (1 + 1 / l2(3)), 12);
    expect(ndcgAtK([3, 1, 2], new Set([1, 2]), 3)).toBeCloseTo((1 / l2(3) + 1 / l2(4)) / (1 + 1 / l2(3)), 12);
  });

  it('is 1 for a perfect ranking and 0 for no hit', () => {
    expect(ndcgAtK([1, 2, 9], new Set([1, 2]), 3)).toBeCloseTo(1, 12);
    expect(ndcgAtK([7, 8, 9], new Set([1, 2]), 3)).toBe(0);
  });

  it('takes the ideal DCG over min(K, |relevant|) and handles K beyond the list', () => {
    expect(ndcgAtK([1, 2], new Set([1, 2, 3, 4, 5]), 2)).toBeCloseTo(1, 12);
    expect(ndcgAtK([9, 5], new Set([5, 6]), 10)).toBeCloseTo(1 / l2(3) / (1 + 1 / l2(3)), 12);
  });

  it('does not reward a repeated hit', () => {
    expect(ndcgAtK([1, 1], new Set([1, 2]), 2)).toBeCloseTo(1 / (1 + 1 / l2(3)), 12);
  });

  it('is NaN without relevant items', () => {
    expect(ndcgAtK([1], new Set(), 5)).toBeNaN();
  });
});

describe('catalogCoverage', () => {
  it('is the share of the catalog shown to at least one user', () => {
    expect(
      catalogCoverage(
        [
          [0, 1],
          [1, 2],
        ],
        10,
      ),
    ).toBeCloseTo(0.3, 12);
    expect(
      catalogCoverage(
        [
          [0, 1],
          [1, 2],
        ],
        10,
        1,
      ),
    ).toBeCloseTo(0.2, 12);
    expect(
      catalogCoverage(
        [
          [0, 1],
          [0, 2],
        ],
        10,
        1,
      ),
    ).toBeCloseTo(0.1, 12);
    expect(catalogCoverage([], 10)).toBe(0);
  });

  it('rejects an impossible catalog size', () => {
    expect(() => catalogCoverage([[0, 1, 2]], 2)).toThrow(/catalog of 2/);
    expect(() => catalogCoverage([[0]], 0)).toThrow(/catalogSize/);
  });
});

describe('meanPopularity', () => {
  const popularity = [1, 2, 6];

  it('averages the popularity of every recommended slot', () => {
    expect(meanPopularity([[0, 1], [2]], popularity)).toBe(3);
    expect(meanPopularity([[0, 1], [2]], popularity, 1)).toBe(3.5);
  });

  it('is NaN for no recommendations and rejects unknown items', () => {
    expect(meanPopularity([], popularity)).toBeNaN();
    expect(() => meanPopularity([[3]], popularity)).toThrow(/item 3/);
  });
});
