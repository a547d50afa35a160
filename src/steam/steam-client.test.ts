import { readFileSync } from 'node:fs';
import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { CoplayError } from '../errors.ts';
import { MemoryResponseCache } from './memory-response-cache.ts';
import { RateLimiter } from './rate-limiter.ts';
import type { ResponseCache } from './response-cache.ts';
import { DEFAULT_STEAM_TTLS, SteamClient } from './steam-client.ts';
import type { SteamClientOptions } from './steam-client.ts';
import { MAX_STALE_MS } from './steam-fetcher.ts';
import { createUndiciHttpGet } from './undici-http-get.ts';
import { VirtualClock } from './virtual-clock.ts';

const API = 'https://api.steampowered.com';
const STORE = 'https://store.steampowered.com';
const KEY = 'A1B2C3D4E5F60718293A4B5C6D7E8F90';
const GABE = '76561197960287930';
const OTHER = '76561198000000001';

function fixture(name: string): string {
  return readFileSync(new URL(`./__fixtures__/${name}.json`, import.meta.url), 'utf8');
}

const agents: MockAgent[] = [];

afterEach(async () => {
  for (const agent of agents.splice(0)) {
    agent.assertNoPendingInterceptors();
    await agent.close();
  }
});

/** A SteamClient on a MockAgent (no network), a virtual clock and an in-memory cache. */
function setup(options: Partial<SteamClientOptions> = {}) {
  const agent = new MockAgent();
  agent.disableNetConnect();
  agents.push(agent);
  const clock = new VirtualClock();
  const cache = new MemoryResponseCache();
  const requests: URL[] = [];
  const client = new SteamClient({
    apiKey: KEY,
    http: createUndiciHttpGet({ dispatcher: agent }),
    clock,
    cache,
    limiter: new RateLimiter({ clock }),
    timeoutMs: 1_000,
    backoff: { random: () => 0.5 },
    ...options,
  });
  const on =
    (origin: string) =>
    (
      pathPrefix: string,
      status: number,
      body: string,
      opts: { headers?: Record<string, string>; times?: number } = {},
    ) =>
      agent
        .get(origin)
        .intercept({ path: (path) => path.startsWith(pathPrefix) })
        .reply((request) => {
          requests.push(new URL(request.path, origin));
          return { statusCode: status, data: body, responseOptions: { headers: opts.headers ?? {} } };
        })
        .times(opts.times ?? 1);
  return { agent, clock, cache, client, requests, api: on(API), store: on(STORE) };
}

async function failure(promise: Promise<unknown>): Promise<CoplayError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CoplayError);
  return error as CoplayError;
}

