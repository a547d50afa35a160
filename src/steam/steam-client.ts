import { CoplayError } from '../errors.ts';
import { systemClock } from './clock.ts';
import type { Clock } from './clock.ts';
import type { HttpGet, HttpResponse } from './http-get.ts';
import { MemoryResponseCache } from './memory-response-cache.ts';
import { RateLimiter } from './rate-limiter.ts';
import type { RateLimiterStats, ScheduleOptions } from './rate-limiter.ts';
import type { ResponseCache } from './response-cache.ts';
import { DEFAULT_RETRY_POLICY } from './retrying-get.ts';
import type { RetryPolicy } from './retrying-get.ts';
import { SteamFetcher } from './steam-fetcher.ts';
import type { SteamFetcherStats } from './steam-fetcher.ts';
import type { SteamObserver } from './steam-observer.ts';
import { isSteamId64, isVanityName, parseMemberIdentifier } from './steam-id.ts';
import {
  AppDetailsEntry,
  AppDetailsResponse,
  decodeSteamJson,
  decodeSteamValue,
  FriendListResponse,
  OwnedGamesResponse,
  PlayerSummariesResponse,
  PlayerSummaryEntry,
  ResolveVanityResponse,
} from './steam-responses.ts';
import type { AppDetails, OwnedGames, PlayerSummary, SteamFriend, SteamResult } from './steam-types.ts';
import { createUndiciHttpGet } from './undici-http-get.ts';

/** How long each kind of response stays fresh in the cache, in ms. */
export interface SteamTtls {
  library: number;
  friends: number;
  summaries: number;
  appDetails: number;
  vanity: number;
}

const HOUR = 3_600_000;
/** Library 1 h, friends 30 min, summaries 1 h, store app details 7 days, vanity names 1 day. */
export const DEFAULT_STEAM_TTLS: SteamTtls = {
  library: HOUR,
  friends: HOUR / 2,
  summaries: HOUR,
  appDetails: 7 * 24 * HOUR,
  vanity: 24 * HOUR,
};

/** Everything a SteamClient can be given; only what the deployment differs in is needed. */
export interface SteamClientOptions {
  /** Needed for every Web API call (not for store app details). Never logged, cached or put in errors. */
  apiKey?: string;
  apiBaseUrl?: string;
  storeBaseUrl?: string;
  http?: HttpGet;
  clock?: Clock;
  cache?: ResponseCache;
  /** Shared by every client of a process that uses the same key; made here when not given. */
  limiter?: RateLimiter;
  ttl?: Partial<SteamTtls>;
  /** Per-attempt timeout, from when the request is sent. Default 10 s. */
  timeoutMs?: number;
  /**
   * How this client's calls queue at the limiter: a client serving requests is 'interactive' and gives up on a
   * call whose turn is further off than `maxWaitMs` (then a stale cached answer, or 503 STEAM_UNAVAILABLE
   * with the expected wait as Retry-After); the pipeline's is 'background' and waits. Default: interactive,
   * waiting as long as it takes.
   */
  schedule?: ScheduleOptions;
  /** Retries after the first attempt. Default 3. */
  retries?: number;
  /** Backoff tuning; `retries` above wins over `backoff.retries`. */
  backoff?: Partial<RetryPolicy>;
  /** Told about calls and cache lookups (and rate-limit waits when the limiter is made here), for metrics. */
  observer?: SteamObserver;
}

/** How one call is made. */
export interface SteamCallOptions {
  /** Gives the call up (its group failed, say): it leaves the rate limiter's queue or is aborted in flight. */
  signal?: AbortSignal;
}

/** Counters for metrics. */
export interface SteamClientStats extends SteamFetcherStats {
  limiter: RateLimiterStats;
}

const SUMMARY_BATCH = 100;

/** The Steam Web API and store client: cached, rate-limited, retried, and validated into domain objects. */
export class SteamClient {
  private readonly apiKey: string | undefined;
  private readonly apiBaseUrl: string;
  private readonly storeBaseUrl: string;
  private readonly clock: Clock;
  private readonly limiter: RateLimiter;
  private readonly ttl: SteamTtls;
  private readonly fetcher: SteamFetcher;

  constructor(options: SteamClientOptions = {}) {
    this.apiKey = options.apiKey === '' ? undefined : options.apiKey;
    this.apiBaseUrl = (options.apiBaseUrl ?? 'https://api.steampowered.com').replace(/\/+$/, '');
    this.storeBaseUrl = (options.storeBaseUrl ?? 'https://store.steampowered.com').replace(/\/+$/, '');
    this.clock = options.clock ?? systemClock;
    this.limiter = options.limiter ?? new RateLimiter({ clock: this.clock, observer: options.observer });
    this.ttl = { ...DEFAULT_STEAM_TTLS, ...options.ttl };
    const policy = { ...DEFAULT_RETRY_POLICY, ...options.backoff };
    if (options.retries !== undefined) policy.retries = options.retries;
    this.fetcher = new SteamFetcher(
      options.cache ?? new MemoryResponseCache(),
      {
        http: options.http ?? createUndiciHttpGet(),
        clock: this.clock,
        limiter: this.limiter,
        timeoutMs: options.timeoutMs ?? 10_000,
        policy,
        ...(options.schedule ? { schedule: options.schedule } : {}),
      },
      options.observer,
    );
  }

