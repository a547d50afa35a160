import type { Config } from '../config.ts';
import { systemClock } from '../steam/clock.ts';
import { RateLimiter } from '../steam/rate-limiter.ts';
import { SteamClient } from '../steam/steam-client.ts';
import type { SteamObserver } from '../steam/steam-observer.ts';
import type { Store } from '../store/store.ts';

/**
 * The Steam client for this configuration, caching in the database; undefined without STEAM_API_KEY.
 * `observer` (the server's metrics) hears of every call, cache lookup and rate-limit wait.
 */
export function composeSteamClient(
  config: Config,
  store: Store,
  observer?: SteamObserver,
): SteamClient | undefined {
  if (!config.STEAM_API_KEY) return undefined;
  return new SteamClient({
    apiKey: config.STEAM_API_KEY,
    apiBaseUrl: config.STEAM_API_BASE_URL,
    storeBaseUrl: config.STEAM_STORE_BASE_URL,
    cache: store.steamCache,
    clock: systemClock,
    limiter: new RateLimiter({
      clock: systemClock,
      capacity: config.STEAM_RATE_LIMIT_CAPACITY,
      intervalMs: config.STEAM_RATE_LIMIT_INTERVAL_MS,
      maxConcurrent: config.STEAM_MAX_CONCURRENT,
      observer,
    }),
    timeoutMs: config.STEAM_TIMEOUT_MS,
    observer,
  });
}
