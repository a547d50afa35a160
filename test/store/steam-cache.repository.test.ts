import { describe, expect, it } from 'vitest';
import { TEST_DIALECTS, useTestStore } from './test-stores.ts';

const NOW = new Date('2024-07-01T10:00:00.000Z');
const later = (ms: number) => new Date(NOW.getTime() + ms);

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: steam cache repository`, () => {
    const store = useTestStore(dialect);

    it('returns an entry with its expiry, and keeps it after expiry as a stale fallback', async () => {
      const cache = store().steamCache;
      await cache.set('GetOwnedGames:1', '{"response":{}}', 200, 60_000, NOW);
      const entry = { body: '{"response":{}}', status: 200, fetchedAt: NOW, expiresAt: later(60_000) };
      expect(await cache.get('GetOwnedGames:1')).toEqual(entry);
      expect(await cache.get('other')).toBeUndefined();
      expect(await cache.purgeExpired(later(120_000), 3_600_000)).toBe(0);
      expect(await cache.get('GetOwnedGames:1')).toEqual(entry);
    });

    it('replaces an entry, refreshing its expiry', async () => {
      const cache = store().steamCache;
      await cache.set('k', 'old', 200, 1000, NOW);
      await cache.set('k', 'not found', 404, 5000, later(2000));
      expect(await cache.get('k')).toEqual({
        body: 'not found',
        status: 404,
        fetchedAt: later(2000),
        expiresAt: later(7000),
      });
    });

    it('purges only expired entries', async () => {
      const cache = store().steamCache;
      await cache.set('short', 'a', 200, 1000, NOW);
      await cache.set('long', 'b', 200, 100_000, NOW);
      expect(await cache.purgeExpired(later(5000))).toBe(1);
      expect(await cache.purgeExpired(later(5000))).toBe(0);
      expect((await cache.get('long'))?.body).toBe('b');
      expect(await cache.get('short')).toBeUndefined();
    });

    it('rejects a time-to-live that is not positive', async () => {
      await expect(store().steamCache.set('k', 'x', 200, 0, NOW)).rejects.toThrow(RangeError);
    });
  });
}
