import { describe, expect, it } from 'vitest';
import { systemClock } from './clock.ts';
import type { HttpGet, HttpResponse } from './http-get.ts';
import { RateLimiter } from './rate-limiter.ts';
import { DEFAULT_RETRY_POLICY, retryingGet, SteamUnreachableError } from './retrying-get.ts';
import type { RetryingGetDeps, RetryPolicy } from './retrying-get.ts';
import { VirtualClock } from './virtual-clock.ts';

const URL_WITH_KEY = 'https://api.example/ISteamUser/GetFriendList/v1/?key=SECRETKEY&steamid=1';

type Step = HttpResponse | Error;

function reply(status: number, headers: Record<string, string> = {}, body = '{}'): HttpResponse {
  return { status, headers, body };
}

/** An HttpGet that plays `steps` in order and counts calls. */
function scripted(steps: Step[]): HttpGet & { calls: number } {
  const get = Object.assign(
    async () => {
      const step = steps[get.calls];
      get.calls += 1;
      if (step === undefined) throw new Error('script exhausted');
      if (step instanceof Error) throw step;
      return step;
    },
    { calls: 0 },
  );
  return get;
}

function deps(http: HttpGet, policy: Partial<RetryPolicy> = {}, timeoutMs = 1_000) {
  const clock = new VirtualClock();
  const value: RetryingGetDeps = {
    http,
    clock,
    limiter: new RateLimiter({ clock }),
    timeoutMs,
    policy: { ...DEFAULT_RETRY_POLICY, random: () => 0.5, ...policy },
  };
  return { deps: value, clock };
}

async function unreachable(promise: Promise<unknown>): Promise<SteamUnreachableError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SteamUnreachableError);
  return error as SteamUnreachableError;
}

