import { describe, expect, it } from 'vitest';
import { blockFixture, describeRecommender } from '../../test/recommender-contract.ts';
import { csrFromTriples, type Csr } from '../core/csr.ts';
import {
  buildItemFeatures,
  Content,
  contentFromParts,
  ContentTrainer,
  type ItemDescription,
} from './content.ts';
import { EaseTrainer } from './ease.ts';
import { Hybrid, hybridFromParts, HybridTrainer } from './hybrid.ts';
import { sessionOf } from './scoring-session.ts';
import { IalsTrainer } from './ials.ts';
import { itemKnnFromParts, ItemKnnTrainer } from './item-knn.ts';
import { popularityFromParts, PopularityTrainer } from './popularity.ts';
import type { ModelParts, Recommender, SparseRow } from './recommender.ts';

function fromDense(rows: number[][]): Csr {
  const r: number[] = [];
  const c: number[] = [];
  const v: number[] = [];
  rows.forEach((row, i) => row.forEach((x, j) => x !== 0 && (r.push(i), c.push(j), v.push(x))));
  return csrFromTriples(rows.length, rows[0].length, r, c, v);
}

// Reference percentile by counting, independent of the sort-based implementation.
function percentiles(values: ArrayLike<number>): number[] {
  const n = values.length;
  return Array.from(values, (v) => {
    let below = 0;
    let equal = 0;
    for (let j = 0; j < n; j++) {
      if (values[j] < v) below++;
      else if (values[j] === v) equal++;
    }
    return n === 1 ? 0.5 : (below + (equal - 1) / 2) / (n - 1);
  });
}

function scores(model: Recommender, row: SparseRow): Float32Array {
  const out = new Float32Array(model.itemCount);
  model.scoreInto(row, out);
  return out;
}

const game = (tags: string[]): ItemDescription => ({ tags, genres: [], categories: [] });
// Catalog columns 0–3 were played in the training data (CF columns 3, 2, 1, 0: deliberately not monotone);
// 4 and 5 are games nobody in the data played.
const catalog = [
  game(['Co-op', 'Zombies']),
  game(['Racing']),
  game(['Puzzle']),
  game(['Strategy']),
  game(['Co-op', 'Zombies', 'Survival']),
  game(['Farming']),
];
const cfColumnOf = Int32Array.of(3, 2, 1, 0, -1, -1);
// CF space: column k is catalog column 3 - k. Popularity by users: CF counts (1, 4, 2, 3).
const cfMatrix = fromDense([
  [1, 1, 1, 1],
  [0, 1, 1, 1],
  [0, 1, 0, 1],
  [0, 1, 0, 0],
]);
const content = new Content(buildItemFeatures(catalog));
const library: SparseRow = { indices: Int32Array.of(0), values: Float32Array.of(5) };