  /** Turns what a user typed (SteamID64, profile URL or vanity name) into a SteamID64. */
  async resolveMember(input: string): Promise<string> {
    const member = parseMemberIdentifier(input);
    return member.kind === 'steamId' ? member.steamId : (await this.resolveVanity(member.vanity)).value;
  }

  /** ResolveVanityURL: the SteamID64 behind a custom URL name; STEAM_ID_UNRESOLVED when there is none. */
  async resolveVanity(vanity: string, options: SteamCallOptions = {}): Promise<SteamResult<string>> {
    const endpoint = 'ResolveVanityURL';
    if (!isVanityName(vanity)) {
      throw new CoplayError(
        'STEAM_ID_INVALID',
        `"${vanity}" is not a vanity name (2–32 letters, digits, "_" or "-").`,
      );
    }
    return this.fetcher.fetch(
      {
        endpoint,
        cacheKey: `steam:vanity:${vanity.toLowerCase()}`,
        url: this.apiUrl(endpoint, 'ISteamUser/ResolveVanityURL/v1/', { vanityurl: vanity }),
        ttlMs: this.ttl.vanity,
        decode: (response) => {
          const { success, steamid } = decodeSteamJson(
            endpoint,
            okBody(endpoint, response),
            ResolveVanityResponse,
          ).response;
          if (success === 1 && steamid !== undefined) return steamid;
          if (success === 42) {
            throw new CoplayError(
              'STEAM_ID_UNRESOLVED',
              `No Steam profile has the custom URL name "${vanity}": check the spelling, or paste the profile URL.`,
              { details: { vanity } },
            );
          }
          throw new CoplayError(
            'STEAM_BAD_RESPONSE',
            `${endpoint} answered success=${success} without a steamid.`,
          );
        },
      },
      options.signal,
    );
  }

  /** GetPlayerSummaries for any number of players (batched by 100, cached per player), in the order asked. */
  async getPlayerSummaries(
    steamIds: readonly string[],
    options: SteamCallOptions = {},
  ): Promise<SteamResult<PlayerSummary[]>> {
    const endpoint = 'GetPlayerSummaries';
    steamIds.forEach((id) => checkSteamId(id));
    this.requireKey(endpoint);
    const found = await this.fetcher.fetchBatched(
      {
        endpoint,
        ids: steamIds,
        batchSize: SUMMARY_BATCH,
        cacheKey: (id) => `steam:player-summary:${id}`,
        url: (batch) =>
          this.apiUrl(endpoint, 'ISteamUser/GetPlayerSummaries/v2/', { steamids: batch.join(',') }),
        ttlMs: this.ttl.summaries,
        // Each player's raw JSON is cached on its own, so overlapping groups share entries.
        decodeBatch: (response) =>
          decodeSteamJson(endpoint, okBody(endpoint, response), PlayerSummariesResponse).response.players.map(
            (raw) => ({
              id: raw.steamid,
              body: JSON.stringify(raw),
              value: decodeSteamValue(endpoint, raw, PlayerSummaryEntry),
            }),
          ),
        decodeItem: (body) => decodeSteamJson(endpoint, body, PlayerSummaryEntry),
      },
      options.signal,
    );
    return combine(
      [...new Set(steamIds)].flatMap((id) => found.get(id) ?? []),
      new Date(this.clock.now()),
    );
  }

  /** GetOwnedGames with app info and played free games; STEAM_PROFILE_PRIVATE when game details are hidden. */
  async getOwnedGames(steamId: string, options: SteamCallOptions = {}): Promise<SteamResult<OwnedGames>> {
    const endpoint = 'GetOwnedGames';
    checkSteamId(steamId);
    return this.fetcher.fetch(
      {
        endpoint,
        cacheKey: `steam:owned-games:${steamId}`,
        url: this.apiUrl(endpoint, 'IPlayerService/GetOwnedGames/v1/', {
          steamid: steamId,
          include_appinfo: '1',
          include_played_free_games: '1',
        }),
        ttlMs: this.ttl.library,
        decode: (response) => {
          const { game_count, games } = decodeSteamJson(
            endpoint,
            okBody(endpoint, response),
            OwnedGamesResponse,
          ).response;
          // Steam answers a bare {"response":{}} when the profile or its game details are not public.
          if (game_count === undefined) {
            throw new CoplayError(
              'STEAM_PROFILE_PRIVATE',
              `The games of Steam profile ${steamId} are private: its owner can set "Game details" to Public in ` +
                `Steam's privacy settings (Edit Profile → Privacy Settings), or you can paste the library instead.`,
              { details: { steamId } },
            );
          }
          return { gameCount: game_count, games: games ?? [] };
        },
      },
      options.signal,
    );
  }