describe('SteamClient endpoints', () => {
  it('resolves a vanity name, sending the key only in the query string', async () => {
    const { client, api, requests } = setup();
    api('/ISteamUser/ResolveVanityURL/v1/', 200, fixture('resolve-vanity'));
    const result = await client.resolveVanity('gabelogannewell');
    expect(result).toMatchObject({ value: GABE, source: 'live', stale: false });
    expect(requests[0]?.searchParams.get('vanityurl')).toBe('gabelogannewell');
    expect(requests[0]?.searchParams.get('key')).toBe(KEY);
  });

  it('reports an unknown vanity name (success 42) as STEAM_ID_UNRESOLVED', async () => {
    const { client, api } = setup();
    api('/ISteamUser/ResolveVanityURL/v1/', 200, fixture('resolve-vanity-no-match'));
    const error = await failure(client.resolveVanity('nobody-here'));
    expect(error.code).toBe('STEAM_ID_UNRESOLVED');
    expect(error.message).toContain('"nobody-here"');
  });

  it('resolves members: a profile URL without a call, a vanity URL through Steam', async () => {
    const { client, api, requests } = setup();
    expect(await client.resolveMember(`https://steamcommunity.com/profiles/${GABE}/`)).toBe(GABE);
    expect(requests).toHaveLength(0);
    api('/ISteamUser/ResolveVanityURL/v1/', 200, fixture('resolve-vanity'));
    expect(await client.resolveMember('steamcommunity.com/id/gabelogannewell/games')).toBe(GABE);
    await expect(client.resolveMember('not a name!')).rejects.toMatchObject({ code: 'STEAM_ID_INVALID' });
  });

  it('reads an owned-games library into domain objects', async () => {
    const { client, api, requests } = setup();
    const body = fixture('owned-games');
    api('/IPlayerService/GetOwnedGames/v1/', 200, body);
    const { value } = await client.getOwnedGames(GABE);
    const raw = JSON.parse(body).response;
    expect(value.gameCount).toBe(raw.game_count);
    expect(value.games.map((g) => g.appid)).toEqual(raw.games.map((g: { appid: number }) => g.appid));
    expect(value.games[0]).toEqual({
      appid: 550,
      name: 'Left 4 Dead 2',
      playtimeForeverMinutes: 1234,
      playtime2WeeksMinutes: 60,
      lastPlayedAt: new Date(1710786712 * 1000),
      iconUrl: `https://media.steampowered.com/steamcommunity/public/images/apps/550/${raw.games[0].img_icon_url}.jpg`,
    });
    // Not played in two weeks: no playtime_2weeks field; never played: rtime_last_played 0.
    expect(value.games[1]?.playtime2WeeksMinutes).toBe(0);
    expect(value.games[3]?.lastPlayedAt).toBeNull();
    const query = requests[0]?.searchParams;
    expect([
      query?.get('steamid'),
      query?.get('include_appinfo'),
      query?.get('include_played_free_games'),
    ]).toEqual([GABE, '1', '1']);
  });

  it('reads an empty public library as zero games', async () => {
    const { client, api } = setup();
    api('/IPlayerService/GetOwnedGames/v1/', 200, fixture('owned-games-empty'));
    expect((await client.getOwnedGames(GABE)).value).toEqual({ gameCount: 0, games: [] });
  });

  it('reports private game details as STEAM_PROFILE_PRIVATE with how to fix it, and does not cache that', async () => {
    const { client, api, requests } = setup();
    api('/IPlayerService/GetOwnedGames/v1/', 200, fixture('owned-games-private'), { times: 2 });
    const error = await failure(client.getOwnedGames(GABE));
    expect(error.code).toBe('STEAM_PROFILE_PRIVATE');
    expect(error.status).toBe(422);
    expect(error.message).toContain('"Game details" to Public');
    expect(error.message).toContain('paste the library');
    await failure(client.getOwnedGames(GABE));
    expect(requests).toHaveLength(2);
  });

  it('reads a friend list', async () => {
    const { client, api } = setup();
    api('/ISteamUser/GetFriendList/v1/', 200, fixture('friend-list'));
    const { value } = await client.getFriendList(GABE);
    expect(value.map((f) => f.steamId)).toEqual(['76561197960265731', '76561197960265740', OTHER]);
    expect(value[0]).toEqual({ steamId: '76561197960265731', relationship: 'friend', friendSince: null });
    expect(value[1]?.friendSince).toEqual(new Date(1325376000 * 1000));
  });

  it('reports a friend list Steam answers 401 for as STEAM_FRIENDS_PRIVATE', async () => {
    const { client, api } = setup();
    api('/ISteamUser/GetFriendList/v1/', 401, '<html><head><title>Unauthorized</title></head></html>');
    const error = await failure(client.getFriendList(GABE));
    expect(error.code).toBe('STEAM_FRIENDS_PRIVATE');
    expect(error.details).toEqual({ steamId: GABE });
  });

  it('reads player summaries in the order asked, skipping unknown ids', async () => {
    const { client, api, requests } = setup();
    api('/ISteamUser/GetPlayerSummaries/v2/', 200, fixture('player-summaries'));
    const unknown = '76561198999999999';
    const { value } = await client.getPlayerSummaries([OTHER, unknown, GABE, OTHER]);
    expect(value.map((p) => [p.steamId, p.visibility])).toEqual([
      [OTHER, 'private'],
      [GABE, 'public'],
    ]);
    expect(value[1]).toMatchObject({
      personaName: 'Rabscuttle',
      profileUrl: 'https://steamcommunity.com/id/gabelogannewell/',
      profileConfigured: true,
    });
    expect(value[1]?.avatarFullUrl).toMatch(/_full\.jpg$/);
    expect(requests[0]?.searchParams.get('steamids')?.split(',')).toEqual([OTHER, unknown, GABE]);
  });

  it('batches summaries by 100 and caches them per player', async () => {
    const { client, api, requests } = setup();
    const ids = Array.from({ length: 150 }, (_, i) => String(76561198000000000n + BigInt(i + 1)));
    const players = (batch: string[]) =>
      JSON.stringify({
        response: {
          players: batch.map((steamid) => ({
            steamid,
            personaname: `p${steamid.slice(-3)}`,
            profileurl: `https://steamcommunity.com/profiles/${steamid}/`,
            avatarmedium: 'm.jpg',
            avatarfull: 'f.jpg',
            communityvisibilitystate: 3,
          })),
        },
      });
    api('/ISteamUser/GetPlayerSummaries/v2/', 200, players(ids.slice(0, 100)));
    api('/ISteamUser/GetPlayerSummaries/v2/', 200, players(ids.slice(100)));
    const first = await client.getPlayerSummaries(ids);
    expect(first.value.map((p) => p.steamId)).toEqual(ids);
    expect(first.source).toBe('live');
    expect(requests.map((r) => r.searchParams.get('steamids')?.split(',').length)).toEqual([100, 50]);

    const again = await client.getPlayerSummaries([ids[149]!, ids[0]!]);
    expect(again).toMatchObject({ source: 'cache', stale: false });
    expect(again.value.map((p) => p.personaName)).toEqual([
      `p${ids[149]!.slice(-3)}`,
      `p${ids[0]!.slice(-3)}`,
    ]);
    expect(requests).toHaveLength(2);
  });

  it('reads store app details with GBP prices and English text, without the API key', async () => {
    const { client, store, requests } = setup({ apiKey: undefined });
    store('/api/appdetails', 200, fixture('app-details-550'));
    const result = await client.getAppDetails(550);
    expect(result?.value).toMatchObject({
      appid: 550,
      type: 'game',
      name: 'Left 4 Dead 2',
      isFree: false,
      requiredAge: 0,
      developers: ['Valve'],
      platforms: ['windows', 'mac', 'linux'],
      genres: ['Action'],
      releaseDate: '2009-11-17',
      releaseDateText: '17 Nov, 2009',
      comingSoon: false,
      price: { currency: 'GBP', initialMinor: 719, finalMinor: 71, discountPercent: 90 },
      recommendations: 771354,
    });
    expect(result?.value.categories).toContain('Online Co-op');
    const query = requests[0]!.searchParams;
    expect([query.get('appids'), query.get('cc'), query.get('l'), query.has('key')]).toEqual([
      '550',
      'gb',
      'en',
      false,
    ]);
  });

  it('answers undefined for an app the store has no page for, and does not cache that', async () => {
    const { client, store, requests } = setup();
    store('/api/appdetails', 200, fixture('app-details-missing'), { times: 2 });
    expect(await client.getAppDetails(9999990)).toBeUndefined();
    expect(await client.getAppDetails(9999990)).toBeUndefined();
    expect(requests).toHaveLength(2);
  });

  it('reads required_age sent as a string and a free game without a price', async () => {
    const { client, store } = setup();
    const body = JSON.parse(fixture('app-details-550'));
    body['550'].data.required_age = '18';
    body['550'].data.is_free = true;
    delete body['550'].data.price_overview;
    store('/api/appdetails', 200, JSON.stringify(body));
    expect((await client.getAppDetails(550))?.value).toMatchObject({
      requiredAge: 18,
      isFree: true,
      price: null,
    });
  });
  it('talks to configured base URLs, e.g. behind a proxy path', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    agents.push(agent);
    const seen: string[] = [];
    agent
      .get('http://proxy.internal:8080')
      .intercept({ path: (path) => path.startsWith('/steam-api/ISteamUser/GetFriendList/v1/?') })
      .reply((request) => {
        seen.push(request.path);
        return { statusCode: 200, data: fixture('friend-list') };
      });
    const client = new SteamClient({
      apiKey: KEY,
      apiBaseUrl: 'http://proxy.internal:8080/steam-api/',
      http: createUndiciHttpGet({ dispatcher: agent }),
      clock: new VirtualClock(),
    });
    expect((await client.getFriendList(GABE)).value).toHaveLength(3);
    expect(seen).toHaveLength(1);
  });

  it('reports a store 403 without blaming the API key', async () => {
    const { client, store } = setup();
    store('/api/appdetails', 403, 'Access Denied');
    const error = await failure(client.getAppDetails(550));
    expect(error.code).toBe('STEAM_BAD_RESPONSE');
    expect(error.message).not.toContain('STEAM_API_KEY');
  });
});