describe('Hybrid', () => {
  const cf = new PopularityTrainer().fit(cfMatrix);
  const weight = 0.6;
  const hybrid = new Hybrid({ cf, cfColumnOf, content, weight });

  it('blends CF and content percentiles for known games and imputes the median CF for unknown ones', () => {
    const cfPct = percentiles(scores(cf, { indices: new Int32Array(0), values: new Float32Array(0) }));
    const contentPct = percentiles(scores(content, library));
    const out = scores(hybrid, library);
    for (let i = 0; i < catalog.length; i++) {
      const cfPart = cfColumnOf[i] >= 0 ? cfPct[cfColumnOf[i]] : 0.5;
      expect(out[i]).toBeCloseTo(weight * cfPart + (1 - weight) * contentPct[i], 5);
    }
  });

  it('gives a game unknown to CF but similar in content a finite score above a dissimilar unknown game', () => {
    const out = scores(hybrid, library);
    expect(Number.isFinite(out[4])).toBe(true);
    expect(out[4]).toBeGreaterThan(out[5]);
    // It also beats the known games that share nothing with the library and that CF rates below median.
    expect(out[4]).toBeGreaterThan(out[3]);
    for (const x of out) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(1);
    }
  });

  it('maps the library into CF columns and drops games CF does not know', () => {
    const knn = new ItemKnnTrainer().fit(cfMatrix);
    const withKnn = new Hybrid({ cf: knn, cfColumnOf, content, weight: 1 });
    const mixed: SparseRow = { indices: Int32Array.of(1, 3, 5), values: Float32Array.of(2, 1, 9) };
    const expectedCf = percentiles(
      scores(knn, { indices: Int32Array.of(0, 2), values: Float32Array.of(1, 2) }),
    );
    const out = scores(withKnn, mixed);
    for (let i = 0; i < 4; i++) expect(out[i]).toBeCloseTo(expectedCf[cfColumnOf[i]], 5);
  });

  it('is neutral (0.5 everywhere) for an empty library', () => {
    const knnHybrid = new Hybrid({ cf: new ItemKnnTrainer().fit(cfMatrix), cfColumnOf, content, weight });
    for (const x of scores(knnHybrid, { indices: new Int32Array(0), values: new Float32Array(0) }))
      expect(x).toBeCloseTo(0.5, 6);
  });

  it('explains known games with both models and unknown games with content alone', () => {
    const knn = new ItemKnnTrainer().fit(cfMatrix);
    const h = new Hybrid({ cf: knn, cfColumnOf, content, weight });
    // Library: catalog 1 (known, CF column 2) and catalog 4 (unknown to CF, content twin of catalog 0).
    const row: SparseRow = { indices: Int32Array.of(1, 4), values: Float32Array.of(1, 1) };
    const known = h.explain(row, 0);
    const cfOnly = knn.explain({ indices: Int32Array.of(2), values: Float32Array.of(1) }, 3);
    expect(cfOnly[0]).toBeGreaterThan(0);
    expect(known[0]).toBeCloseTo(weight, 5); // all CF evidence; racing shares no content with catalog 0
    expect(known[1]).toBeCloseTo(1 - weight, 5); // all content evidence
    const unknown = h.explain(row, 5);
    expect(Array.from(unknown)).toEqual([0, 0]);
    const twin = h.explain(row, 4);
    expect(twin[1]).toBeCloseTo(1 - weight, 5);
    expect(twin[0]).toBe(0);
  });

  it('round-trips through nested parts', () => {
    const knnHybrid = new Hybrid({
      cf: new ItemKnnTrainer().fit(cfMatrix),
      cfColumnOf,
      content,
      weight,
      unknownCfPercentile: 0.3,
    });
    const parts = knnHybrid.toParts();
    expect(Object.keys(parts.blocks)).toEqual(
      expect.arrayContaining([
        'cfColumnOf',
        'cf/indptr',
        'cf/indices',
        'cf/data',
        'content/indptr',
        'content/data',
      ]),
    );
    const rebuild = (child: ModelParts): Recommender => {
      const from: Record<string, (p: ModelParts) => Recommender> = {
        popularity: popularityFromParts,
        'item-knn': itemKnnFromParts,
        content: contentFromParts,
      };
      return from[child.algorithm](child);
    };
    const rebuilt = hybridFromParts(parts, rebuild);
    expect(rebuilt.unknownCfPercentile).toBe(0.3);
    expect(Array.from(scores(rebuilt, library))).toEqual(Array.from(scores(knnHybrid, library)));
    expect(() => hybridFromParts({ ...parts, params: { weight } }, rebuild)).toThrow(/cf model/);
  });

  it('rejects inconsistent construction and bad rows', () => {
    expect(() => new Hybrid({ cf, cfColumnOf: Int32Array.of(0, 1), content, weight })).toThrow(/cfColumnOf/);
    expect(() => new Hybrid({ cf, cfColumnOf: Int32Array.of(3, 3, 1, 0, -1, -1), content, weight })).toThrow(
      /two catalog/,
    );
    expect(() => new Hybrid({ cf, cfColumnOf: Int32Array.of(9, 2, 1, 0, -1, -1), content, weight })).toThrow(
      /outside/,
    );
    expect(() => new Hybrid({ cf, cfColumnOf, content, weight: 1.5 })).toThrow(/weight/);
    expect(() => scores(hybrid, { indices: Int32Array.of(6), values: Float32Array.of(1) })).toThrow(
      RangeError,
    );
    expect(() => hybrid.explain(library, 6)).toThrow(RangeError);
  });
});

