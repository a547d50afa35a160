import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Game } from '../../src/catalog/game.ts';
import { PoolFits } from '../../src/core/kernels/pool-fits.ts';
import { Random } from '../../src/core/random.ts';
import { topK } from '../../src/core/top-k.ts';
import { STRATEGY_NAMES } from '../../src/group/aggregation-strategy.ts';
import { meanFits } from '../../src/group/average.ts';
import { fitGroupModel, type FittedGroupModel } from '../../src/group/fit-group-model.ts';
import { poolFitsInto } from '../../src/group/normalise-fits.ts';
import { poolFitsOf } from '../../src/group/pool-fits-of.ts';
import { recommendGroup, type GroupMember } from '../../src/group/recommend-group.ts';
import { libraryToRow, type LibraryEntry } from '../../src/model/confidence.ts';
import { EaseTrainer } from '../../src/model/ease.ts';
import { Hybrid, hybridFromParts } from '../../src/model/hybrid.ts';
import { modelFromParts } from '../../src/model/model-from-parts.ts';
import { floatBits } from '../fixtures/bit-identity.ts';
import { makeGame } from '../fixtures/make-game.ts';

// A catalog and pool larger than the 4,096-bin histograms (the WebAssembly group path declines smaller
// ones): 6,001 multiplayer games with random tags, 400 players over the first 600 of them.
const TAGS = Array.from({ length: 80 }, (_, i) => `Tag ${i}`);
const GENRES = ['Action', 'Indie', 'Strategy', 'RPG', 'Simulation', 'Casual'];

function catalog(random: Random): Game[] {
  // An odd count, so the paired kernel leaves a last position to the single one.
  return Array.from({ length: 6001 }, (_, i) =>
    makeGame(1000 + i, {
      tags: Array.from({ length: 3 + random.nextInt(10) }, () => TAGS[random.nextInt(TAGS.length)] as string),
      genres: [GENRES[random.nextInt(GENRES.length)] as string],
      releaseDate: `${2005 + random.nextInt(15)}-01-01`,
      priceGbp: random.nextInt(4) === 0 ? 0 : 1 + random.nextInt(40),
    }),
  );
}

function library(random: Random, size: number, span = 600): LibraryEntry[] {
  const appids = new Set<number>();
  while (appids.size < size) appids.add(1000 + random.nextInt(span));
  return [...appids].map((appid) => ({ appid, playtimeMinutes: random.nextInt(20_000) }));
}

let fitted: FittedGroupModel | undefined;
async function model(): Promise<FittedGroupModel> {
  if (fitted) return fitted;
  const random = new Random(7);
  const games = catalog(random);
  const libraries = new Map<string, LibraryEntry[]>();
  for (let u = 0; u < 400; u++) libraries.set(`u${u}`, library(random, 5 + random.nextInt(40)));
  fitted = await fitGroupModel(
    { games, libraries },
    {
      cf: new EaseTrainer({ lambda: 50, minUsersPerItem: 2 }),
      cfWeight: 0.9,
      confidence: {},
      matrix: { minItemsPerUser: 1, minUsersPerItem: 1 },
      minUsersForCf: 2,
    },
  );
  return fitted;
}

/** Members of a test group: libraries mostly in CF's games, some reaching into content-only ones. */
function members(random: Random, count: number, empty = false): GroupMember[] {
  return Array.from({ length: count }, (_, m) => ({
    label: `M${m}`,
    games: empty && m === count - 1 ? [] : library(random, 5 + random.nextInt(120), m % 3 === 2 ? 6000 : 600),
  }));
}

/** What the JavaScript path gives: the hybrid's pool scores, then poolFitsInto at the kept positions. */
function javascriptFits(
  hybrid: Hybrid,
  rows: ReturnType<typeof libraryToRow>[],
  pool: Int32Array,
  kept: Int32Array,
) {
  const session = hybrid.session(rows);
  const scores = rows.map(() => new Float32Array(pool.length));
  session.scoreInto(scores, pool);
  return scores.map((s) => {
    const out = new Float32Array(kept.length);
    poolFitsInto(s, out, kept);
    return out;
  });
}

afterEach(() => vi.restoreAllMocks());

