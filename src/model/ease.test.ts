import { describe, expect, it } from 'vitest';
import { describeRecommender, blockFixture } from '../../test/recommender-contract.ts';
import { csrFromTriples } from '../core/csr.ts';
import { Random } from '../core/random.ts';
import { topK } from '../core/top-k.ts';
import { EaseTrainer } from './ease.ts';

describeRecommender('ease', () => new EaseTrainer({ lambda: 10, minUsersPerItem: 1 }));

/** Gauss–Jordan inverse with partial pivoting: slow and independent of the Cholesky path under test. */
function referenceInverse(A: Float64Array, n: number): Float64Array {
  const M = Array.from({ length: n }, (_, i) => [
    ...Array.from(A.subarray(i * n, (i + 1) * n)),
    ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)),
  ]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[pivot][c])) pivot = r;
    [M[c], M[pivot]] = [M[pivot], M[c]];
    const d = M[c][c];
    for (let j = 0; j < 2 * n; j++) M[c][j] /= d;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r][c];
      for (let j = 0; j < 2 * n; j++) M[r][j] -= f * M[c][j];
    }
  }
  return Float64Array.from(M.flatMap((row) => row.slice(n)));
}

function randomMatrix(users: number, items: number, density: number, seed: number) {
  const random = new Random(seed);
  const rows: number[] = [];
  const cols: number[] = [];
  const values: number[] = [];
  for (let u = 0; u < users; u++) {
    for (let i = 0; i < items; i++) {
      if (random.next() < density) {
        rows.push(u);
        cols.push(i);
        values.push(1 + 5 * random.next());
      }
    }
  }
  return csrFromTriples(users, items, rows, cols, values);
}