describe('HybridTrainer with a CF model that ranks only some of its games', () => {
  it('counts the games it does not rank as unknown to CF, not as its lowest scores', async () => {
    // Catalog columns 0–3 as above, here all with enough players for CF; EASE models only games with ≥ 3
    // players, so column 0 (1 player) is left out of its model and would score −Infinity.
    const matrix = fromDense([
      [1, 1, 1, 1, 0, 0],
      [0, 1, 1, 1, 0, 0],
      [0, 1, 0, 1, 0, 0],
      [0, 1, 0, 1, 0, 0],
    ]);
    const model = await new HybridTrainer({
      cf: new EaseTrainer({ minUsersPerItem: 3, lambda: 1 }),
      content: new ContentTrainer(catalog),
      weight: 0.6,
      minUsersForCf: 1,
    }).fit(matrix);
    // CF columns are those of the matrix it was fitted on; only the games EASE models keep theirs.
    expect(Array.from(model.cfColumnOf)).toEqual([-1, 1, -1, 3, -1, -1]);
    // Column 2 (2 players) is as unknown as column 5, which nobody played: the median CF percentile.
    const out = scores(model, { indices: Int32Array.of(3), values: Float32Array.of(5) });
    const contentPct = percentiles(
      scores(model.content, { indices: Int32Array.of(3), values: Float32Array.of(5) }),
    );
    for (const c of [0, 2, 4, 5]) expect(out[c]).toBeCloseTo(0.6 * 0.5 + 0.4 * (contentPct[c] as number), 5);
  });
});

describe('sessions', async () => {
  const fixture = blockFixture();
  const descriptions = Array.from({ length: fixture.matrix.cols }, (_, i) =>
    game([`block ${fixture.blockOfItem(i)}`, `item ${i % 5}`]),
  );
  const model = await new HybridTrainer({
    cf: new IalsTrainer({ factors: 6, iterations: 4 }),
    content: new ContentTrainer(descriptions),
    weight: 0.6,
    minUsersForCf: 12,
  }).fit(fixture.matrix);
  // The held-out games have 11 players, so CF leaves them to content.
  expect(model.cfColumnOf.some((c) => c < 0)).toBe(true);
  const rows = [0, 5, 13, 30].map((u) => fixture.rowOf(u));
  rows.push({ indices: new Int32Array(0), values: new Float32Array(0) });

  /** Hybrid.explain's definition, from the children's own explain. */
  function referenceExplain(row: SparseRow, item: number): number[] {
    const shares = (xs: Float32Array): number[] => {
      const total = xs.reduce((sum, x) => sum + Math.abs(x), 0);
      return Array.from(xs, (x) => (total > 0 ? x / total : x));
    };
    const result = shares(model.content.explain(row, item)).map((x) => x * (1 - model.weight));
    const target = model.cfColumnOf[item];
    if (target < 0) return result;
    const positions = Array.from(row.indices.keys()).filter((k) => model.cfColumnOf[row.indices[k]] >= 0);
    const cfRow = {
      indices: Int32Array.from(positions, (k) => model.cfColumnOf[row.indices[k]]),
      values: Float32Array.from(positions, (k) => row.values[k]),
    };
    shares(model.cf.explain(cfRow, target)).forEach((x, t) => (result[positions[t]] += model.weight * x));
    return result;
  }

  it('gives iALS the scores and explanations of its own methods with one solve per row', () => {
    const cf = model.cf;
    expect(cf.algorithm).toBe('ials');
    const cfRows = [fixture.rowOf(1), fixture.rowOf(40)].map((row) => {
      const known = Array.from(row.indices.keys()).filter((k) => model.cfColumnOf[row.indices[k]] >= 0);
      return {
        indices: Int32Array.from(known, (k) => model.cfColumnOf[row.indices[k]]),
        values: Float32Array.from(known, (k) => row.values[k]),
      };
    });
    const session = sessionOf(cf, cfRows);
    const outs = cfRows.map(() => new Float32Array(cf.itemCount));
    session.scoreInto(outs);
    cfRows.forEach((row, r) => {
      expect(outs[r]).toEqual(scores(cf, row));
      for (const item of [0, 3, cf.itemCount - 1])
        expect(session.explain(r, item)).toEqual(cf.explain(row, item));
    });
  });

  it('scores several libraries together as one at a time, and any chosen columns as the full scores', () => {
    const outs = rows.map(() => new Float32Array(model.itemCount));
    const session = model.session(rows);
    session.scoreInto(outs);
    outs.forEach((out, r) => expect(out).toEqual(scores(model, rows[r])));
    const columns = Int32Array.of(model.itemCount - 1, 0, 4, 4, 11);
    const picked = rows.map(() => new Float32Array(columns.length));
    session.scoreInto(picked, columns);
    picked.forEach((out, r) => expect(Array.from(out)).toEqual(Array.from(columns, (c) => outs[r][c])));
  });

  it('explains as the blend of its children’s shares', () => {
    const session = model.session(rows);
    rows.forEach((row, r) => {
      for (let item = 0; item < model.itemCount; item += 5) {
        const expected = referenceExplain(row, item);
        const got = session.explain(r, item);
        expect(got).toHaveLength(expected.length);
        got.forEach((x, k) => expect(x).toBeCloseTo(expected[k], 6));
      }
    });
  });

  it('explains many items together exactly as one at a time', () => {
    const session = model.session(rows);
    const items = Array.from({ length: model.itemCount }, (_, i) => i).filter((i) => i % 3 === 0);
    rows.forEach((_, r) => {
      const many = session.explainMany?.(r, items) ?? [];
      expect(many).toHaveLength(items.length);
      many.forEach((got, i) => expect(got).toEqual(session.explain(r, items[i] as number)));
    });
    expect(() => session.explainMany?.(0, [0, model.itemCount])).toThrow(RangeError);
  });

  it('reads a library listed in any order the same way', () => {
    const row = rows[1];
    const order = Array.from(row.indices.keys()).reverse();
    const reversed = {
      indices: Int32Array.from(order, (k) => row.indices[k]),
      values: Float32Array.from(order, (k) => row.values[k]),
    };
    const expected = scores(model, row);
    scores(model, reversed).forEach((x, i) => expect(x).toBeCloseTo(expected[i], 6));
  });

  it('falls back to scoreInto and explain for a model without sessions of its own', () => {
    const cf = new PopularityTrainer().fit(cfMatrix);
    const libraries = [
      { indices: Int32Array.of(1), values: Float32Array.of(2) },
      { indices: Int32Array.of(0, 3), values: Float32Array.of(1, 4) },
    ];
    const session = sessionOf(cf, libraries);
    const outs = libraries.map(() => new Float32Array(cf.itemCount));
    session.scoreInto(outs);
    libraries.forEach((row, r) => {
      expect(outs[r]).toEqual(scores(cf, row));
      expect(session.explain(r, 2)).toEqual(cf.explain(row, 2));
    });
    const picked = libraries.map(() => new Float32Array(2));
    session.scoreInto(picked, Int32Array.of(3, 1));
    expect(Array.from(picked[1])).toEqual([outs[1][3], outs[1][1]]);
    expect(() => session.scoreInto(picked, Int32Array.of(4, 1))).toThrow(/outside/);
    expect(() => session.scoreInto([outs[0]])).toThrow(/2 rows/);
    expect(() => session.explain(2, 0)).toThrow(/no row 2/);
  });
});