describe('the WebAssembly group path (PoolFits)', () => {
  it('gives every member the same fit, bit for bit, as the JavaScript path', async () => {
    const { model: hybrid, catalog: index, confidence } = await model();
    if (!(hybrid instanceof Hybrid)) throw new Error('fitGroupModel should give a hybrid');
    const pool = index.multiplayerColumns;
    const fast = poolFitsOf(hybrid, pool);
    expect(fast).toBeDefined();
    const random = new Random(11);
    // 1 to 9 members (9 takes two passes of 8), an empty library, every kept game or a filtered subset.
    for (const [count, empty, everyOther] of [
      [1, false, false],
      [4, false, true],
      [5, true, false],
      [8, false, false],
      [9, true, true],
    ] as const) {
      const rows = members(random, count, empty).map((m) =>
        libraryToRow(m.games, index.columnOf, confidence),
      );
      const kept = everyOther
        ? Int32Array.from({ length: pool.length >> 1 }, (_, i) => 2 * i + 1)
        : Int32Array.from(pool, (_, i) => i);
      const fits = rows.map(() => new Float32Array(kept.length));
      fast?.fitsInto(hybrid.session(rows).poolFitsInput() as never, kept, fits);
      const expected = javascriptFits(hybrid, rows, pool, kept);
      fits.forEach((memberFits, m) =>
        expect(floatBits(memberFits)).toEqual(floatBits(expected[m] as Float32Array)),
      );
    }
  });

  it('shortlists every game of the true best k by mean fit, ties included, with their exact fits', async () => {
    const { model: hybrid, catalog: index, confidence } = await model();
    const pool = index.multiplayerColumns;
    const fast = poolFitsOf(hybrid, pool) as PoolFits;
    const random = new Random(12);
    for (const [count, k] of [
      [2, 20],
      [4, 300],
      [8, 50],
    ] as const) {
      const rows = members(random, count).map((m) => libraryToRow(m.games, index.columnOf, confidence));
      const kept = Int32Array.from(pool, (_, i) => i).filter((_, i) => i % 5 !== 0);
      const all = javascriptFits(hybrid as Hybrid, rows, pool, kept);
      const mean = meanFits(all, kept.length);
      const best = topK(mean, k);
      const kth = mean[best[best.length - 1] as number] as number;
      const short = fast.shortlist((hybrid as Hybrid).session(rows).poolFitsInput() as never, kept, k);
      if (!short) throw new Error('a group of ≤ 8 gets a shortlist');
      const entries = new Set(short.entries);
      for (let i = 0; i < kept.length; i++) if ((mean[i] as number) >= kth) expect(entries.has(i)).toBe(true);
      expect(() =>
        fast.shortlist(
          (hybrid as Hybrid).session(rows).poolFitsInput() as never,
          Int32Array.of(0, pool.length),
          k,
        ),
      ).toThrow(/outside the pool/);
      // It rules most of the pool out: that is its point.
      expect(short.entries.length).toBeLessThan(kept.length / 4);
      short.fits.forEach((memberFits, m) =>
        expect(floatBits(memberFits)).toEqual(
          floatBits(Float32Array.from(short.entries, (e) => (all[m] as Float32Array)[e] as number)),
        ),
      );
    }
  });

  it('leaves recommendations exactly as the JavaScript path makes them, for every strategy and filter', async () => {
    const groupModel = await model();
    // A second copy of the model for which the WebAssembly path is declined.
    const slow = {
      ...groupModel,
      model: hybridFromParts(groupModel.model.toParts(), modelFromParts),
    };
    const create = vi.spyOn(PoolFits, 'create').mockReturnValue(undefined);
    expect(poolFitsOf(slow.model, slow.catalog.multiplayerColumns)).toBeUndefined();
    create.mockRestore();
    expect(poolFitsOf(groupModel.model, groupModel.catalog.multiplayerColumns)).toBeDefined();
    const random = new Random(13);
    const filterSets = [
      {},
      { ownership: 'none' as const },
      { ownership: 'some' as const },
      { releaseYearFrom: 2015 },
    ];
    for (let g = 0; g < 16; g++) {
      const query = {
        members: members(random, 2 + (g % 7)),
        strategy: STRATEGY_NAMES[g % STRATEGY_NAMES.length],
        filters: filterSets[g % filterSets.length],
        limit: [20, 5, 100][g % 3],
      };
      const got = recommendGroup(groupModel, query);
      const expected = recommendGroup(slow, query);
      expect(got.items.length).toBeGreaterThan(0);
      expect(got).toEqual(expected);
      expect(got.items.map((i) => floatBits(Float32Array.from(i.members, (f) => f.fit)))).toEqual(
        expected.items.map((i) => floatBits(Float32Array.from(i.members, (f) => f.fit))),
      );
    }
  });
});