describe('EASE', () => {
  it('has a zero diagonal and equals B = I − P·diag(1/diag(P)) with P = (XᵀX + λI)⁻¹', () => {
    const matrix = randomMatrix(40, 9, 0.35, 1);
    const lambda = 3;
    for (const weighting of ['binary', 'confidence'] as const) {
      const model = new EaseTrainer({ lambda, minUsersPerItem: 1, weighting }).fit(matrix);
      const n = matrix.cols;
      expect(Array.from(model.items)).toEqual([...Array(n).keys()]);
      const G = new Float64Array(n * n);
      for (let u = 0; u < matrix.rows; u++) {
        for (let a = matrix.indptr[u]; a < matrix.indptr[u + 1]; a++) {
          for (let b = matrix.indptr[u]; b < matrix.indptr[u + 1]; b++) {
            const va = weighting === 'binary' ? 1 : matrix.data[a];
            const vb = weighting === 'binary' ? 1 : matrix.data[b];
            G[matrix.indices[a] * n + matrix.indices[b]] += va * vb;
          }
        }
      }
      for (let i = 0; i < n; i++) G[i * n + i] += lambda;
      const P = referenceInverse(G, n);
      for (let i = 0; i < n; i++) {
        expect(model.weights[i * n + i]).toBe(0);
        for (let j = 0; j < n; j++) {
          const expected = (i === j ? 1 : 0) - P[i * n + j] / P[j * n + j];
          expect(model.weights[i * n + j]).toBeCloseTo(expected, 6);
        }
      }
    }
  });

  it('scores a library as r·B and explains each score as its r_j·B[j][item] terms', () => {
    const matrix = randomMatrix(30, 7, 0.4, 2);
    const model = new EaseTrainer({ lambda: 2, minUsersPerItem: 1, weighting: 'confidence' }).fit(matrix);
    const row = { indices: Int32Array.of(1, 4, 6), values: Float32Array.of(2, 1.5, 3) };
    const scores = new Float32Array(7);
    model.scoreInto(row, scores);
    for (let item = 0; item < 7; item++) {
      let expected = 0;
      for (let t = 0; t < 3; t++) expected += row.values[t] * model.weights[row.indices[t] * 7 + item];
      expect(scores[item]).toBeCloseTo(expected, 5);
      const parts = model.explain(row, item);
      expect(parts.reduce((a, b) => a + b, 0)).toBeCloseTo(scores[item], 5);
    }
  });

  it('leaves items with too few users out: they score −Infinity, are never recommended and explain nothing', () => {
    const fixture = blockFixture();
    const counts = new Int32Array(fixture.matrix.cols);
    for (const i of fixture.matrix.indices) counts[i]++;
    const threshold = 12;
    const model = new EaseTrainer({ lambda: 10, minUsersPerItem: threshold }).fit(fixture.matrix);
    const row = fixture.rowOf(1);
    const scores = new Float32Array(model.itemCount);
    model.scoreInto(row, scores);
    const rare = [...counts.keys()].filter((i) => counts[i] < threshold);
    expect(rare.length).toBeGreaterThan(0);
    expect(model.items.length).toBe(fixture.matrix.cols - rare.length);
    for (const i of rare) {
      expect(scores[i]).toBe(-Infinity);
      expect(model.explain(row, i).every((v) => v === 0)).toBe(true);
    }
    const top = topK(scores, model.itemCount);
    for (const i of rare) expect(top).not.toContain(i);
  });

  it('scores and explains libraries in a session exactly as one call at a time, items outside the model too', () => {
    const fixture = blockFixture();
    for (const weighting of ['binary', 'confidence'] as const) {
      const model = new EaseTrainer({ lambda: 10, minUsersPerItem: 12, weighting }).fit(fixture.matrix);
      const rows = [1, 7, 30].map((u) => fixture.rowOf(u));
      rows.push({ indices: new Int32Array(0), values: new Float32Array(0) });
      const session = model.session(rows);
      const outs = rows.map(() => new Float32Array(model.itemCount));
      session.scoreInto(outs);
      const columns = Int32Array.of(model.itemCount - 1, 0, 3);
      const picked = rows.map(() => new Float32Array(columns.length));
      session.scoreInto(picked, columns);
      rows.forEach((row, r) => {
        const alone = new Float32Array(model.itemCount);
        model.scoreInto(row, alone);
        expect(outs[r]).toEqual(alone);
        expect(Array.from(picked[r] as Float32Array)).toEqual(Array.from(columns, (c) => alone[c]));
        // Each entry's r_j·B[j][item] (1·B[j][item] when binary), 0 where the entry or the item is outside
        // the model: computed here from B, as model.explain is the session's explain.
        const n = model.items.length;
        const rowOf = (column: number): number => model.items.indexOf(column);
        for (let item = 0; item < model.itemCount; item++) {
          const expected = new Float32Array(row.indices.length);
          const target = rowOf(item);
          row.indices.forEach((column, t) => {
            const m = rowOf(column);
            if (m >= 0 && target >= 0)
              expected[t] =
                (weighting === 'binary' ? 1 : (row.values[t] as number)) * model.weights[m * n + target]!;
          });
          expect(session.explain(r, item)).toEqual(expected);
          expect(model.explain(row, item)).toEqual(expected);
        }
      });
      expect(() => session.explain(4, 0)).toThrow(/no row 4/);
      expect(() => session.explain(0, model.itemCount)).toThrow(RangeError);
    }
  });

  it('keeps only the maxItems most popular items', () => {
    const matrix = randomMatrix(60, 12, 0.3, 3);
    const counts = new Int32Array(12);
    for (const i of matrix.indices) counts[i]++;
    const model = new EaseTrainer({ lambda: 5, minUsersPerItem: 1, maxItems: 5 }).fit(matrix);
    const kept = new Set(model.items);
    expect(kept.size).toBe(5);
    const weakestKept = Math.min(...[...kept].map((i) => counts[i]));
    for (let i = 0; i < 12; i++) if (!kept.has(i)) expect(counts[i]).toBeLessThanOrEqual(weakestKept);
  });

  it('refuses bad options with a RangeError', () => {
    expect(() => new EaseTrainer({ lambda: 0 })).toThrow(RangeError);
    expect(() => new EaseTrainer({ minUsersPerItem: 0 })).toThrow(RangeError);
    expect(() => new EaseTrainer({ weighting: 'log' as 'binary' })).toThrow(RangeError);
  });
});