  /** GetFriendList; STEAM_FRIENDS_PRIVATE when Steam answers 401 (the list is not public). */
  async getFriendList(steamId: string): Promise<SteamResult<SteamFriend[]>> {
    const endpoint = 'GetFriendList';
    checkSteamId(steamId);
    return this.fetcher.fetch({
      endpoint,
      cacheKey: `steam:friend-list:${steamId}`,
      url: this.apiUrl(endpoint, 'ISteamUser/GetFriendList/v1/', {
        steamid: steamId,
        relationship: 'friend',
      }),
      ttlMs: this.ttl.friends,
      decode: (response) => {
        if (response.status === 401) {
          throw new CoplayError(
            'STEAM_FRIENDS_PRIVATE',
            `The friend list of Steam profile ${steamId} is private: its owner can set "Friends List" to Public in ` +
              `Steam's privacy settings, or you can add friends by profile URL instead.`,
            { details: { steamId } },
          );
        }
        return decodeSteamJson(endpoint, okBody(endpoint, response), FriendListResponse).friendslist.friends;
      },
    });
  }

  /** Store app details (GBP prices, English text); undefined when the store has no page for the app. */
  async getAppDetails(appid: number): Promise<SteamResult<AppDetails> | undefined> {
    const endpoint = 'appdetails';
    if (!Number.isSafeInteger(appid) || appid <= 0) {
      throw new CoplayError('INVALID_INPUT', `An appid is a positive integer, got ${appid}.`);
    }
    const url = new URL(`${this.storeBaseUrl}/api/appdetails`);
    url.search = new URLSearchParams({ appids: String(appid), cc: 'gb', l: 'en' }).toString();
    const result = await this.fetcher.fetch({
      endpoint,
      cacheKey: `steam:app-details:${appid}:gb:en`,
      url: url.toString(),
      ttlMs: this.ttl.appDetails,
      decode: (response) => {
        const byAppid = decodeSteamJson(endpoint, okBody(endpoint, response, false), AppDetailsResponse);
        if (!(String(appid) in byAppid)) {
          throw new CoplayError(
            'STEAM_BAD_RESPONSE',
            `${endpoint} answered without an entry for app ${appid}.`,
          );
        }
        const entry = decodeSteamValue(endpoint, byAppid[String(appid)], AppDetailsEntry);
        return entry.success ? entry.data : undefined;
      },
    });
    return result.value === undefined ? undefined : { ...result, value: result.value };
  }

  /** Cache, call and rate-limiter counters for metrics. */
  stats(): SteamClientStats {
    return { ...this.fetcher.stats(), limiter: this.limiter.stats() };
  }

  private requireKey(endpoint: string): string {
    if (this.apiKey !== undefined) return this.apiKey;
    throw new CoplayError(
      'STEAM_KEY_MISSING',
      `${endpoint} needs a Steam Web API key: set STEAM_API_KEY (get one at https://steamcommunity.com/dev/apikey), ` +
        'or paste libraries instead of Steam profiles.',
    );
  }

  private apiUrl(endpoint: string, path: string, params: Record<string, string>): string {
    const url = new URL(`${this.apiBaseUrl}/${path}`);
    url.search = new URLSearchParams({ key: this.requireKey(endpoint), ...params }).toString();
    return url.toString();
  }
}

function okBody(endpoint: string, response: Pick<HttpResponse, 'status' | 'body'>, usesKey = true): string {
  if (response.status === 200) return response.body;
  // The Web API answers 403 to a wrong or revoked key; the store takes no key, so there it is a plain error.
  if (usesKey && (response.status === 401 || response.status === 403)) {
    throw new CoplayError(
      'STEAM_BAD_RESPONSE',
      `Steam refused ${endpoint} (HTTP ${response.status}): check that STEAM_API_KEY is a valid Web API key.`,
      { details: { endpoint, status: response.status } },
    );
  }
  throw new CoplayError('STEAM_BAD_RESPONSE', `${endpoint} answered HTTP ${response.status}.`, {
    details: { endpoint, status: response.status },
  });
}

function checkSteamId(steamId: string): void {
  if (!isSteamId64(steamId)) {
    throw new CoplayError('STEAM_ID_INVALID', `"${steamId}" is not a SteamID64 (17 digits, 7656119…).`);
  }
}

// Merges per-player results: stale if any part is stale, else live if any was fetched, dated by the oldest part.
function combine(parts: SteamResult<PlayerSummary>[], now: Date): SteamResult<PlayerSummary[]> {
  const source = parts.some((p) => p.stale)
    ? 'stale'
    : parts.some((p) => p.source === 'live')
      ? 'live'
      : 'cache';
  const oldest = parts.reduce<Date | undefined>(
    (min, p) => (min === undefined || p.fetchedAt < min ? p.fetchedAt : min),
    undefined,
  );
  return { value: parts.map((p) => p.value), source, stale: source === 'stale', fetchedAt: oldest ?? now };
}
