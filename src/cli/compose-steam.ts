import type { Config } from '../config.ts';
import { systemClock } from '../steam/clock.ts';
import { RateLimiter } from '../steam/rate-limiter.ts';
import { SteamClient } from '../steam/steam-client.ts';
import type { Store } from '../store/store.ts';

/** The Steam client for this configuration, caching in the database; undefined without STEAM_API_KEY. */
export function composeSteamClient(config: Config, store: Store): SteamClient | undefined {
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
    }),
    timeoutMs: config.STEAM_TIMEOUT_MS,
  });
}
