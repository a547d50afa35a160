/** A cached Steam response body, kept after it expires so it can still be served stale when Steam is down. */
export interface CachedResponse {
  body: string;
  status: number;
  fetchedAt: Date;
  expiresAt: Date;
}

/**
 * Where the Steam client keeps successful responses. The store's SteamCacheRepository has this shape;
 * MemoryResponseCache backs tests and the embedded mode. `get` returns expired entries too.
 */
export interface ResponseCache {
  get(key: string): Promise<CachedResponse | undefined>;
  set(key: string, body: string, status: number, ttlMs: number, now: Date): Promise<void>;
}
