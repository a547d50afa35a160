import { describe, expect, it } from 'vitest';
import { describeRecommender } from '../../test/recommender-contract.ts';
import { csrFromTriples, type Csr } from '../core/csr.ts';
import { NOT_CANDIDATE, popularityFromParts, PopularityTrainer } from './popularity.ts';

function fromDense(rows: number[][]): Csr {
  const r: number[] = [];
  const c: number[] = [];
  const v: number[] = [];
  rows.forEach((row, i) => row.forEach((x, j) => x !== 0 && (r.push(i), c.push(j), v.push(x))));
  return csrFromTriples(rows.length, rows[0].length, r, c, v);
}

// Item 1 is owned by everyone but barely played; item 2 by two users who play it a lot.
const matrix = fromDense([
  [1, 1.5, 0, 0],
  [0, 1.5, 30, 0],
  [1, 1.5, 30, 2],
]);
const someRow = { indices: Int32Array.of(0, 3), values: Float32Array.of(5, 1) };

function scores(
  model: { itemCount: number; scoreInto: (r: typeof someRow, out: Float32Array) => void },
  row = someRow,
) {
  const out = new Float32Array(model.itemCount);
  model.scoreInto(row, out);
  return Array.from(out);
}

describe('Popularity', () => {
  it('ranks by the number of users by default', () => {
    expect(scores(new PopularityTrainer().fit(matrix))).toEqual([2, 3, 2, 1]);
  });

  it('ranks by summed confidence when asked', () => {
    const s = scores(new PopularityTrainer({ weighting: 'confidence' }).fit(matrix));
    expect(s[2]).toBeGreaterThan(s[1]);
    expect(s).toEqual([2, 4.5, 60, 2]);
  });

  it('gives every library the same scores', () => {
    const model = new PopularityTrainer().fit(matrix);
    expect(scores(model, { indices: new Int32Array(0), values: new Float32Array(0) })).toEqual(scores(model));
  });

  it('puts items outside the candidate set below every candidate', () => {
    const model = new PopularityTrainer({ candidates: Uint8Array.of(1, 0, 1, 1) }).fit(matrix);
    const s = scores(model);
    expect(s[1]).toBe(NOT_CANDIDATE);
    for (const j of [0, 2, 3]) expect(s[j]).toBeGreaterThan(s[1]);
  });

  it('explains with zeros aligned to the library', () => {
    expect(Array.from(new PopularityTrainer().fit(matrix).explain(someRow, 1))).toEqual([0, 0]);
  });

  it('round-trips through its parts', () => {
    const model = new PopularityTrainer({ weighting: 'confidence' }).fit(matrix);
    const rebuilt = popularityFromParts(model.toParts());
    expect(scores(rebuilt)).toEqual(scores(model));
    expect(rebuilt.toParts().params).toEqual({ weighting: 'confidence' });
  });

  it('rejects a candidate mask of the wrong size, a bad weighting and foreign parts', () => {
    expect(() => new PopularityTrainer({ candidates: new Uint8Array(2) }).fit(matrix)).toThrow(
      /candidate mask/,
    );
    expect(() => new PopularityTrainer({ weighting: 'hours' as never })).toThrow(/weighting/);
    expect(() => popularityFromParts({ algorithm: 'ials', params: {}, blocks: {} })).toThrow(RangeError);
  });

  it('rejects an output buffer of the wrong size', () => {
    expect(() => new PopularityTrainer().fit(matrix).scoreInto(someRow, new Float32Array(3))).toThrow(
      RangeError,
    );
  });
});

describeRecommender('popularity', () => new PopularityTrainer(), { personalized: false });
