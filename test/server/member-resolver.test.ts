import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemberResolver } from '../../src/server/member-resolver.ts';
import { systemClock } from '../../src/steam/clock.ts';
import type { HttpGet } from '../../src/steam/http-get.ts';
import { MemoryResponseCache } from '../../src/steam/memory-response-cache.ts';
import { RateLimiter } from '../../src/steam/rate-limiter.ts';
import { SteamClient } from '../../src/steam/steam-client.ts';
import type { Store } from '../../src/store/store.ts';
import { seedServerData } from '../faults/fault-app.ts';
import { openTestStore } from '../store/test-stores.ts';

describe('MemberResolver', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore('sqlite');
    await seedServerData(store);
  });
  afterAll(async () => store?.close());

  it('gives up the other members’ Steam calls, queued or in flight, once one member fails the group', async () => {
    // Steam hangs until the call is aborted; one token per minute, so a second call can only queue.
    const aborted: string[] = [];
    let sent = 0;
    const http: HttpGet = (url, { signal }) => {
      sent++;
      return new Promise((_resolve, reject) =>
        signal.addEventListener('abort', () => {
          aborted.push(new URL(url).pathname);
          reject(signal.reason);
        }),
      );
    };
    const limiter = new RateLimiter({ clock: systemClock, capacity: 1, intervalMs: 60_000 });
    const steam = new SteamClient({
      apiKey: 'TESTKEY0123456789',
      http,
      clock: systemClock,
      cache: new MemoryResponseCache(),
      limiter,
      timeoutMs: 30_000,
    });
    const members = new MemberResolver(store, steam);
    const started = performance.now();
    // Member 2 is a sample player nobody has, which fails as soon as the store answers.
    const failed = members.resolveAll([{ steamId: '76561197960287930' }, { sampleUser: 'nobody' }]).then(
      () => undefined,
      (error: unknown) => error,
    );
    await expect(failed).resolves.toMatchObject({ code: 'MEMBER_UNKNOWN' });
    // Member 1's two calls: the one sent is aborted, the one queued for a token leaves the queue.
    await expect.poll(() => aborted.length, { timeout: 2_000 }).toBe(1);
    expect(sent).toBe(1);
    expect(limiter.stats()).toMatchObject({ calls: 1, queued: 0, inFlight: 0 });
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
