import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/build-app.ts';
import { systemClock, type Clock } from '../../src/steam/clock.ts';
import { SteamClient } from '../../src/steam/steam-client.ts';
import { openTestStore, TEST_DIALECTS } from '../store/test-stores.ts';
import { seedServerData, servingModels } from './fault-app.ts';
import { startSteamStandIn, type SteamMode } from './steam-stand-in.ts';

const SEEN = '76561197960287930';
const NEVER_SEEN = '76561198000000042';
const HOUR = 3_600_000;
/** A pasted library, so each group has a member who needs no Steam call. */
const farmer = { name: 'Ben', games: [{ appid: 200, playtimeMinutes: 4000 }] };
const OUTAGES: SteamMode[] = ['rate-limited', 'server-error', 'hanging'];

interface Member {
  steamId?: string;
  stale?: boolean;
}

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: Steam failing for a while, then back`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });

    it('serves cached members flagged stale or a clear 503 with Retry-After, and fresh answers once it recovers', async () => {
      const steam = await startSteamStandIn();
      cleanups.push(() => steam.close());
      const store = await openTestStore(dialect);
      cleanups.push(() => store.close());
      await seedServerData(store);
      // Real HTTP (undici) to the stand-in and the database cache, as served; a clock the test can move on so
      // cached libraries expire without waiting an hour, and short timeouts and backoff so the test is quick.
      let skewMs = 0;
      const clock: Clock = { now: () => Date.now() + skewMs, sleep: systemClock.sleep };
      const client = new SteamClient({
        apiKey: 'TESTKEY0123456789',
        apiBaseUrl: steam.baseUrl,
        cache: store.steamCache,
        clock,
        timeoutMs: 300,
        retries: 1,
        backoff: { minDelayMs: 10, maxDelayMs: 20 },
      });
      const app = await buildApp({ store, models: await servingModels(), steam: client });
      cleanups.push(() => app.close());
      const recommend = async (steamId: string) => {
        const res = await app.inject({
          method: 'POST',
          url: '/api/v1/recommendations',
          payload: { members: [{ steamId }, farmer], limit: 5 },
        });
        return {
          status: res.statusCode,
          body: res.json() as { code?: string; members?: Member[]; items?: unknown[] },
          retryAfter: res.headers['retry-after'],
        };
      };

      const first = await recommend(SEEN);
      expect(first.status).toBe(200);
      expect(first.body.members?.[0]).toMatchObject({ steamId: SEEN });
      expect(first.body.members?.[0]?.stale).toBeUndefined();

      // Two hours on, the cached library has expired: the next answer must come from Steam, which now fails.
      skewMs += 2 * HOUR;
      for (const mode of OUTAGES) {
        steam.mode = mode;
        const asked = steam.requests[mode];
        const cached = await recommend(SEEN);
        expect(cached.status, `${mode}: a member seen before`).toBe(200);
        expect(cached.body.members?.[0]).toMatchObject({ steamId: SEEN, stale: true });
        expect(cached.body.items?.length).toBeGreaterThan(0);
        const unknown = await recommend(NEVER_SEEN);
        expect(unknown.status, `${mode}: a member never seen`).toBe(503);
        expect(unknown.body.code).toBe('STEAM_UNAVAILABLE');
        expect(Number(unknown.retryAfter)).toBeGreaterThan(0);
        // Steam's own Retry-After is passed on when it sent one.
        if (mode === 'rate-limited') expect(unknown.retryAfter).toBe('1');
        // Steam was really asked (and failed): the stale answer was not a fresh cache hit.
        expect(steam.requests[mode]).toBeGreaterThan(asked);
      }

      steam.mode = 'ok';
      const fresh = await recommend(SEEN);
      expect(fresh.status).toBe(200);
      expect(fresh.body.members?.[0]?.stale).toBeUndefined();
      const newcomer = await recommend(NEVER_SEEN);
      expect(newcomer.status).toBe(200);
      expect(newcomer.body.members?.[0]).toMatchObject({ steamId: NEVER_SEEN });
      expect(newcomer.body.members?.[0]?.stale).toBeUndefined();
      // Live answers are stored for training again (stale ones never are).
      expect((await store.libraries.get(NEVER_SEEN)).games.length).toBeGreaterThan(0);
    }, 20_000);
  });
}
