import { describe, expect, it } from 'vitest';
import { describeRecommender } from '../../test/recommender-contract.ts';
import { csrFromTriples, type Csr } from '../core/csr.ts';
import { Random } from '../core/random.ts';
import { itemKnnFromParts, ItemKnnTrainer } from './item-knn.ts';

function fromDense(rows: number[][]): Csr {
  const r: number[] = [];
  const c: number[] = [];
  const v: number[] = [];
  rows.forEach((row, i) => row.forEach((x, j) => x !== 0 && (r.push(i), c.push(j), v.push(x))));
  return csrFromTriples(rows.length, rows[0].length, r, c, v);
}

// Item columns: i0 = (1,1,0,0), i1 = (1,1,1,0), i2 = (0,1,1,0), i3 = (0,0,0,1).
const binary = fromDense([
  [1, 1, 0, 0],
  [1, 1, 1, 0],
  [0, 1, 1, 0],
  [0, 0, 0, 1],
]);

describe('ItemKnn (cosine)', () => {
  const model = new ItemKnnTrainer().fit(binary);

  it('stores the hand-computed cosines between item columns', () => {
    expect(model.similarityOf(0, 1)).toBeCloseTo(2 / Math.sqrt(6), 6);
    expect(model.similarityOf(1, 0)).toBeCloseTo(2 / Math.sqrt(6), 6);
    expect(model.similarityOf(0, 2)).toBeCloseTo(1 / 2, 6);
    expect(model.similarityOf(1, 2)).toBeCloseTo(2 / Math.sqrt(6), 6);
    expect(model.similarityOf(0, 3)).toBe(0);
  });

  it('weights by confidence', () => {
    const weighted = new ItemKnnTrainer().fit(
      fromDense([
        [1, 1, 0],
        [1, 2, 1],
        [0, 1, 1],
      ]),
    );
    // i0 = (1,1,0), i1 = (1,2,1): cos = 3 / (√2 · √6).
    expect(weighted.similarityOf(0, 1)).toBeCloseTo(3 / Math.sqrt(12), 6);
  });

  it('keeps no self-similarity and no zero entries', () => {
    const { indptr, indices, data } = model.similarity;
    for (let i = 0; i < model.itemCount; i++) {
      for (let p = indptr[i]; p < indptr[i + 1]; p++) {
        expect(indices[p]).not.toBe(i);
        expect(data[p]).toBeGreaterThan(0);
      }
    }
    expect(indptr[4] - indptr[3]).toBe(0);
  });

  it('scores a library as Σ_j r_j · s_ji and explains with r_j · s_ji', () => {
    const row = { indices: Int32Array.of(0, 2), values: Float32Array.of(2, 3) };
    const out = new Float32Array(4);
    model.scoreInto(row, out);
    expect(out[1]).toBeCloseTo(2 * (2 / Math.sqrt(6)) + 3 * (2 / Math.sqrt(6)), 5);
    expect(out[0]).toBeCloseTo(3 * 0.5, 5);
    expect(out[3]).toBe(0);
    const contributions = model.explain(row, 1);
    expect(contributions[0]).toBeCloseTo(2 * (2 / Math.sqrt(6)), 5);
    expect(contributions[1]).toBeCloseTo(3 * (2 / Math.sqrt(6)), 5);
  });

  it('keeps only the K best neighbours, ties going to the lower item id', () => {
    const pruned = new ItemKnnTrainer({ neighbours: 1 }).fit(binary);
    expect(pruned.similarityOf(0, 1)).toBeGreaterThan(0);
    expect(pruned.similarityOf(0, 2)).toBe(0);
    // Item 1 is equally close to items 0 and 2.
    expect(pruned.similarityOf(1, 0)).toBeGreaterThan(0);
    expect(pruned.similarityOf(1, 2)).toBe(0);
    expect(pruned.similarityOf(2, 1)).toBeGreaterThan(0);
  });

  it('round-trips through its parts', () => {
    const rebuilt = itemKnnFromParts(model.toParts());
    const row = { indices: Int32Array.of(1), values: Float32Array.of(4) };
    const a = new Float32Array(4);
    const b = new Float32Array(4);
    model.scoreInto(row, a);
    rebuilt.scoreInto(row, b);
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(() => itemKnnFromParts({ ...model.toParts(), params: { items: 5 } })).toThrow(RangeError);
  });

  it('rejects library columns and items outside the model', () => {
    expect(() =>
      model.scoreInto({ indices: Int32Array.of(4), values: Float32Array.of(1) }, new Float32Array(4)),
    ).toThrow(RangeError);
    expect(() => model.explain({ indices: Int32Array.of(0), values: Float32Array.of(1) }, 9)).toThrow(
      RangeError,
    );
  });
});

describe('ItemKnn (bm25)', () => {
  // A collector owns every game; one ordinary user owns games 2 and 3.
  const matrix = fromDense([
    [1, 1, 1, 1],
    [0, 0, 1, 1],
  ]);

  it('ignores co-ownership that only a collector provides, unlike cosine', () => {
    expect(new ItemKnnTrainer().fit(matrix).similarityOf(0, 1)).toBeCloseTo(1, 6);
    expect(new ItemKnnTrainer({ similarity: 'bm25' }).fit(matrix).similarityOf(0, 1)).toBe(0);
  });

  it('matches the BM25 weights computed by hand', () => {
    // len = (1, 1, 2, 2), mean 1.5; items 2 and 3: norm = 0.25 + 0.75 · 2 / 1.5 = 1.25;
    // w = 1 · 2.2 / (1.2 · 1.25 + 1) · ln(4 / 3) for the ordinary user, 0 for the collector.
    const w = (2.2 / 2.5) * Math.log(4 / 3);
    expect(new ItemKnnTrainer({ similarity: 'bm25' }).fit(matrix).similarityOf(2, 3)).toBeCloseTo(w * w, 6);
  });
});

describe('ItemKnnTrainer', () => {
  it('rejects bad options', () => {
    expect(() => new ItemKnnTrainer({ neighbours: 0 })).toThrow(/neighbours/);
    expect(() => new ItemKnnTrainer({ similarity: 'jaccard' as never })).toThrow(/similarity/);
    expect(() => new ItemKnnTrainer({ bm25B: 2 })).toThrow(/bm25B/);
  });

  it('fits a steam-200k-sized matrix (10k users × 3.5k items, skewed) in a few seconds', () => {
    const random = new Random(7);
    const users = 10_000;
    const items = 3_500;
    const r: number[] = [];
    const c: number[] = [];
    const v: number[] = [];
    for (let u = 0; u < users; u++) {
      // Log-normal library sizes (median ~6, a few hundreds) and popularity-skewed games, like Steam.
      const size = Math.min(800, Math.max(1, Math.round(Math.exp(1.8 + 1.1 * random.normal()))));
      for (let k = 0; k < size; k++) {
        r.push(u);
        c.push(Math.floor(items * random.next() ** 3));
        v.push(1 + 5 * random.next());
      }
    }
    const matrix = csrFromTriples(users, items, r, c, v);
    expect(matrix.indices.length).toBeGreaterThan(60_000);
    const started = performance.now();
    const model = new ItemKnnTrainer().fit(matrix);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(6_000);
    for (let i = 0; i < items; i++)
      expect(model.similarity.indptr[i + 1] - model.similarity.indptr[i]).toBeLessThanOrEqual(100);
  });
});

describeRecommender('item-knn (cosine)', () => new ItemKnnTrainer());
describeRecommender('item-knn (bm25)', () => new ItemKnnTrainer({ similarity: 'bm25' }));
