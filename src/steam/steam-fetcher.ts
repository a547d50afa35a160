import { CoplayError } from '../errors.ts';
import type { HttpResponse } from './http-get.ts';
import type { CachedResponse, ResponseCache } from './response-cache.ts';
import { retryingGet, SteamUnreachableError } from './retrying-get.ts';
import type { RetryingGetDeps } from './retrying-get.ts';
import { NO_STEAM_OBSERVER } from './steam-observer.ts';
import type { SteamObserver } from './steam-observer.ts';
import type { SteamResult } from './steam-types.ts';

/** One cacheable Steam request. `decode` throws CoplayError; an undefined value ("no such app") is not cached. */
export interface CachedFetch<T> {
  endpoint: string;
  /** Never contains the API key. */
  cacheKey: string;
  url: string;
  ttlMs: number;
  decode: (response: Pick<HttpResponse, 'status' | 'body'>) => T;
}

/** A request for many items at once (e.g. 100 SteamIDs per call), cached item by item. */
export interface BatchedFetch<T> {
  endpoint: string;
  ids: readonly string[];
  batchSize: number;
  cacheKey: (id: string) => string;
  url: (batch: readonly string[]) => string;
  ttlMs: number;
  /** Splits one response into items, each with the body to cache for it. */
  decodeBatch: (
    response: Pick<HttpResponse, 'status' | 'body'>,
  ) => Array<{ id: string; body: string; value: T }>;
  /** Decodes one cached item body. */
  decodeItem: (body: string) => T;
}

/** Counters for metrics. */
export interface SteamFetcherStats {
  /** Successful calls to Steam. */
  live: number;
  cacheHits: number;
  staleServed: number;
  unavailable: number;
  /** Cache reads or writes that failed (Steam was asked directly instead). */
  cacheErrors: number;
}

/**
 * How long past its expiry a cached response may still be served (flagged stale) while Steam is unreachable.
 * Older than that, a library or a vanity name may well have changed hands; the pipeline's ingest deletes such
 * entries, so the cache does not grow for good either.
 */
export const MAX_STALE_MS = 30 * 86_400_000;

/**
 * The cache policy around `retryingGet`: a fresh cached response answers without a call; otherwise Steam is
 * asked, successes are cached, and when Steam is unreachable an entry expired less than MAX_STALE_MS ago is
 * served flagged stale.
 */
export class SteamFetcher {
  private readonly counters: SteamFetcherStats = {
    live: 0,
    cacheHits: 0,
    staleServed: 0,
    unavailable: 0,
    cacheErrors: 0,
  };

  constructor(
    private readonly cache: ResponseCache,
    private readonly retry: RetryingGetDeps,
    private readonly observer: SteamObserver = NO_STEAM_OBSERVER,
  ) {}

  /** A snapshot of the counters. */
  stats(): SteamFetcherStats {
    return { ...this.counters };
  }

  /** Fetches one response through the cache; `signal` gives it up (see retryingGet). */
  async fetch<T>(request: CachedFetch<T>, signal?: AbortSignal): Promise<SteamResult<T>> {
    const cached = await this.cacheGet(request.cacheKey);
    const fresh =
      cached && this.isFresh(cached) ? this.decodeQuietly(() => request.decode(cached)) : undefined;
    const hit = cached !== undefined && fresh !== undefined;
    this.observer.cacheLookup(request.endpoint, hit);
    if (hit) {
      this.counters.cacheHits += 1;
      return { value: fresh, source: 'cache', stale: false, fetchedAt: cached.fetchedAt };
    }
    let response: HttpResponse;
    try {
      response = await retryingGet(this.retry, request.url, signal);
    } catch (error) {
      // Given up by the caller: nothing to serve or count.
      if (signal?.aborted) throw error;
      const stale = cached && this.decodeQuietly(() => request.decode(cached));
      return this.staleOrThrow(request.endpoint, error, cached, stale);
    }
    const fetchedAt = new Date(this.retry.clock.now());
    const value = this.decodeObserved(request.endpoint, () => request.decode(response));
    if (value !== undefined)
      await this.cacheSet(request.cacheKey, response.body, response.status, request.ttlMs, fetchedAt);
    this.counters.live += 1;
    return { value, source: 'live', stale: false, fetchedAt };
  }

