import type { Config } from '../config.ts';
import { systemClock } from '../steam/clock.ts';
import { RateLimiter } from '../steam/rate-limiter.ts';
import { SteamClient } from '../steam/steam-client.ts';
import type { SteamObserver } from '../steam/steam-observer.ts';
import type { Store } from '../store/store.ts';

/** What the Steam client is for: serving requests (people waiting), or the pipeline's background refresh. */
export type SteamUse = 'requests' | 'pipeline';

/**
 * The rate limiter of this process's Steam key: one per process, shared by the server's client and the
 * embedded pipeline's, so STEAM_RATE_LIMIT_CAPACITY is the process's budget, not each client's.
 */
export function composeSteamLimiter(config: Config, observer?: SteamObserver): RateLimiter {
  return new RateLimiter({
    clock: systemClock,
    capacity: config.STEAM_RATE_LIMIT_CAPACITY,
    intervalMs: config.STEAM_RATE_LIMIT_INTERVAL_MS,
    maxConcurrent: config.STEAM_MAX_CONCURRENT,
    ...(observer ? { observer } : {}),
  });
}

/**
 * The Steam client for this configuration, caching in the database; undefined without STEAM_API_KEY.
 * `observer` (the server's metrics) hears of every call and cache lookup. A client for requests goes first
 * at the limiter and gives up on a call whose turn is more than STEAM_TIMEOUT_MS off; the pipeline's waits
 * behind it for as long as it takes.
 */
export function composeSteamClient(
  config: Config,
  store: Store,
  options: { use: SteamUse; limiter?: RateLimiter; observer?: SteamObserver },
): SteamClient | undefined {
  if (!config.STEAM_API_KEY) return undefined;
  const { use, observer } = options;
  return new SteamClient({
    apiKey: config.STEAM_API_KEY,
    apiBaseUrl: config.STEAM_API_BASE_URL,
    storeBaseUrl: config.STEAM_STORE_BASE_URL,
    cache: store.steamCache,
    clock: systemClock,
    limiter: options.limiter ?? composeSteamLimiter(config, observer),
    timeoutMs: config.STEAM_TIMEOUT_MS,
    schedule:
      use === 'requests'
        ? { priority: 'interactive', maxWaitMs: config.STEAM_TIMEOUT_MS }
        : { priority: 'background' },
    ...(observer ? { observer } : {}),
  });
}
