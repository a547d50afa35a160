import pRetry from 'p-retry';
import type { Clock } from './clock.ts';
import type { HttpGet, HttpResponse } from './http-get.ts';
import { CallBudgetExceeded, type RateLimiter, type ScheduleOptions } from './rate-limiter.ts';
import { parseRetryAfter } from './retry-after.ts';

/** How hard to try before calling Steam unavailable. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  /** Backoff before the first retry; doubles each retry, with jitter. */
  minDelayMs: number;
  /** Ceiling on one computed backoff (a Retry-After from Steam is honoured as given). */
  maxDelayMs: number;
  /** Ceiling on all waiting between attempts; a Retry-After that would pass it ends the retries at once. */
  maxTotalWaitMs: number;
  /** Source of jitter in [0, 1). */
  random: () => number;
}

/** Four attempts, 0.5 s → 1 s → 2 s backoff (halved at worst by jitter), at most 30 s of waiting in all. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retries: 3,
  minDelayMs: 500,
  maxDelayMs: 8_000,
  maxTotalWaitMs: 30_000,
  random: Math.random,
};

/** Everything `retryingGet` needs. */
export interface RetryingGetDeps {
  http: HttpGet;
  clock: Clock;
  limiter: RateLimiter;
  /** Per-attempt timeout, from when the attempt is sent (not while it waits for its turn). */
  timeoutMs: number;
  /** How each attempt queues at the limiter: its priority, and how long it may expect to wait. */
  schedule?: ScheduleOptions;
  policy: RetryPolicy;
}

/**
 * Steam could not be reached: every attempt timed out, failed in transport, or got 429/5xx. `reason` is safe to
 * show (it never holds the URL, which carries the API key).
 */
export class SteamUnreachableError extends Error {
  constructor(
    readonly reason: string,
    readonly attempts: number,
    /** The last Retry-After Steam sent, if any. */
    readonly retryAfterMs: number | undefined,
  ) {
    super(`Steam unreachable after ${attempts} attempt(s): ${reason}`);
    this.name = 'SteamUnreachableError';
  }
}

class TransientFailure extends Error {
  constructor(
    readonly reason: string,
    readonly retryAfterMs?: number,
  ) {
    super(reason);
  }
}

/**
 * GETs `url` through the rate limiter, retrying 429, 5xx, timeouts and transport errors with exponential
 * backoff and jitter (or Steam's Retry-After, which also pauses every other call on the limiter), sleeping on
 * the Clock. Resolves with any other response, 4xx included; rejects with SteamUnreachableError when the
 * retries or the wait budget run out, or at once when the limiter expects the turn later than allowed.
 */
export async function retryingGet(
  deps: RetryingGetDeps,
  url: string,
  /** Gives the call up: no further attempt or wait, and the one in flight is aborted; rejects with its reason. */
  signal?: AbortSignal,
): Promise<HttpResponse> {
  const { clock, policy } = deps;
  let attempts = 0;
  let waitedMs = 0;
  let lastRetryAfterMs: number | undefined;
  try {
    return await pRetry(
      () => {
        attempts += 1;
        return attempt(deps, url, signal);
      },
      {
        retries: policy.retries,
        // p-retry's own timer would sleep in real time; waiting happens in onFailedAttempt on the Clock instead.
        minTimeout: 0,
        onFailedAttempt: async ({ error, retriesLeft, retriesConsumed }) => {
          if (!(error instanceof TransientFailure)) throw error;
          if (error.retryAfterMs !== undefined) lastRetryAfterMs = error.retryAfterMs;
          if (retriesLeft === 0) return;
          const delayMs = error.retryAfterMs ?? backoffMs(retriesConsumed, policy);
          if (waitedMs + delayMs > policy.maxTotalWaitMs) throw error;
          waitedMs += delayMs;
          await clock.sleep(delayMs);
          signal?.throwIfAborted();
        },
      },
    );
  } catch (error) {
    if (error instanceof TransientFailure)
      throw new SteamUnreachableError(error.reason, attempts, lastRetryAfterMs);
    // Not retried: another try would queue behind the same calls. The refused attempt was never sent.
    if (error instanceof CallBudgetExceeded)
      throw new SteamUnreachableError(error.message, attempts - 1, error.retryAfterMs);
    throw error;
  }
}

async function attempt(deps: RetryingGetDeps, url: string, given?: AbortSignal): Promise<HttpResponse> {
  const response = await deps.limiter.schedule(
    async () => {
      // The timeout starts when the request is sent: started before the queue, it would expire while waiting
      // for a token, and the token would be spent on a request that is never made.
      const timeout = AbortSignal.timeout(deps.timeoutMs);
      try {
        return await deps.http(url, { signal: given ? AbortSignal.any([timeout, given]) : timeout });
      } catch (error) {
        given?.throwIfAborted();
        if (timeout.aborted) throw new TransientFailure(`timed out after ${deps.timeoutMs} ms`);
        throw new TransientFailure(`network error (${safeErrorName(error)})`);
      }
    },
    { ...deps.schedule, ...(given ? { signal: given } : {}) },
  );
  if (response.status === 429 || response.status >= 500) {
    const retryAfterMs = parseRetryAfter(response.headers['retry-after'], deps.clock.now());
    // Steam asked the key, not this call, to wait: hold back every call until then.
    if (retryAfterMs !== undefined) deps.limiter.pauseUntil(deps.clock.now() + retryAfterMs);
    throw new TransientFailure(`HTTP ${response.status}`, retryAfterMs);
  }
  return response;
}

function backoffMs(retriesConsumed: number, policy: RetryPolicy): number {
  const base = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** retriesConsumed);
  // "Equal jitter": at least half the backoff, so clients that failed together spread out but still back off.
  return Math.round(base / 2 + policy.random() * (base / 2));
}

// Transport error messages can quote the request URL, and with it the API key: report only a code or class name.
function safeErrorName(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code)) return code;
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' && /^\w{1,40}$/.test(name) ? name : 'unknown';
}
