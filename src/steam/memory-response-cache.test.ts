import { describe, expect, it } from 'vitest';
import { MemoryResponseCache } from './memory-response-cache.ts';

const NOW = new Date(Date.UTC(2024, 0, 1));

describe('MemoryResponseCache', () => {
  it('returns what was set with its fetch and expiry times, expired entries included', async () => {
    const cache = new MemoryResponseCache();
    await cache.set('a', '{"x":1}', 200, 60_000, NOW);
    await cache.set('b', '{}', 200, 0, NOW);
    expect(await cache.get('a')).toEqual({
      body: '{"x":1}',
      status: 200,
      fetchedAt: NOW,
      expiresAt: new Date(NOW.getTime() + 60_000),
    });
    expect((await cache.get('b'))?.expiresAt).toEqual(NOW);
    expect(await cache.get('missing')).toBeUndefined();
  });

  it('overwrites an entry and is not changed through returned objects', async () => {
    const cache = new MemoryResponseCache();
    await cache.set('a', 'old', 200, 1_000, NOW);
    await cache.set('a', 'new', 200, 2_000, NOW);
    const entry = await cache.get('a');
    entry?.expiresAt.setTime(0);
    expect(await cache.get('a')).toMatchObject({ body: 'new', expiresAt: new Date(NOW.getTime() + 2_000) });
  });

  it('evicts the least recently written entries past maxEntries', async () => {
    const cache = new MemoryResponseCache({ maxEntries: 2 });
    await cache.set('a', '1', 200, 1_000, NOW);
    await cache.set('b', '2', 200, 1_000, NOW);
    await cache.set('a', '1bis', 200, 1_000, NOW);
    await cache.set('c', '3', 200, 1_000, NOW);
    expect(cache.size).toBe(2);
    expect(await cache.get('b')).toBeUndefined();
    expect((await cache.get('a'))?.body).toBe('1bis');
  });

  it('rejects a negative ttl and a non-positive size', async () => {
    await expect(new MemoryResponseCache().set('a', '', 200, -1, NOW)).rejects.toThrow(RangeError);
    expect(() => new MemoryResponseCache({ maxEntries: 0 })).toThrow(RangeError);
  });
});