  /** Fetches many items, asking Steam only for those without a fresh cache entry; results keyed by id. */
  async fetchBatched<T>(
    request: BatchedFetch<T>,
    signal?: AbortSignal,
  ): Promise<Map<string, SteamResult<T>>> {
    const found = new Map<string, SteamResult<T>>();
    const expired = new Map<string, CachedResponse>();
    const missing: string[] = [];
    for (const id of new Set(request.ids)) {
      const cached = await this.cacheGet(request.cacheKey(id));
      const fresh =
        cached && this.isFresh(cached)
          ? this.decodeQuietly(() => request.decodeItem(cached.body))
          : undefined;
      const hit = cached !== undefined && fresh !== undefined;
      this.observer.cacheLookup(request.endpoint, hit);
      if (hit) {
        this.counters.cacheHits += 1;
        found.set(id, { value: fresh, source: 'cache', stale: false, fetchedAt: cached.fetchedAt });
      } else {
        if (cached !== undefined) expired.set(id, cached);
        missing.push(id);
      }
    }
    for (let start = 0; start < missing.length; start += request.batchSize) {
      const batch = missing.slice(start, start + request.batchSize);
      let response: HttpResponse;
      try {
        response = await retryingGet(this.retry, request.url(batch), signal);
      } catch (error) {
        if (signal?.aborted) throw error;
        try {
          for (const id of batch) {
            const cached = expired.get(id);
            const stale = cached && this.decodeQuietly(() => request.decodeItem(cached.body));
            found.set(id, this.staleOrThrow(request.endpoint, error, cached, stale, false));
          }
        } catch (thrown) {
          this.observer.call(
            request.endpoint,
            error instanceof SteamUnreachableError ? 'unavailable' : 'error',
          );
          throw thrown;
        }
        this.observer.call(request.endpoint, 'stale');
        continue;
      }
      const fetchedAt = new Date(this.retry.clock.now());
      for (const item of this.decodeObserved(request.endpoint, () => request.decodeBatch(response))) {
        if (!batch.includes(item.id)) continue;
        found.set(item.id, { value: item.value, source: 'live', stale: false, fetchedAt });
        await this.cacheSet(request.cacheKey(item.id), item.body, response.status, request.ttlMs, fetchedAt);
      }
      this.counters.live += 1;
    }
    return found;
  }

  // `observe` is false for batches, whose one call is reported once for the whole batch.
  private staleOrThrow<T>(
    endpoint: string,
    error: unknown,
    cached: CachedResponse | undefined,
    value: T | undefined,
    observe = true,
  ): SteamResult<T> {
    if (!(error instanceof SteamUnreachableError)) {
      if (observe) this.observer.call(endpoint, 'error');
      throw error;
    }
    const servable =
      cached !== undefined && cached.expiresAt.getTime() + MAX_STALE_MS > this.retry.clock.now();
    if (!servable || value === undefined) {
      if (observe) this.observer.call(endpoint, 'unavailable');
      throw this.unavailable(endpoint, error);
    }
    this.counters.staleServed += 1;
    if (observe) this.observer.call(endpoint, 'stale');
    return { value, source: 'stale', stale: true, fetchedAt: cached.fetchedAt };
  }

  // Steam answered: the call is `ok` when the answer decodes, `error` when decoding turns it into an error.
  private decodeObserved<T>(endpoint: string, decode: () => T): T {
    let value: T;
    try {
      value = decode();
    } catch (error) {
      this.observer.call(endpoint, 'error');
      throw error;
    }
    this.observer.call(endpoint, 'ok');
    return value;
  }

  private unavailable(endpoint: string, error: SteamUnreachableError): CoplayError {
    this.counters.unavailable += 1;
    // With no Retry-After from Steam, suggest a minute: long enough for a blip or a short rate-limit window.
    const retryAfterSeconds =
      error.retryAfterMs === undefined ? 60 : Math.max(1, Math.ceil(error.retryAfterMs / 1000));
    return new CoplayError(
      'STEAM_UNAVAILABLE',
      `Steam did not answer ${endpoint} (${error.reason}, ${error.attempts} attempt(s)) and nothing is cached: ` +
        `try again in ${retryAfterSeconds} s.`,
      { details: { endpoint, reason: error.reason, attempts: error.attempts, retryAfterSeconds } },
    );
  }

  private isFresh(entry: CachedResponse): boolean {
    return entry.expiresAt.getTime() > this.retry.clock.now();
  }

  // A cached body that no longer decodes (e.g. written by an older version) is treated as absent.
  private decodeQuietly<T>(decode: () => T): T | undefined {
    try {
      return decode();
    } catch {
      return undefined;
    }
  }

  // The cache is an optimisation: when it fails, Steam is asked directly and the failure is only counted.
  private async cacheGet(key: string): Promise<CachedResponse | undefined> {
    try {
      return await this.cache.get(key);
    } catch {
      this.counters.cacheErrors += 1;
      return undefined;
    }
  }

  private async cacheSet(key: string, body: string, status: number, ttlMs: number, now: Date): Promise<void> {
    try {
      await this.cache.set(key, body, status, ttlMs, now);
    } catch {
      this.counters.cacheErrors += 1;
    }
  }
}
