import { describe, expect, it } from 'vitest';
import { blockFixture, describeRecommender } from '../../test/recommender-contract.ts';
import { csrFromTriples } from '../core/csr.ts';
import { Random } from '../core/random.ts';
import {
  buildItemFeatures,
  Content,
  contentFromParts,
  ContentTrainer,
  type ItemDescription,
} from './content.ts';

const game = (tags: string[], genres: string[] = [], categories: string[] = []): ItemDescription => ({
  tags,
  genres,
  categories,
});

const catalog: ItemDescription[] = [
  game(['Co-op', 'Zombies', 'FPS'], ['Action'], ['Multi-player', 'Online Co-op']), // 0: in the library
  game(['Zombies', 'Co-op'], ['Action'], ['Online Co-op']), // 1: shares a lot
  game(['Puzzle', 'Relaxing'], ['Casual'], ['Single-player']), // 2: shares nothing
  game(['Co-op'], [], []), // 3: shares the first tag
  game(['FPS'], [], []), // 4: shares the third tag
  game([], [], []), // 5: no description at all
  game([' co-op '], [], []), // 6: same tag, different spelling
];
const content = new Content(buildItemFeatures(catalog));
const library = { indices: Int32Array.of(0), values: Float32Array.of(3) };

function score(row = library, model = content): Float32Array {
  const out = new Float32Array(model.itemCount);
  model.scoreInto(row, out);
  return out;
}

describe('buildItemFeatures', () => {
  it('makes unit-length rows, and an empty row for an item without features', () => {
    const { features, vocabulary } = buildItemFeatures(catalog);
    expect(vocabulary).toContain('tag:co-op');
    expect(vocabulary).toContain('category:online co-op');
    for (let i = 0; i < 5; i++) {
      let norm = 0;
      for (let k = features.indptr[i]; k < features.indptr[i + 1]; k++) norm += features.data[k] ** 2;
      expect(norm).toBeCloseTo(1, 5);
    }
    expect(features.indptr[6] - features.indptr[5]).toBe(0);
  });

  it('weighs a rare feature above a common one (idf)', () => {
    // Genres carry no positional weight, so only document frequency separates them.
    const items = [
      game([], ['Rare', 'Common']),
      game([], ['Common']),
      game([], ['Common']),
      game([], ['Common']),
    ];
    const { features, vocabulary } = buildItemFeatures(items);
    const weightInRow0 = (name: string): number => {
      const at = Array.from(features.indices.subarray(features.indptr[0], features.indptr[1])).indexOf(
        vocabulary.indexOf(name),
      );
      return features.data[features.indptr[0] + at];
    };
    expect(weightInRow0('genre:rare')).toBeGreaterThan(weightInRow0('genre:common'));
    expect(weightInRow0('genre:common')).toBeGreaterThan(0);
  });
});

describe('Content', () => {
  it('scores a game sharing tags with the library above one that shares nothing', () => {
    const s = score();
    expect(s[1]).toBeGreaterThan(s[2]);
    expect(s[2]).toBe(0);
  });

  it('weighs earlier tags more: sharing the first tag beats sharing the third', () => {
    const s = score();
    expect(s[3]).toBeGreaterThan(s[4]);
    expect(s[4]).toBeGreaterThan(0);
  });

  it('is a cosine: the library game itself scores 1, everything lies in [0, 1]', () => {
    const s = score();
    expect(s[0]).toBeCloseTo(1, 5);
    for (const x of s) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(1 + 1e-6);
    }
  });

  it('ignores case and surrounding spaces in names', () => {
    const s = score();
    expect(s[6]).toBeCloseTo(s[3], 6);
  });

  it('gives 0 to an item without description and to everything for an empty library', () => {
    expect(score()[5]).toBe(0);
    expect(Array.from(score({ indices: new Int32Array(0), values: new Float32Array(0) }))).toEqual(
      new Array(7).fill(0),
    );
  });

  it('weights library items by confidence', () => {
    const puzzleFan = { indices: Int32Array.of(0, 2), values: Float32Array.of(1, 20) };
    const shooterFan = { indices: Int32Array.of(0, 2), values: Float32Array.of(20, 1) };
    expect(score(puzzleFan)[2]).toBeGreaterThan(score(shooterFan)[2]);
    expect(score(shooterFan)[1]).toBeGreaterThan(score(puzzleFan)[1]);
  });

  it('explains with per-library-item contributions that add up to the score', () => {
    const row = { indices: Int32Array.of(0, 2), values: Float32Array.of(2, 1) };
    const s = score(row);
    for (const target of [1, 3, 2]) {
      const parts = content.explain(row, target);
      expect(parts[0] + parts[1]).toBeCloseTo(s[target], 5);
    }
    expect(content.explain(row, 1)[1]).toBe(0);
    expect(content.explain(row, 1)[0]).toBeGreaterThan(0);
  });

  it('round-trips through its parts', () => {
    const rebuilt = contentFromParts(content.toParts());
    expect(Array.from(score(library, rebuilt))).toEqual(Array.from(score()));
    expect(() => contentFromParts({ ...content.toParts(), params: {} })).toThrow(RangeError);
  });

  it('rejects rows outside the catalog', () => {
    expect(() => score({ indices: Int32Array.of(7), values: Float32Array.of(1) })).toThrow(RangeError);
    expect(() => content.explain(library, -1)).toThrow(RangeError);
  });
});