describe('retryingGet', () => {
  it('returns the first successful response without waiting', async () => {
    const http = scripted([reply(200, {}, '{"ok":true}')]);
    const { deps: d, clock } = deps(http);
    expect((await retryingGet(d, URL_WITH_KEY)).body).toBe('{"ok":true}');
    expect(http.calls).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('retries 5xx with exponential backoff and jitter, then succeeds', async () => {
    const http = scripted([reply(500), reply(502), reply(503), reply(200)]);
    const random = [0, 0.999, 0.5];
    const { deps: d, clock } = deps(http, {
      minDelayMs: 400,
      maxDelayMs: 10_000,
      random: () => random.shift()!,
    });
    expect((await retryingGet(d, URL_WITH_KEY)).status).toBe(200);
    expect(http.calls).toBe(4);
    // Backoff before retry n is between half and all of min·2^n.
    const bases = [400, 800, 1_600];
    expect(clock.sleeps).toHaveLength(3);
    clock.sleeps.forEach((slept, n) => {
      expect(slept).toBeGreaterThanOrEqual(bases[n]! / 2);
      expect(slept).toBeLessThanOrEqual(bases[n]!);
    });
    expect(clock.sleeps[0]).toBe(200);
    expect(clock.sleeps[1]).toBeGreaterThan(790);
  });

  it('caps one backoff at maxDelayMs', async () => {
    const http = scripted([reply(500), reply(500), reply(500), reply(200)]);
    const { deps: d, clock } = deps(http, { minDelayMs: 1_000, maxDelayMs: 1_500, random: () => 0.999 });
    await retryingGet(d, URL_WITH_KEY);
    expect(Math.max(...clock.sleeps)).toBeLessThanOrEqual(1_500);
  });

  it('honours Retry-After in seconds on 429', async () => {
    const http = scripted([reply(429, { 'retry-after': '2' }), reply(200)]);
    const { deps: d, clock } = deps(http);
    expect((await retryingGet(d, URL_WITH_KEY)).status).toBe(200);
    expect(clock.sleeps).toEqual([2_000]);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const clock = new VirtualClock();
    const at = new Date(clock.now() + 7_000).toUTCString();
    const { deps: d } = deps(scripted([reply(503, { 'retry-after': at }), reply(200)]));
    await retryingGet({ ...d, clock, limiter: new RateLimiter({ clock }) }, URL_WITH_KEY);
    expect(clock.sleeps).toEqual([7_000]);
  });

  it('gives up at once when Retry-After is beyond the wait budget, reporting it', async () => {
    const http = scripted([reply(429, { 'retry-after': '3600' }), reply(200)]);
    const { deps: d, clock } = deps(http, { maxTotalWaitMs: 30_000 });
    const error = await unreachable(retryingGet(d, URL_WITH_KEY));
    expect(http.calls).toBe(1);
    expect(clock.sleeps).toEqual([]);
    expect(error.retryAfterMs).toBe(3_600_000);
    expect(error.reason).toBe('HTTP 429');
  });

  it('stops when the backoff would pass the total wait budget', async () => {
    const http = scripted(Array.from({ length: 10 }, () => reply(500)));
    const { deps: d, clock } = deps(http, {
      retries: 8,
      minDelayMs: 1_000,
      maxDelayMs: 60_000,
      maxTotalWaitMs: 5_000,
    });
    await unreachable(retryingGet(d, URL_WITH_KEY));
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(5_000);
    expect(http.calls).toBeLessThan(9);
  });

  it('fails with the attempt count after persistent 5xx', async () => {
    const http = scripted(Array.from({ length: 5 }, () => reply(500)));
    const { deps: d, clock } = deps(http, { retries: 2 });
    const error = await unreachable(retryingGet(d, URL_WITH_KEY));
    expect(http.calls).toBe(3);
    expect(clock.sleeps).toHaveLength(2);
    expect(error).toMatchObject({ attempts: 3, reason: 'HTTP 500', retryAfterMs: undefined });
  });

  it('does not retry other 4xx', async () => {
    for (const status of [400, 401, 403, 404]) {
      const http = scripted([reply(status), reply(200)]);
      const { deps: d } = deps(http);
      expect((await retryingGet(d, URL_WITH_KEY)).status).toBe(status);
      expect(http.calls).toBe(1);
    }
  });

  it('retries network errors and reports only their code, never the URL', async () => {
    const reset = Object.assign(new Error(`socket hang up while fetching ${URL_WITH_KEY}`), {
      code: 'ECONNRESET',
    });
    const http = scripted([reset, reset, reset, reset]);
    const { deps: d } = deps(http);
    const error = await unreachable(retryingGet(d, URL_WITH_KEY));
    expect(http.calls).toBe(4);
    expect(error.reason).toBe('network error (ECONNRESET)');
    expect(`${error.message} ${error.stack}`).not.toContain('SECRETKEY');
  });

  it('aborts an attempt that outlives the timeout and retries it', async () => {
    let calls = 0;
    const http: HttpGet = (_url, { signal }) => {
      calls += 1;
      if (calls === 2) return Promise.resolve(reply(200));
      return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    };
    const { deps: d } = deps(http, {}, 15);
    expect((await retryingGet(d, URL_WITH_KEY)).status).toBe(200);
    expect(calls).toBe(2);

    calls = -100;
    const error = await unreachable(retryingGet({ ...d, policy: { ...d.policy, retries: 1 } }, URL_WITH_KEY));
    expect(error.reason).toBe('timed out after 15 ms');
    expect(error.attempts).toBe(2);
  });

  it('starts the timeout when the attempt is sent, not while it waits for its turn', async () => {
    // Real time: the second call waits ~120 ms for a token, far longer than its 40 ms timeout.
    const http: HttpGet = async (_url, { signal }) => {
      if (signal.aborted) throw signal.reason;
      return reply(200);
    };
    const limiter = new RateLimiter({ clock: systemClock, capacity: 1, intervalMs: 120 });
    const d: RetryingGetDeps = { ...deps(http, { retries: 0 }, 40).deps, clock: systemClock, limiter };
    await retryingGet(d, URL_WITH_KEY);
    const started = performance.now();
    expect((await retryingGet(d, URL_WITH_KEY)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThan(60);
    expect(limiter.stats().calls).toBe(2);
  });

  it("pauses every call on the limiter for Steam's Retry-After, not only the one that got it", async () => {
    const sentAt: Array<[string, number]> = [];
    const { deps: d, clock } = deps(
      async (url) => {
        sentAt.push([url, clock.now()]);
        return url === 'a' ? reply(429, { 'retry-after': '5' }) : reply(200);
      },
      { retries: 0 },
    );
    const start = clock.now();
    // 'a' gives up at once (no retries), so nothing of its own waits: only the limiter can hold 'b' back.
    expect((await unreachable(retryingGet(d, 'a'))).retryAfterMs).toBe(5_000);
    expect((await retryingGet(d, 'b')).status).toBe(200);
    expect(sentAt.map(([url, at]) => [url, at - start])).toEqual([
      ['a', 0],
      ['b', 5_000],
    ]);
  });

  it('fails at once, without a request, when the limiter expects the turn later than allowed', async () => {
    const http = scripted([reply(200)]);
    const clock = new VirtualClock();
    const limiter = new RateLimiter({ clock, capacity: 1, intervalMs: 10_000 });
    const d: RetryingGetDeps = { ...deps(http).deps, clock, limiter, schedule: { maxWaitMs: 1_000 } };
    await retryingGet(d, URL_WITH_KEY);
    const error = await unreachable(retryingGet(d, URL_WITH_KEY));
    expect(error.retryAfterMs).toBe(10_000);
    expect(error.attempts).toBe(0);
    expect(error.reason).toMatch(/Steam call budget is used up for about 10 s/);
    expect(http.calls).toBe(1);
  });

  it('makes every attempt through the rate limiter', async () => {
    const http = scripted([reply(500), reply(500), reply(200)]);
    const { deps: d } = deps(http);
    await retryingGet(d, URL_WITH_KEY);
    expect(d.limiter.stats().calls).toBe(3);
  });
});
