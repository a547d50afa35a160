import { describe, expect, it } from 'vitest';
import { makeGame, makeSparseGame } from './game-fixture.ts';
import { TEST_DIALECTS, openTestStore, useTestStore } from './test-stores.ts';

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: games repository`, () => {
    const store = useTestStore(dialect);

    it('round-trips every field, including nulls, empty lists and non-ASCII text', async () => {
      const full = makeGame(730, { name: 'Counter-Strike: Global Offensive™', priceGbp: 0, requiredAge: 0 });
      const sparse = makeSparseGame(20);
      await store().games.upsertMany([full, sparse]);
      expect(await store().games.get(730)).toEqual(full);
      expect(await store().games.get(20)).toEqual(sparse);
      expect(await store().games.get(999)).toBeUndefined();
    });

    it('keeps dropInDropOut true, false and null apart', async () => {
      const withDrop = (appid: number, dropInDropOut: boolean | null) => {
        const game = makeGame(appid);
        return {
          ...game,
          multiplayer: { ...game.multiplayer, limits: { ...game.multiplayer.limits, dropInDropOut } },
        };
      };
      const games = [withDrop(1, true), withDrop(2, false), withDrop(3, null)];
      await store().games.upsertMany(games);
      const stored = await store().games.getMany([1, 2, 3]);
      expect(games.map((game) => stored.get(game.appid))).toEqual(games);
    });

    it('upserts idempotently and replaces changed games', async () => {
      const games = [makeGame(1), makeGame(2), makeSparseGame(3)];
      await store().games.upsertMany(games);
      await store().games.upsertMany(games);
      expect(await store().games.count()).toBe(3);
      expect(await store().games.countMultiplayer()).toBe(2);

      const renamed = makeSparseGame(2, 'Renamed');
      expect(await store().games.upsertMany([renamed])).toBe(1);
      expect(await store().games.get(2)).toEqual(renamed);
      expect(await store().games.count()).toBe(3);
      expect(await store().games.countMultiplayer()).toBe(1);
    });

    it('keeps the last version of an appid repeated within one call', async () => {
      expect(
        await store().games.upsertMany([makeGame(5, { name: 'First' }), makeGame(5, { name: 'Second' })]),
      ).toBe(1);
      expect((await store().games.get(5))?.name).toBe('Second');
    });

    it('writes more games than fit in one statement, and lists them all by appid', async () => {
      const games = Array.from({ length: 3000 }, (_, i) => makeGame(3000 - i));
      await store().games.upsertMany(games);
      const all = await store().games.listAll();
      expect(all.length).toBe(3000);
      expect(all.map((game) => game.appid)).toEqual(games.map((game) => game.appid).reverse());
      expect(all[0]).toEqual(makeGame(1));
    });

    it('getMany returns only the games that exist', async () => {
      await store().games.upsertMany([makeGame(1), makeGame(2)]);
      const found = await store().games.getMany([2, 3, 2]);
      expect([...found.keys()]).toEqual([2]);
      expect(found.get(2)).toEqual(makeGame(2));
      expect((await store().games.getMany([])).size).toBe(0);
    });

    it('searches names ignoring case: exact match, then prefix, then substring; most-reviewed first within each', async () => {
      await store().games.upsertMany([
        makeGame(1, { name: 'The Portal Defense', positiveRatings: 900, negativeRatings: 0 }),
        makeGame(2, { name: 'Portal 2', positiveRatings: 100, negativeRatings: 0 }),
        makeGame(3, { name: 'portal', positiveRatings: 5, negativeRatings: 0 }),
        makeGame(4, { name: 'Portal Knights', positiveRatings: 500, negativeRatings: 0 }),
        makeGame(5, { name: 'Half-Life', positiveRatings: 10000, negativeRatings: 0 }),
        makeGame(6, { name: 'Teleportals', positiveRatings: null, negativeRatings: null }),
      ]);
      const found = await store().games.search('  PORTAL ', 10);
      expect(found.map((game) => game.appid)).toEqual([3, 4, 2, 1, 6]);
      expect((await store().games.search('portal', 2)).map((game) => game.appid)).toEqual([3, 4]);
      expect(await store().games.search('   ', 10)).toEqual([]);
    });

    it('treats LIKE wildcards in search text literally', async () => {
      await store().games.upsertMany([
        makeGame(1, { name: '100% Orange Juice' }),
        makeGame(2, { name: '1000 Orange Juice' }),
        makeGame(3, { name: 'snake_case' }),
        makeGame(4, { name: 'snakeXcase' }),
      ]);
      expect((await store().games.search('100%', 10)).map((game) => game.appid)).toEqual([1]);
      expect((await store().games.search('e_c', 10)).map((game) => game.appid)).toEqual([3]);
    });

    it('rejects a search limit that is not a positive integer', async () => {
      await expect(store().games.search('x', 0)).rejects.toThrow(RangeError);
    });
  });
}

describe('sqlite: catalog-sized listAll', () => {
  it('loads 30,000 games in well under 2 s', async () => {
    const store = await openTestStore('sqlite');
    try {
      await store.games.upsertMany(Array.from({ length: 30000 }, (_, i) => makeGame(i + 1)));
      const started = performance.now();
      const all = await store.games.listAll();
      const elapsed = performance.now() - started;
      expect(all.length).toBe(30000);
      expect(all[29999]).toEqual(makeGame(30000));
      expect(elapsed).toBeLessThan(1500);
    } finally {
      await store.close();
    }
  });
});