describe('Content sessions', () => {
  // A catalog big enough for the four-, two- and one-library passes, with shared and private tags.
  const random = new Random(11);
  const names = Array.from({ length: 40 }, (_, t) => `tag ${t}`);
  const pick = (count: number): string[] =>
    Array.from({ length: count }, () => names[random.nextInt(names.length)] as string);
  const wide = new Content(
    buildItemFeatures(
      Array.from({ length: 300 }, (_, i) =>
        game(pick(i % 7), pick(i % 2), i % 5 === 0 ? [] : ['Online Co-op', `cat ${i % 3}`]),
      ),
    ),
  );
  const rows = Array.from({ length: 7 }, (_, r) => {
    const indices = Int32Array.from(new Set(Array.from({ length: 3 + r * 4 }, () => random.nextInt(300))));
    indices.sort();
    return { indices, values: Float32Array.from(indices, () => 1 + 30 * random.next()) };
  });
  rows.push({ indices: new Int32Array(0), values: new Float32Array(0) });

  /** The definition: p = Σ c_j·v_j, score_i = v_i·p / ‖p‖, straight from the feature matrix. */
  function reference(row: { indices: Int32Array; values: Float32Array }): number[] {
    const { indptr, indices, data } = wide.toParts().blocks;
    const profile = new Map<number, number>();
    row.indices.forEach((j, k) => {
      for (let p = indptr[j]; p < indptr[j + 1]; p++)
        profile.set(indices[p], (profile.get(indices[p]) ?? 0) + row.values[k] * data[p]);
    });
    const norm = Math.sqrt([...profile.values()].reduce((sum, x) => sum + x * x, 0));
    return Array.from({ length: wide.itemCount }, (_, i) => {
      let dot = 0;
      for (let p = indptr[i]; p < indptr[i + 1]; p++) dot += data[p] * (profile.get(indices[p]) ?? 0);
      return norm > 0 ? dot / norm : 0;
    });
  }

  it('scores any number of libraries together exactly as one at a time, and as the definition', () => {
    const alone = rows.map((row) => {
      const out = new Float32Array(wide.itemCount);
      wide.scoreInto(row, out);
      return out;
    });
    alone.forEach((out, r) => {
      const expected = reference(rows[r]);
      out.forEach((x, i) => expect(x).toBeCloseTo(expected[i], 6));
    });
    for (const count of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const outs = rows.slice(0, count).map(() => new Float32Array(wide.itemCount));
      wide.session(rows.slice(0, count)).scoreInto(outs);
      outs.forEach((out, r) => expect(out).toEqual(alone[r]));
    }
  });

  it('scores chosen columns only, in the order asked', () => {
    const columns = Int32Array.of(299, 0, 17, 17, 150);
    const outs = rows.map(() => new Float32Array(columns.length));
    wide.session(rows).scoreInto(outs, columns);
    outs.forEach((out, r) => {
      const full = new Float32Array(wide.itemCount);
      wide.scoreInto(rows[r], full);
      expect(Array.from(out)).toEqual(Array.from(columns, (c) => full[c]));
    });
  });

  it('explains each library as explain does, with contributions that add up to the score', () => {
    const session = wide.session(rows);
    for (const [r, item] of [
      [0, 5],
      [3, 120],
      [6, 299],
      [7, 10],
    ]) {
      const parts = session.explain(r, item);
      expect(parts).toEqual(wide.explain(rows[r], item));
      const expected = reference(rows[r])[item];
      expect(parts.reduce((sum, x) => sum + x, 0)).toBeCloseTo(expected, 5);
    }
  });

  it('explains many items together exactly as one at a time, in the order asked', () => {
    const session = wide.session(rows);
    // 11 items: more than one pass of 8, a repeat, and an item with no features.
    const items = [5, 120, 299, 0, 7, 7, 250, 31, 64, 128, 199];
    for (const r of [0, 3, 6, 7]) {
      const many = session.explainMany?.(r, items) ?? [];
      expect(many).toHaveLength(items.length);
      many.forEach((parts, i) => expect(parts).toEqual(session.explain(r, items[i] as number)));
    }
    expect(() => session.explainMany?.(0, [3, 300])).toThrow(RangeError);
    expect(() => session.explainMany?.(8, [3])).toThrow(/no row 8/);
  });

  it('refuses mismatched outputs, columns outside the catalog and rows it was not given', () => {
    const session = wide.session(rows.slice(0, 2));
    expect(() => session.scoreInto([new Float32Array(wide.itemCount)])).toThrow(/2 rows/);
    expect(() => session.scoreInto([new Float32Array(3), new Float32Array(wide.itemCount)])).toThrow(/slots/);
    const two = [new Float32Array(1), new Float32Array(1)];
    expect(() => session.scoreInto(two, Int32Array.of(300))).toThrow(/outside/);
    expect(() => session.explain(2, 0)).toThrow(/no row 2/);
    expect(() => session.explain(0, 300)).toThrow(RangeError);
    expect(() => wide.session([{ indices: Int32Array.of(300), values: Float32Array.of(1) }])).toThrow(
      RangeError,
    );
  });
});

describe('ContentTrainer', () => {
  it('builds the model for a matrix with one column per description and rejects other shapes', () => {
    const matrix = csrFromTriples(1, catalog.length, [0], [0], [1]);
    expect(new ContentTrainer(catalog).fit(matrix).itemCount).toBe(catalog.length);
    expect(() => new ContentTrainer(catalog.slice(1)).fit(matrix)).toThrow(/descriptions/);
    expect(() => new ContentTrainer(catalog, { tagWeight: -1 })).toThrow(/tagWeight/);
  });
});

// The contract fixture's items described by their block: games of one block share a tag and a genre.
const { blocks, itemsPerBlock } = blockFixture();
const blockDescriptions = Array.from({ length: blocks * itemsPerBlock }, (_, i) =>
  game([`block ${Math.floor(i / itemsPerBlock)}`, `item ${i}`], [`genre ${Math.floor(i / itemsPerBlock)}`]),
);
describeRecommender('content', () => new ContentTrainer(blockDescriptions));
