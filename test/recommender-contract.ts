import { describe, expect, it } from 'vitest';
import { csrFromTriples } from '../src/core/csr.ts';
import type { Csr } from '../src/core/csr.ts';
import { Random } from '../src/core/random.ts';
import { topK } from '../src/core/top-k.ts';
import { decodeArtifact, encodeArtifact } from '../src/model/artifact.ts';
import { modelFromParts } from '../src/model/model-from-parts.ts';
import type { Recommender, SparseRow, Trainer } from '../src/model/recommender.ts';

/**
 * The contract every recommender runs: `describeRecommender('ials', () => new IalsTrainer({ factors: 8 }))`.
 * Fixture: `blocks` groups of users and items; users of block b own (almost) every item of block b, a third
 * of them also one item of another block. The first user of each block lacks item `heldOut[b]` in training,
 * so the right answer for that user is known: it must rank above every item of the other blocks.
 */

/** The block-structured training set and its known answers. */
export interface BlockFixture {
  readonly matrix: Csr;
  readonly blocks: number;
  readonly itemsPerBlock: number;
  readonly usersPerBlock: number;
  /** heldOut[b]: the block-b item missing from the first block-b user's training row. */
  readonly heldOut: readonly number[];
  blockOfItem(item: number): number;
  /** The first user of block b: the one whose held-out item is known. */
  probeUser(block: number): number;
  /** User u's training row as a library. */
  rowOf(user: number): SparseRow;
}

/** Builds the fixture (deterministic). */
export function blockFixture(blocks = 3, itemsPerBlock = 8, usersPerBlock = 12): BlockFixture {
  const random = new Random(7);
  const rows: number[] = [];
  const cols: number[] = [];
  const values: number[] = [];
  const heldOut = Array.from({ length: blocks }, (_, b) => b * itemsPerBlock + 2);
  const items = blocks * itemsPerBlock;
  for (let b = 0; b < blocks; b++) {
    for (let v = 0; v < usersPerBlock; v++) {
      const user = b * usersPerBlock + v;
      for (let t = 0; t < itemsPerBlock; t++) {
        const item = b * itemsPerBlock + t;
        if (v === 0 && item === heldOut[b]) continue;
        rows.push(user);
        cols.push(item);
        values.push(1 + 4 * random.next());
      }
      if (v > 0 && v % 3 === 0) {
        rows.push(user);
        cols.push(
          (((b + 1 + random.nextInt(blocks - 1)) % blocks) * itemsPerBlock + random.nextInt(itemsPerBlock)) %
            items,
        );
        values.push(1 + random.next());
      }
    }
  }
  const matrix = csrFromTriples(blocks * usersPerBlock, items, rows, cols, values);
  return {
    matrix,
    blocks,
    itemsPerBlock,
    usersPerBlock,
    heldOut,
    blockOfItem: (item) => Math.floor(item / itemsPerBlock),
    probeUser: (block) => block * usersPerBlock,
    rowOf: (user) => ({
      indices: matrix.indices.slice(matrix.indptr[user], matrix.indptr[user + 1]),
      values: matrix.data.slice(matrix.indptr[user], matrix.indptr[user + 1]),
    }),
  };
}

/** Options for models that cannot meet every clause. */
export interface ContractOptions {
  /** false for models that ignore the library (popularity): skips the known-answer ranking. */
  readonly personalized?: boolean;
  /** Training-time scores of a training user, for models that keep them (iALS: Y·x_u). */
  readonly trainedScores?: (model: Recommender, user: number) => Float32Array;
}

const META = {
  version: 'contract-test',
  createdAt: '2026-01-01T00:00:00.000Z',
  dataSnapshotId: 'block-fixture',
  codeVersion: 'test',
  hyperparameters: {},
};

