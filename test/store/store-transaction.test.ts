import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import { makeGame, makeSparseGame } from './game-fixture.ts';
import { TEST_DIALECTS, useTestStore } from './test-stores.ts';

/** A summary of every table the transaction touches. */
async function snapshot(store: Store) {
  return {
    games: await store.games.listAll(),
    interactions: await store.interactions.countRows(),
    feedback: await store.feedback.list(),
    live: (await store.modelVersions.getLive())?.version,
    versions: (await store.modelVersions.list()).map((version) => [version.version, version.status]),
    library: await store.libraries.get('p1'),
    cache: await store.steamCache.get('k'),
  };
}

async function seed(store: Store): Promise<void> {
  await store.games.upsertMany([makeGame(1), makeGame(2)]);
  await store.interactions.insertMany('d', [
    {
      userId: 'u',
      kaggleUserId: null,
      gameId: 1,
      gameTitle: 'Game 1',
      appid: 1,
      appidMatch: 'exact',
      purchaseRows: 1,
      playRows: 1,
      hours: 3,
    },
  ]);
  await store.modelVersions.insert({
    version: 'v1',
    algorithm: 'ease',
    manifest: {},
    metrics: {},
    checksum: 'c1',
  });
  await store.modelVersions.setLive('v1');
  await store.libraries.replace('p1', [
    { appid: 1, playtimeForeverMinutes: 10, playtime2WeeksMinutes: null },
  ]);
}

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: store transactions`, () => {
    const store = useTestStore(dialect);

    it('rolls back every repository when the function throws', async () => {
      await seed(store());
      const before = await snapshot(store());
      const failure = new Error('import failed half-way');
      await expect(
        store().transaction(async (tx) => {
          await tx.games.upsertMany([makeSparseGame(1, 'Overwritten'), makeGame(3)]);
          await tx.interactions.insertMany('d', [
            {
              userId: 'v',
              kaggleUserId: null,
              gameId: 2,
              gameTitle: 'X',
              appid: null,
              appidMatch: 'none',
              purchaseRows: 1,
              playRows: 0,
              hours: 0,
            },
          ]);
          await tx.feedback.record({ memberKeys: ['a', 'b'], appid: 1, kind: 'liked' });
          await tx.modelVersions.insert({
            version: 'v2',
            algorithm: 'ials',
            manifest: {},
            metrics: {},
            checksum: 'c2',
          });
          await tx.modelVersions.setLive('v2');
          await tx.libraries.replace('p1', []);
          await tx.steamCache.set('k', 'body', 200, 60_000);
          // Inside the transaction its own writes are visible.
          expect(await tx.games.count()).toBe(3);
          expect((await tx.modelVersions.getLive())?.version).toBe('v2');
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await snapshot(store())).toEqual(before);
    });

    it('commits everything when the function resolves, and returns its value', async () => {
      const result = await store().transaction(async (tx) => {
        await tx.games.upsertMany([makeGame(7)]);
        const id = await tx.feedback.record({ memberKeys: ['a'], appid: 7, kind: 'played_together' });
        return id;
      });
      expect(typeof result).toBe('number');
      expect(await store().games.get(7)).toEqual(makeGame(7));
      expect((await store().feedback.list()).map((event) => event.id)).toEqual([result]);
    });

    it('joins an enclosing transaction when nested, so an outer failure undoes the inner work', async () => {
      await expect(
        store().transaction(async (tx) => {
          await tx.transaction(async (inner) => {
            await inner.games.upsertMany([makeGame(8)]);
          });
          expect(await tx.games.count()).toBe(1);
          throw new Error('outer fails');
        }),
      ).rejects.toThrow('outer fails');
      expect(await store().games.count()).toBe(0);
    });

    it('does not let a transaction close or migrate the store', async () => {
      await store().transaction(async (tx) => {
        await expect(tx.close()).rejects.toThrow();
        await expect(tx.migrate()).rejects.toThrow();
      });
      expect(await store().games.count()).toBe(0);
    });
  });
}
