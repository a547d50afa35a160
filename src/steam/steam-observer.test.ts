import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { HttpGet } from './http-get.ts';
import { MemoryResponseCache } from './memory-response-cache.ts';
import { RateLimiter } from './rate-limiter.ts';
import { SteamClient } from './steam-client.ts';
import type { SteamCallOutcome, SteamObserver } from './steam-observer.ts';
import { VirtualClock } from './virtual-clock.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`./__fixtures__/${name}.json`, import.meta.url), 'utf8');
const PUBLIC_ID = '76561197960287930';
const PRIVATE_ID = '76561198000000001';
const HOUR = 3_600_000;

/** Records what the client reports. */
function recorder() {
  const calls: string[] = [];
  const lookups: string[] = [];
  const waits: number[] = [];
  const observer: SteamObserver = {
    call: (endpoint: string, outcome: SteamCallOutcome) => calls.push(`${endpoint} ${outcome}`),
    cacheLookup: (endpoint: string, hit: boolean) => lookups.push(`${endpoint} ${hit ? 'hit' : 'miss'}`),
    rateLimitWait: (ms: number) => waits.push(ms),
  };
  return { observer, calls, lookups, waits };
}

function client(http: HttpGet, observer: SteamObserver, limiter?: (clock: VirtualClock) => RateLimiter) {
  const clock = new VirtualClock();
  const steam = new SteamClient({
    apiKey: 'TESTKEY0123456789',
    http,
    clock,
    cache: new MemoryResponseCache(),
    ...(limiter ? { limiter: limiter(clock) } : {}),
    retries: 1,
    backoff: { random: () => 0.5 },
    observer,
  });
  return { steam, clock };
}

describe('SteamClient observer', () => {
  it('reports ok and error answers, cache hits and misses, by endpoint', async () => {
    const r = recorder();
    const { steam } = client(async (url) => {
      const steamid = new URL(url).searchParams.get('steamid');
      return {
        status: 200,
        headers: {},
        body: fixture(steamid === PRIVATE_ID ? 'owned-games-private' : 'owned-games'),
      };
    }, r.observer);
    await steam.getOwnedGames(PUBLIC_ID);
    await steam.getOwnedGames(PUBLIC_ID);
    await expect(steam.getOwnedGames(PRIVATE_ID)).rejects.toMatchObject({ code: 'STEAM_PROFILE_PRIVATE' });
    expect(r.calls).toEqual(['GetOwnedGames ok', 'GetOwnedGames error']);
    expect(r.lookups).toEqual(['GetOwnedGames miss', 'GetOwnedGames hit', 'GetOwnedGames miss']);
    // The client made its own limiter, which reports to the same observer: two calls, no wait.
    expect(r.waits).toEqual([0, 0]);
  });

  it('reports stale when Steam is down and an expired answer is served, unavailable when none is cached', async () => {
    const r = recorder();
    let up = true;
    const { steam, clock } = client(
      async () =>
        up
          ? { status: 200, headers: {}, body: fixture('owned-games') }
          : { status: 503, headers: {}, body: 'down' },
      r.observer,
    );
    await steam.getOwnedGames(PUBLIC_ID);
    clock.advance(2 * HOUR);
    up = false;
    expect((await steam.getOwnedGames(PUBLIC_ID)).stale).toBe(true);
    await expect(steam.getOwnedGames(PRIVATE_ID)).rejects.toMatchObject({ code: 'STEAM_UNAVAILABLE' });
    expect(r.calls).toEqual(['GetOwnedGames ok', 'GetOwnedGames stale', 'GetOwnedGames unavailable']);
  });

  it('reports one call per batch and one lookup per item for batched endpoints', async () => {
    const r = recorder();
    const { steam } = client(
      async () => ({ status: 200, headers: {}, body: fixture('player-summaries') }),
      r.observer,
    );
    const ids = JSON.parse(fixture('player-summaries')).response.players.map(
      (p: { steamid: string }) => p.steamid,
    );
    await steam.getPlayerSummaries(ids.slice(0, 1));
    await steam.getPlayerSummaries(ids);
    expect(r.calls).toEqual(['GetPlayerSummaries ok', 'GetPlayerSummaries ok']);
    expect(r.lookups.filter((l) => l.endsWith('hit'))).toEqual(['GetPlayerSummaries hit']);
    expect(r.lookups).toHaveLength(1 + ids.length);
  });

  it('hears how long each call waited for a rate-limit token', async () => {
    const r = recorder();
    const { steam } = client(
      async () => ({ status: 200, headers: {}, body: fixture('owned-games') }),
      r.observer,
      (clock) => new RateLimiter({ clock, capacity: 1, intervalMs: 2_000, observer: r.observer }),
    );
    await steam.getOwnedGames(PUBLIC_ID);
    await steam.getOwnedGames(PRIVATE_ID);
    expect(r.waits).toEqual([0, 2_000]);
  });
});