function pearson(a: Float32Array, b: Float32Array): number {
  const n = a.length;
  const ma = a.reduce((x, y) => x + y, 0) / n;
  const mb = b.reduce((x, y) => x + y, 0) / n;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    ab += (a[i] - ma) * (b[i] - mb);
    aa += (a[i] - ma) ** 2;
    bb += (b[i] - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

function scores(model: Recommender, row: SparseRow): Float32Array {
  const out = new Float32Array(model.itemCount).fill(Number.NaN);
  model.scoreInto(row, out);
  return out;
}

/** Registers the shared contract tests for one model. */
export function describeRecommender(
  name: string,
  makeTrainer: () => Trainer,
  options: ContractOptions = {},
): void {
  const fixture = blockFixture();
  const users = fixture.matrix.rows;
  let fitted: Promise<Recommender> | undefined;
  const model = (): Promise<Recommender> => (fitted ??= Promise.resolve(makeTrainer().fit(fixture.matrix)));

  describe(`${name}: recommender contract`, () => {
    it('scores every item of the training matrix with a finite number', async () => {
      const m = await model();
      expect(m.algorithm).toBe(makeTrainer().algorithm);
      expect(m.itemCount).toBe(fixture.matrix.cols);
      for (let u = 0; u < users; u += 5) {
        const s = scores(m, fixture.rowOf(u));
        expect(s.every(Number.isFinite), `user ${u}`).toBe(true);
      }
    });

    it('recommends no owned item when owned items are excluded from top-k', async () => {
      const m = await model();
      for (let u = 0; u < users; u += 4) {
        const row = fixture.rowOf(u);
        const owned = new Set(row.indices);
        const top = topK(scores(m, row), 10, owned);
        expect(top.length).toBe(Math.min(10, m.itemCount - owned.size));
        for (const item of top) expect(owned.has(item)).toBe(false);
      }
    });

    if (options.personalized !== false) {
      it("ranks a user's held-out item above every item of the other blocks", async () => {
        const m = await model();
        for (let b = 0; b < fixture.blocks; b++) {
          const s = scores(m, fixture.rowOf(fixture.probeUser(b)));
          const target = s[fixture.heldOut[b]];
          for (let item = 0; item < m.itemCount; item++) {
            if (fixture.blockOfItem(item) !== b)
              expect(target, `block ${b}, item ${item}`).toBeGreaterThan(s[item]);
          }
        }
      });
    }

    it('scores a library the same way every time (scoring leaves the model unchanged)', async () => {
      const m = await model();
      const first = scores(m, fixture.rowOf(1));
      scores(m, fixture.rowOf(20));
      m.explain(fixture.rowOf(30), 0);
      expect(scores(m, fixture.rowOf(1))).toEqual(first);
    });

    if (options.trainedScores !== undefined) {
      const trained = options.trainedScores;
      it("reproduces a training user's training-time scores, and so its ranking, by fold-in", async () => {
        const m = await model();
        for (let u = 0; u < users; u += 3) {
          const folded = scores(m, fixture.rowOf(u));
          const original = trained(m, u);
          // Training stops before the factors converge, so allow 5% of the score range, and require the two
          // score vectors to order items almost identically (Pearson ≥ 0.99).
          const range = Math.max(...original) - Math.min(...original);
          for (let i = 0; i < m.itemCount; i++) {
            expect(Math.abs(folded[i] - original[i]), `user ${u}, item ${i}`).toBeLessThanOrEqual(
              0.05 * range,
            );
          }
          expect(pearson(folded, original), `user ${u}`).toBeGreaterThanOrEqual(0.99);
        }
      });
    }

    it('survives an artifact round trip with identical scores and explanations', async () => {
      const m = await model();
      const { parts, manifest } = decodeArtifact(encodeArtifact(m.toParts(), META));
      expect(manifest.algorithm).toBe(m.algorithm);
      const loaded = modelFromParts(parts);
      expect(loaded.itemCount).toBe(m.itemCount);
      for (let u = 0; u < users; u += 7) {
        const row = fixture.rowOf(u);
        expect(scores(loaded, row)).toEqual(scores(m, row));
        expect(loaded.explain(row, 3)).toEqual(m.explain(row, 3));
      }
    });

    it('gives finite scores to an empty library', async () => {
      const m = await model();
      const s = scores(m, { indices: new Int32Array(0), values: new Float32Array(0) });
      expect(s.every(Number.isFinite)).toBe(true);
    });

    it('explains a score with one finite contribution per library entry', async () => {
      const m = await model();
      const row = fixture.rowOf(5);
      const contributions = m.explain(row, fixture.heldOut[0]);
      expect(contributions.length).toBe(row.indices.length);
      expect(contributions.every(Number.isFinite)).toBe(true);
    });

    it('rejects library indices outside the model and output buffers that are too short', async () => {
      const m = await model();
      const bad = { indices: Int32Array.of(0, m.itemCount), values: Float32Array.of(1, 1) };
      expect(() => m.scoreInto(bad, new Float32Array(m.itemCount))).toThrow(RangeError);
      expect(() => m.scoreInto(fixture.rowOf(0), new Float32Array(m.itemCount - 1))).toThrow(RangeError);
    });

    it('fits identically twice with the same settings (deterministic for a seed)', async () => {
      const again = await makeTrainer().fit(fixture.matrix);
      const m = await model();
      for (let u = 0; u < users; u += 6) {
        const row = fixture.rowOf(u);
        expect(scores(again, row)).toEqual(scores(m, row));
      }
    });
  });
}
