/**
 * How a call to Steam ended, after retries: `ok` Steam answered and the answer was used; `error` Steam answered
 * with something the client turned into an error (private profile, unknown name, refused key, unexpected
 * JSON); `stale` Steam was unreachable and an expired cached answer was served; `unavailable` Steam was
 * unreachable and nothing was cached.
 */
export type SteamCallOutcome = 'ok' | 'error' | 'stale' | 'unavailable';

/**
 * What the Steam client reports as it works, for metrics. A port, so src/steam knows nothing of Prometheus:
 * the composition root passes one in. Labels are endpoint names (e.g. `GetOwnedGames`), never URLs, which
 * carry the API key.
 */
export interface SteamObserver {
  /** A cache lookup for one response (or one item of a batch): a fresh entry answered it, or it missed. */
  cacheLookup(endpoint: string, hit: boolean): void;
  /** One request to Steam (one batch for batched endpoints) finished, however many attempts it took. */
  call(endpoint: string, outcome: SteamCallOutcome): void;
  /** One attempt took a rate-limit token after waiting this long (0 when a token was free). */
  rateLimitWait(ms: number): void;
}

/** Reports nothing: the default when no observer is given. */
export const NO_STEAM_OBSERVER: SteamObserver = {
  cacheLookup: () => undefined,
  call: () => undefined,
  rateLimitWait: () => undefined,
};
