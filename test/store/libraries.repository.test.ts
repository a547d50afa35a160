import { describe, expect, it } from 'vitest';
import type { LibraryEntry } from '../../src/store/libraries.repository.ts';
import { TEST_DIALECTS, useTestStore } from './test-stores.ts';

const FETCHED = new Date('2024-06-01T12:00:00Z');

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: libraries repository`, () => {
    const store = useTestStore(dialect);

    it('stores a library and returns it most-played first', async () => {
      const games: LibraryEntry[] = [
        { appid: 10, playtimeForeverMinutes: 5, playtime2WeeksMinutes: null },
        { appid: 20, playtimeForeverMinutes: 500, playtime2WeeksMinutes: 60 },
        { appid: 30, playtimeForeverMinutes: 0, playtime2WeeksMinutes: 0 },
      ];
      await store().libraries.replace('p1', games, FETCHED);
      expect(await store().libraries.get('p1')).toEqual({
        steamId: 'p1',
        fetchedAt: FETCHED,
        games: [games[1], games[0], games[2]],
      });
      expect(await store().libraries.get('nobody')).toEqual({
        steamId: 'nobody',
        fetchedAt: undefined,
        games: [],
      });
    });

    it("replaces the whole library and leaves other players' alone", async () => {
      const libraries = store().libraries;
      await libraries.replace(
        'p1',
        [{ appid: 1, playtimeForeverMinutes: 1, playtime2WeeksMinutes: null }],
        FETCHED,
      );
      await libraries.replace(
        'p2',
        [{ appid: 2, playtimeForeverMinutes: 2, playtime2WeeksMinutes: null }],
        FETCHED,
      );
      const later = new Date(FETCHED.getTime() + 60_000);
      await libraries.replace(
        'p1',
        [{ appid: 3, playtimeForeverMinutes: 3, playtime2WeeksMinutes: 1 }],
        later,
      );
      expect(await libraries.get('p1')).toEqual({
        steamId: 'p1',
        fetchedAt: later,
        games: [{ appid: 3, playtimeForeverMinutes: 3, playtime2WeeksMinutes: 1 }],
      });
      expect((await libraries.get('p2')).games.map((game) => game.appid)).toEqual([2]);
      await libraries.replace('p1', [], later);
      expect((await libraries.get('p1')).games).toEqual([]);
    });

    it('keeps the old library when the new one cannot be stored', async () => {
      const libraries = store().libraries;
      const old = [{ appid: 1, playtimeForeverMinutes: 10, playtime2WeeksMinutes: null }];
      await libraries.replace('p1', old, FETCHED);
      const broken = [
        { appid: 2, playtimeForeverMinutes: 20, playtime2WeeksMinutes: null },
        { appid: 3, playtimeForeverMinutes: null as unknown as number, playtime2WeeksMinutes: null },
      ];
      await expect(libraries.replace('p1', broken)).rejects.toThrow();
      expect(await libraries.get('p1')).toEqual({ steamId: 'p1', fetchedAt: FETCHED, games: old });
    });
  });
}
