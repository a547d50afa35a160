import { describe, expect, it } from 'vitest';
import { groupKey } from '../../src/store/group-key.ts';
import { TEST_DIALECTS, useTestStore } from './test-stores.ts';

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: feedback repository`, () => {
    const store = useTestStore(dialect);

    it('records events with a group key independent of member order, and lists them oldest first', async () => {
      const feedback = store().feedback;
      const at = new Date('2024-03-01T20:00:00.123Z');
      const first = await feedback.record({
        memberKeys: ['b', 'a', 'b'],
        appid: 10,
        kind: 'liked',
        createdAt: at,
      });
      const second = await feedback.record({
        memberKeys: ['a', 'b'],
        appid: 20,
        kind: 'played_together',
        modelVersion: 'v7',
        createdAt: new Date(at.getTime() + 1000),
      });
      expect(second).not.toBe(first);
      const events = await feedback.list();
      expect(events).toEqual([
        {
          id: first,
          createdAt: at,
          memberKeys: ['a', 'b'],
          groupKey: groupKey(['a', 'b']),
          appid: 10,
          kind: 'liked',
          modelVersion: null,
        },
        {
          id: second,
          createdAt: new Date(at.getTime() + 1000),
          memberKeys: ['a', 'b'],
          groupKey: groupKey(['b', 'a']),
          appid: 20,
          kind: 'played_together',
          modelVersion: 'v7',
        },
      ]);
      expect(await feedback.count()).toBe(2);
    });

    it('undo hides an event from list and count, once', async () => {
      const feedback = store().feedback;
      const kept = await feedback.record({ memberKeys: ['x', 'y'], appid: 1, kind: 'liked' });
      const undone = await feedback.record({ memberKeys: ['x', 'y'], appid: 2, kind: 'dismissed' });
      expect(await feedback.undo(undone)).toBe(true);
      expect(await feedback.undo(undone)).toBe(false);
      expect(await feedback.undo(undone + 1000)).toBe(false);
      expect((await feedback.list()).map((event) => event.id)).toEqual([kept]);
      expect(await feedback.count()).toBe(1);
    });

    it('filters by time and by group', async () => {
      const feedback = store().feedback;
      const t0 = new Date('2024-01-01T00:00:00Z');
      const t1 = new Date('2024-02-01T00:00:00Z');
      await feedback.record({ memberKeys: ['a', 'b'], appid: 1, kind: 'liked', createdAt: t0 });
      const late = await feedback.record({ memberKeys: ['a', 'b'], appid: 2, kind: 'liked', createdAt: t1 });
      const other = await feedback.record({ memberKeys: ['c', 'd'], appid: 3, kind: 'liked', createdAt: t1 });
      expect((await feedback.list(t1)).map((event) => event.id)).toEqual([late, other]);
      expect((await feedback.list(undefined, groupKey(['b', 'a']))).map((event) => event.appid)).toEqual([
        1, 2,
      ]);
      expect((await feedback.list(t1, groupKey(['c', 'd']))).map((event) => event.id)).toEqual([other]);
    });

    it('rejects an unknown kind and an empty group', async () => {
      const feedback = store().feedback;
      await expect(
        feedback.record({ memberKeys: ['a'], appid: 1, kind: 'loved' as 'liked' }),
      ).rejects.toThrow(RangeError);
      await expect(feedback.record({ memberKeys: [], appid: 1, kind: 'liked' })).rejects.toThrow(RangeError);
      expect(await feedback.count()).toBe(0);
    });
  });
}
