import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Migrator, sql } from 'kysely';
import { postgresDialect } from '../../src/store/dialects/postgres.ts';
import { sqliteDialect } from '../../src/store/dialects/sqlite.ts';
import { groupKey } from '../../src/store/group-key.ts';
import { storeMigrations } from '../../src/store/migrations/migrate-to-latest.ts';
import { openStore } from '../../src/store/open-store.ts';
import { createTestDatabase, TEST_DIALECTS, useTestStore } from './test-stores.ts';

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

    it('undo takes the undo token, hides that event from list and count, once', async () => {
      const feedback = store().feedback;
      const keptToken = 'kept-token-0123456789abcdef';
      const undoneToken = 'undone-token-0123456789abcdef';
      const kept = await feedback.record({
        memberKeys: ['x', 'y'],
        appid: 1,
        kind: 'liked',
        undoToken: keptToken,
      });
      await feedback.record({ memberKeys: ['x', 'y'], appid: 2, kind: 'dismissed', undoToken: undoneToken });
      expect(await feedback.undo(undoneToken)).toBe(true);
      expect(await feedback.undo(undoneToken)).toBe(false);
      expect(await feedback.undo('unknown-token-0123456789abcdef')).toBe(false);
      expect((await feedback.list()).map((event) => event.id)).toEqual([kept]);
      expect(await feedback.count()).toBe(1);
    });

    it('keeps only a hash of the undo token, and an event recorded without one cannot be undone', async () => {
      const feedback = store().feedback;
      const token = 'secret-token-0123456789abcdef';
      const id = await feedback.record({ memberKeys: ['a', 'b'], appid: 3, kind: 'liked', undoToken: token });
      const untokened = await feedback.record({ memberKeys: ['a', 'b'], appid: 4, kind: 'liked' });
      const rows = await store()
        .db.selectFrom('feedback_events')
        .select(['id', 'undo_token_hash'])
        .orderBy('id')
        .execute();
      expect(rows).toEqual([
        { id, undo_token_hash: createHash('sha256').update(token).digest('hex') },
        { id: untokened, undo_token_hash: null },
      ]);
      expect(JSON.stringify(rows)).not.toContain(token);
      // Neither the id (sequential, guessable) nor an empty or short token undoes anything.
      for (const guess of [String(untokened), String(id), '', 'short'])
        expect(await feedback.undo(guess)).toBe(false);
      expect(await feedback.count()).toBe(2);
    });

    it('refuses an undo token short enough to guess', async () => {
      const feedback = store().feedback;
      await expect(
        feedback.record({ memberKeys: ['a'], appid: 1, kind: 'liked', undoToken: '123' }),
      ).rejects.toThrow(RangeError);
      expect(await feedback.count()).toBe(0);
    });

    it('records once per client-chosen undo token: a retry returns the event already stored', async () => {
      const feedback = store().feedback;
      const token = 'client-chosen-token-0123456789abcdefghijklmno';
      const event = {
        memberKeys: ['sample:2', 'sample:1'],
        appid: 10,
        kind: 'liked' as const,
        undoToken: token,
      };
      const first = await feedback.recordOnce(event);
      expect(first.created).toBe(true);
      // The same feedback again, members in another order: the same event.
      const again = await feedback.recordOnce({ ...event, memberKeys: ['sample:1', 'sample:2'] });
      expect(again).toEqual({ ...first, created: false });
      // Two retries at once still make one event.
      const other = { ...event, undoToken: `${token}-2` };
      const raced = await Promise.all([feedback.recordOnce(other), feedback.recordOnce(other)]);
      expect(raced[0].id).toBe(raced[1].id);
      expect(await feedback.count()).toBe(2);
      // The token of one event cannot record another.
      await expect(feedback.recordOnce({ ...event, appid: 11 })).rejects.toMatchObject({
        code: 'INVALID_INPUT',
      });
      expect(await feedback.undo(token)).toBe(true);
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

  describe(`${dialect}: feedback undo-token migration`, () => {
    it('keeps the events recorded before it, which no token can undo', async () => {
      const database = createTestDatabase(dialect);
      const store = await openStore(database.url, { ...database.options, migrate: false });
      try {
        const migrator = new Migrator({
          db: store.db,
          provider: {
            getMigrations: async () =>
              storeMigrations(dialect === 'sqlite' ? sqliteDialect : postgresDialect),
          },
          migrationTableSchema: database.options.schema,
        });
        expect((await migrator.migrateTo('0001-init')).error).toBeUndefined();
        // A row as the first schema stored it (no undo_token_hash column yet).
        await sql`insert into feedback_events (created_at, member_keys, group_key, appid, kind, model_version)
          values (${dialect === 'sqlite' ? '2024-01-01T00:00:00.000Z' : new Date('2024-01-01T00:00:00Z')},
                  ${JSON.stringify(['sample:1', 'sample:2'])}, ${groupKey(['sample:1', 'sample:2'])}, 10,
                  'liked', null)`.execute(store.db);
        const upgrade = await migrator.migrateTo('0002-feedback-undo-token');
        expect(upgrade.error).toBeUndefined();
        expect(upgrade.results?.map((result) => result.migrationName)).toEqual(['0002-feedback-undo-token']);
        const [old] = await store.feedback.list();
        expect(old).toMatchObject({ appid: 10, kind: 'liked', memberKeys: ['sample:1', 'sample:2'] });
        expect(await store.db.selectFrom('feedback_events').select('undo_token_hash').execute()).toEqual([
          { undo_token_hash: null },
        ]);
        const token = 'a-new-token-0123456789abcdef';
        const fresh = await store.feedback.record({
          memberKeys: ['sample:1'],
          appid: 11,
          kind: 'liked',
          undoToken: token,
        });
        expect(await store.feedback.undo(token)).toBe(true);
        expect((await store.feedback.list()).map((event) => event.id)).toEqual([old?.id]);
        expect(fresh).not.toBe(old?.id);
      } finally {
        await store.close();
        await database.drop();
      }
    });
  });
}