describe('SteamClient input checks', () => {
  it('refuses API calls without a key, naming STEAM_API_KEY, before any request', async () => {
    const { client, requests } = setup({ apiKey: undefined });
    for (const call of [
      () => client.resolveVanity('gabelogannewell'),
      () => client.getOwnedGames(GABE),
      () => client.getFriendList(GABE),
      () => client.getPlayerSummaries([GABE]),
    ]) {
      const error = await failure(call());
      expect(error.code).toBe('STEAM_KEY_MISSING');
      expect(error.message).toContain('set STEAM_API_KEY');
    }
    expect(requests).toHaveLength(0);
  });

  it('rejects malformed SteamIDs, vanity names and appids without a request', async () => {
    const { client, requests } = setup();
    await expect(client.getOwnedGames('123&key=x')).rejects.toMatchObject({ code: 'STEAM_ID_INVALID' });
    await expect(client.getFriendList('')).rejects.toMatchObject({ code: 'STEAM_ID_INVALID' });
    await expect(client.getPlayerSummaries([GABE, 'nope'])).rejects.toMatchObject({
      code: 'STEAM_ID_INVALID',
    });
    await expect(client.resolveVanity('a b')).rejects.toMatchObject({ code: 'STEAM_ID_INVALID' });
    await expect(client.getAppDetails(-1)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(requests).toHaveLength(0);
  });

  it('reports malformed JSON and a wrong shape as STEAM_BAD_RESPONSE, caching neither', async () => {
    const { client, api, cache } = setup();
    api('/IPlayerService/GetOwnedGames/v1/', 200, '{"response": {"game_count": 3, "games": [');
    const notJson = await failure(client.getOwnedGames(GABE));
    expect([notJson.code, notJson.status]).toEqual(['STEAM_BAD_RESPONSE', 502]);
    expect(notJson.message).toContain('not JSON');

    api('/IPlayerService/GetOwnedGames/v1/', 200, '{"response":{"game_count":1,"games":[{"appid":"550"}]}}');
    const wrongShape = await failure(client.getOwnedGames(GABE));
    expect(wrongShape.code).toBe('STEAM_BAD_RESPONSE');
    expect(wrongShape.message).toContain('response.games.0.appid');
    expect(cache.size).toBe(0);
  });

  it('reports other 4xx as STEAM_BAD_RESPONSE without retrying', async () => {
    const { client, api, requests } = setup();
    api('/IPlayerService/GetOwnedGames/v1/', 403, '<html>Forbidden</html>');
    const error = await failure(client.getOwnedGames(GABE));
    expect(error.code).toBe('STEAM_BAD_RESPONSE');
    expect(error.message).toContain('STEAM_API_KEY');
    expect(requests).toHaveLength(1);
  });
});

describe('SteamClient caching, retries and rate limiting', () => {
  it('serves a fresh cache hit without a request, and refetches once it expires', async () => {
    const { client, api, clock, requests } = setup();
    api('/IPlayerService/GetOwnedGames/v1/', 200, fixture('owned-games'), { times: 2 });
    const first = await client.getOwnedGames(GABE);
    clock.advance(DEFAULT_STEAM_TTLS.library - 1);
    const second = await client.getOwnedGames(GABE);
    expect(second).toMatchObject({ source: 'cache', stale: false, fetchedAt: first.fetchedAt });
    expect(second.value).toEqual(first.value);
    expect(requests).toHaveLength(1);
    clock.advance(2);
    expect((await client.getOwnedGames(GABE)).source).toBe('live');
    expect(requests).toHaveLength(2);
    expect(client.stats()).toMatchObject({ live: 2, cacheHits: 1 });
  });

  it('keeps each kind for its own TTL', async () => {
    const { client, api, cache } = setup({ ttl: { friends: 5_000 } });
    api('/ISteamUser/GetFriendList/v1/', 200, fixture('friend-list'));
    api('/ISteamUser/ResolveVanityURL/v1/', 200, fixture('resolve-vanity'));
    const friends = await client.getFriendList(GABE);
    await client.resolveVanity('GabeLoganNewell');
    const friendEntry = await cache.get(`steam:friend-list:${GABE}`);
    const vanityEntry = await cache.get('steam:vanity:gabelogannewell');
    expect(friendEntry!.expiresAt.getTime() - friends.fetchedAt.getTime()).toBe(5_000);
    expect(vanityEntry!.expiresAt.getTime() - vanityEntry!.fetchedAt.getTime()).toBe(
      DEFAULT_STEAM_TTLS.vanity,
    );
  });

  it('waits out a 429 Retry-After on the clock, then succeeds', async () => {
    const { client, api, clock } = setup();
    api('/ISteamUser/GetFriendList/v1/', 429, '', { headers: { 'retry-after': '2' } });
    api('/ISteamUser/GetFriendList/v1/', 200, fixture('friend-list'));
    const result = await client.getFriendList(GABE);
    expect(result.source).toBe('live');
    expect(clock.sleeps).toEqual([2_000]);
  });

  it('retries a 500, then succeeds', async () => {
    const { client, api, requests } = setup();
    api('/IPlayerService/GetOwnedGames/v1/', 500, '<html>Internal Server Error</html>');
    api('/IPlayerService/GetOwnedGames/v1/', 200, fixture('owned-games'));
    expect((await client.getOwnedGames(GABE)).value.gameCount).toBe(4);
    expect(requests).toHaveLength(2);
  });

  it('gives STEAM_UNAVAILABLE with retryAfterSeconds after persistent 5xx and nothing cached', async () => {
    const { client, api, requests } = setup({ retries: 2 });
    api('/IPlayerService/GetOwnedGames/v1/', 502, 'Bad Gateway', { times: 2 });
    api('/IPlayerService/GetOwnedGames/v1/', 503, 'Service Unavailable', {
      headers: { 'retry-after': '120' },
    });
    const error = await failure(client.getOwnedGames(GABE));
    expect([error.code, error.status]).toEqual(['STEAM_UNAVAILABLE', 503]);
    expect(error.details).toMatchObject({ endpoint: 'GetOwnedGames', attempts: 3, retryAfterSeconds: 120 });
    expect(requests).toHaveLength(3);
    expect(client.stats().unavailable).toBe(1);
  });

  it('serves an expired cached response flagged stale when Steam is down', async () => {
    const { client, api, clock } = setup({ retries: 1 });
    api('/IPlayerService/GetOwnedGames/v1/', 200, fixture('owned-games'));
    const fresh = await client.getOwnedGames(GABE);
    clock.advance(DEFAULT_STEAM_TTLS.library * 3);
    api('/IPlayerService/GetOwnedGames/v1/', 500, 'down', { times: 2 });
    const stale = await client.getOwnedGames(GABE);
    expect(stale).toMatchObject({ source: 'stale', stale: true, fetchedAt: fresh.fetchedAt });
    expect(stale.value).toEqual(fresh.value);
    expect(client.stats().staleServed).toBe(1);
  });

  it('no longer serves a cached response expired more than MAX_STALE_MS ago', async () => {
    const { client, api, clock } = setup({ retries: 0 });
    api('/IPlayerService/GetOwnedGames/v1/', 200, fixture('owned-games'));
    await client.getOwnedGames(GABE);
    clock.advance(DEFAULT_STEAM_TTLS.library + MAX_STALE_MS - 1_000);
    api('/IPlayerService/GetOwnedGames/v1/', 500, 'down');
    await expect(client.getOwnedGames(GABE)).resolves.toMatchObject({ source: 'stale' });
    clock.advance(2_000);
    api('/IPlayerService/GetOwnedGames/v1/', 500, 'down');
    await expect(client.getOwnedGames(GABE)).rejects.toMatchObject({ code: 'STEAM_UNAVAILABLE' });
  });

  it('serves stale summaries for the players it has and fails for players it never saw', async () => {
    const { client, api, clock } = setup({ retries: 0 });
    api('/ISteamUser/GetPlayerSummaries/v2/', 200, fixture('player-summaries'));
    await client.getPlayerSummaries([GABE]);
    clock.advance(DEFAULT_STEAM_TTLS.summaries + 1);
    api('/ISteamUser/GetPlayerSummaries/v2/', 500, 'down', { times: 2 });
    const stale = await client.getPlayerSummaries([GABE]);
    expect(stale).toMatchObject({ source: 'stale', stale: true });
    expect(stale.value[0]?.personaName).toBe('Rabscuttle');
    await expect(client.getPlayerSummaries([GABE, OTHER])).rejects.toMatchObject({
      code: 'STEAM_UNAVAILABLE',
    });
  });

  it('times out a hanging request and reports STEAM_UNAVAILABLE', async () => {
    const { client, agent } = setup({ timeoutMs: 20, retries: 1 });
    agent
      .get(API)
      .intercept({ path: (path) => path.startsWith('/ISteamUser/GetFriendList/v1/') })
      .reply(200, fixture('friend-list'))
      .delay(2_000)
      .times(2);
    const started = Date.now();
    const error = await failure(client.getFriendList(GABE));
    expect(error.code).toBe('STEAM_UNAVAILABLE');
    expect(error.details?.reason).toBe('timed out after 20 ms');
    // Two 20 ms attempts, far below the 2 s the mock would have taken to answer.
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('never puts the API key in errors or cache keys', async () => {
    const { client, api, agent } = setup({ retries: 1 });
    const keysWritten: string[] = [];
    const memory = new MemoryResponseCache();
    const recording: ResponseCache = {
      get: (key) => memory.get(key),
      set: (key, ...rest) => {
        keysWritten.push(key);
        return memory.set(key, ...rest);
      },
    };
    const spy = setup({ cache: recording });
    spy.api('/ISteamUser/ResolveVanityURL/v1/', 200, fixture('resolve-vanity'));
    await spy.client.resolveVanity('gabelogannewell');
    spy.api('/IPlayerService/GetOwnedGames/v1/', 200, fixture('owned-games'));
    await spy.client.getOwnedGames(GABE);
    expect(keysWritten).toHaveLength(2);
    expect(keysWritten.join(' ')).not.toContain(KEY);

    api('/IPlayerService/GetOwnedGames/v1/', 200, fixture('owned-games-private'));
    api('/ISteamUser/GetFriendList/v1/', 401, 'Unauthorized');
    api('/ISteamUser/GetFriendList/v1/', 200, 'not json');
    api('/ISteamUser/GetPlayerSummaries/v2/', 403, `Access denied for key=${KEY}`);
    // No interceptor for ResolveVanityURL: the mock's "not matched" error quotes the full URL, key included.
    agent
      .get(API)
      .intercept({ path: (path) => path.startsWith('/ISteamUser/GetFriendList/v1/') })
      .replyWithError(new Error(`connect ECONNREFUSED ${API}/ISteamUser/GetFriendList/v1/?key=${KEY}`))
      .times(2);
    const errors = [
      await failure(client.getOwnedGames(GABE)),
      await failure(client.getFriendList(GABE)),
      await failure(client.getFriendList(GABE)),
      await failure(client.getPlayerSummaries([GABE])),
      await failure(client.getFriendList(OTHER)),
      await failure(client.resolveVanity('no-interceptor')),
    ];
    expect(errors.map((e) => e.code)).toEqual([
      'STEAM_PROFILE_PRIVATE',
      'STEAM_FRIENDS_PRIVATE',
      'STEAM_BAD_RESPONSE',
      'STEAM_BAD_RESPONSE',
      'STEAM_UNAVAILABLE',
      'STEAM_UNAVAILABLE',
    ]);
    for (const error of errors) {
      const everything = JSON.stringify({
        message: error.message,
        details: error.details,
        stack: error.stack,
        cause: String(error.cause),
      });
      expect(everything).not.toContain(KEY);
    }
  });

  it('waits for the rate limiter when its bucket is empty', async () => {
    const clock = new VirtualClock();
    const limiter = new RateLimiter({ clock, capacity: 2, intervalMs: 10_000 });
    const { client, api } = setup({ clock, limiter });
    api('/ISteamUser/GetFriendList/v1/', 200, fixture('friend-list'), { times: 3 });
    const start = clock.now();
    await client.getFriendList(GABE);
    await client.getFriendList(OTHER);
    expect(clock.now()).toBe(start);
    await client.getFriendList('76561197960265731');
    expect(clock.now() - start).toBe(5_000);
    expect(client.stats().limiter).toMatchObject({ calls: 3, waits: 1, waitMs: 5_000 });
  });

  it('keeps answering from Steam when the cache itself fails', async () => {
    const broken: ResponseCache = {
      get: () => Promise.reject(new Error('database is locked')),
      set: () => Promise.reject(new Error('database is locked')),
    };
    const { client, api } = setup({ cache: broken });
    api('/ISteamUser/GetFriendList/v1/', 200, fixture('friend-list'));
    expect((await client.getFriendList(GABE)).value).toHaveLength(3);
    expect(client.stats().cacheErrors).toBe(2);
  });
});