describe('HybridTrainer', () => {
  it('trains CF on the played catalog columns and leaves the rest to content', async () => {
    const matrix = fromDense([
      [1, 1, 0, 0, 0, 0],
      [0, 1, 1, 0, 1, 0],
      [1, 0, 1, 0, 1, 0],
    ]);
    const trainer = new HybridTrainer({
      cf: new ItemKnnTrainer(),
      content: new ContentTrainer(catalog),
      weight: 0.5,
    });
    const model = await trainer.fit(matrix);
    expect(Array.from(model.cfColumnOf)).toEqual([0, 1, 2, -1, 3, -1]);
    expect(model.cf.itemCount).toBe(4);
    const out = scores(model, { indices: Int32Array.of(0, 3), values: Float32Array.of(3, 1) });
    for (const x of out) expect(Number.isFinite(x)).toBe(true);
    expect(
      () =>
        new HybridTrainer({
          cf: new ItemKnnTrainer(),
          content: new ContentTrainer(catalog),
          weight: 0.5,
          minUsersForCf: 0,
        }),
    ).toThrow(/minUsersForCf/);
  });
});

const fixture = blockFixture();
const blockDescriptions = Array.from({ length: fixture.matrix.cols }, (_, i) =>
  game([`block ${fixture.blockOfItem(i)}`, `item ${i}`]),
);
describeRecommender(
  'hybrid (item-knn + content)',
  () =>
    new HybridTrainer({
      cf: new ItemKnnTrainer(),
      content: new ContentTrainer(blockDescriptions),
      weight: 0.7,
    }),
);
// Games with fewer than 12 players (the held-out ones among them) left to content alone.
describeRecommender(
  'hybrid (item-knn + content, sparse games content-only)',
  () =>
    new HybridTrainer({
      cf: new ItemKnnTrainer(),
      content: new ContentTrainer(blockDescriptions),
      weight: 0.5,
      minUsersForCf: 12,
    }),
);
