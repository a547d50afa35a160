import { describe, expect, it } from 'vitest';
import type { DatasetInteraction } from '../../src/store/interactions.repository.ts';
import { TEST_DIALECTS, useTestStore } from './test-stores.ts';

function row(
  userId: string,
  gameId: number,
  appid: number | null,
  hours: number,
  title = `Title ${gameId}`,
): DatasetInteraction {
  return {
    userId,
    kaggleUserId: `k${userId}`,
    gameId,
    gameTitle: title,
    appid,
    appidMatch: appid === null ? 'none' : 'exact',
    purchaseRows: 1,
    playRows: hours > 0 ? 1 : 0,
    hours,
  };
}

const SAMPLE: DatasetInteraction[] = [
  row('1', 1, 100, 12.5),
  row('1', 2, 200, 0),
  row('1', 3, null, 4, 'Some DLC'),
  row('2', 1, 100, 1.25),
  row('2', 4, null, 0, 'Delisted Game'),
  row('3', 3, null, 7, 'Some DLC'),
  // Two titles matched to one appid: training must see one (user, appid) with the hours summed.
  row('3', 5, 300, 2, 'Civilization IV'),
  row('3', 6, 300, 3.5, 'Civilization IV Beyond the Sword'),
];

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: interactions repository`, () => {
    const store = useTestStore(dialect);

    it('counts rows, users and unmatched titles, and importing twice changes no count', async () => {
      const interactions = store().interactions;
      for (let pass = 0; pass < 2; pass++) {
        expect(await interactions.insertMany('steam-200k', SAMPLE)).toBe(SAMPLE.length);
        expect(await interactions.countRows('steam-200k')).toBe(8);
        expect(await interactions.countUsers('steam-200k')).toBe(3);
        expect(await interactions.countUnmatchedTitles('steam-200k')).toBe(2);
      }
    });

    it('scopes counts to a dataset, or counts every dataset', async () => {
      const interactions = store().interactions;
      await interactions.insertMany('a', SAMPLE);
      await interactions.insertMany('b', [row('1', 1, 100, 1), row('9', 7, null, 1, 'Other')]);
      expect(await interactions.countRows('b')).toBe(2);
      expect(await interactions.countRows()).toBe(10);
      expect(await interactions.countUsers('b')).toBe(2);
      expect(await interactions.countUsers()).toBe(5);
      expect(await interactions.countUnmatchedTitles()).toBe(3);
      expect(await interactions.countRows('missing')).toBe(0);
    });

    it('replaces a row on re-import with new values', async () => {
      const interactions = store().interactions;
      await interactions.insertMany('d', [row('1', 1, null, 2)]);
      await interactions.insertMany('d', [row('1', 1, 100, 9.75)]);
      expect(await interactions.countRows('d')).toBe(1);
      expect(await interactions.countUnmatchedTitles('d')).toBe(0);
      expect(await interactions.listMatched('d')).toEqual([
        { dataset: 'd', userId: '1', appid: 100, hours: 9.75, purchased: true },
      ]);
    });

    it('lists matched rows for training, one per (user, appid), hours summed', async () => {
      await store().interactions.insertMany('steam-200k', [
        ...SAMPLE,
        { ...row('4', 1, 100, 0), purchaseRows: 0 },
      ]);
      expect(await store().interactions.listMatched('steam-200k')).toEqual([
        { dataset: 'steam-200k', userId: '1', appid: 100, hours: 12.5, purchased: true },
        { dataset: 'steam-200k', userId: '1', appid: 200, hours: 0, purchased: true },
        { dataset: 'steam-200k', userId: '2', appid: 100, hours: 1.25, purchased: true },
        { dataset: 'steam-200k', userId: '3', appid: 300, hours: 5.5, purchased: true },
        { dataset: 'steam-200k', userId: '4', appid: 100, hours: 0, purchased: false },
      ]);
    });

    it("gives each user's most-played matched games", async () => {
      await store().interactions.insertMany('steam-200k', SAMPLE);
      const top = await store().interactions.topGamesByUser(['1', '3', 'nobody'], 1);
      expect(top.get('1')).toEqual([{ appid: 100, hours: 12.5 }]);
      expect(top.get('3')).toEqual([{ appid: 300, hours: 5.5 }]);
      expect(top.has('nobody')).toBe(false);
      const all = await store().interactions.topGamesByUser(['1'], 10);
      expect(all.get('1')).toEqual([
        { appid: 100, hours: 12.5 },
        { appid: 200, hours: 0 },
      ]);
    });

    it('lists sample users with the most matched games first', async () => {
      await store().interactions.insertMany('steam-200k', SAMPLE);
      expect(await store().interactions.listUserIds(10, 'steam-200k')).toEqual(['1', '3', '2']);
      expect(await store().interactions.listUserIds(1)).toEqual(['1']);
    });

    it('lists users whose matched game count lies in a range, with the count', async () => {
      await store().interactions.insertMany('steam-200k', SAMPLE);
      const all = await store().interactions.listUserIds(10, 'steam-200k');
      const counted = await store().interactions.listUsersByGameCount(0, 1000, 10, 'steam-200k');
      expect(counted.map((u) => u.userId).sort()).toEqual(
        [...all].sort().filter((id) => counted.some((u) => u.userId === id)),
      );
      for (const { userId, games } of counted) {
        const library = (await store().interactions.topGamesByUser([userId], 1000)).get(userId) ?? [];
        expect(games).toBe(library.length);
      }
      const most = counted[0]?.games ?? 0;
      expect(await store().interactions.listUsersByGameCount(most + 1, 1000, 10)).toEqual([]);
      expect(
        (await store().interactions.listUsersByGameCount(most, most, 10)).every((u) => u.games === most),
      ).toBe(true);
    });

    it('imports more rows than fit in one statement', async () => {
      const many = Array.from({ length: 7000 }, (_, i) =>
        row(String(i % 700), Math.floor(i / 700), i % 3 === 0 ? null : 10 + (i % 50), i / 10),
      );
      await store().interactions.insertMany('big', many);
      expect(await store().interactions.countRows('big')).toBe(7000);
      expect(await store().interactions.countUsers('big')).toBe(700);
      const matched = await store().interactions.listMatched('big');
      const expectedHours = many.filter((r) => r.appid !== null).reduce((sum, r) => sum + r.hours, 0);
      expect(matched.reduce((sum, r) => sum + r.hours, 0)).toBeCloseTo(expectedHours, 6);
    });

    it('rejects rows with non-finite hours', async () => {
      const bad = [row('1', 1, 100, 1), row('1', 2, 100, Number.NaN)];
      await expect(store().interactions.insertMany('x', bad)).rejects.toThrow(RangeError);
      expect(await store().interactions.countRows('x')).toBe(0);
    });

    it('stores nothing when a row in a later statement fails', async () => {
      const rows = Array.from({ length: 7000 }, (_, i) => row(String(i), 1, 100, 1));
      rows.push({ ...row('last', 1, 100, 1), gameTitle: null as unknown as string });
      await expect(store().interactions.insertMany('x', rows)).rejects.toThrow();
      expect(await store().interactions.countRows()).toBe(0);
    });
  });
}
