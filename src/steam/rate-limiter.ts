import type { Clock } from './clock.ts';
import { Semaphore } from './semaphore.ts';
import type { SteamObserver } from './steam-observer.ts';

/** Token-bucket settings: `capacity` calls per `intervalMs`, refilled continuously, at most `maxConcurrent` at once. */
export interface RateLimiterOptions {
  clock: Clock;
  /** Bucket size, also the burst allowed after a quiet spell. Default 200. */
  capacity?: number;
  /** Time to refill an empty bucket. Default 5 minutes. */
  intervalMs?: number;
  /** Calls in flight at once. Default 4. */
  maxConcurrent?: number;
  /** Told how long each call waited for a token. */
  observer?: Pick<SteamObserver, 'rateLimitWait'>;
}

/** Counters for metrics. */
export interface RateLimiterStats {
  /** Calls started. */
  calls: number;
  /** Calls that had to wait for a token. */
  waits: number;
  /** Total time spent waiting for tokens, in ms. */
  waitMs: number;
  inFlight: number;
  /** Calls waiting for a slot or a token. */
  queued: number;
  /** Tokens in the bucket now (fractional while refilling). */
  tokens: number;
}

/** Keeps Steam calls under a rate (token bucket, waiting on the Clock when empty) and a concurrency cap. */
export class RateLimiter {
  private readonly clock: Clock;
  private readonly capacity: number;
  private readonly tokensPerMs: number;
  private readonly slots: Semaphore;
  private readonly observer: Pick<SteamObserver, 'rateLimitWait'> | undefined;
  private tokens: number;
  private refilledAt: number;
  // Token takers queue on this chain so waiters are served in order and never double-spend a refill.
  private turn: Promise<void> = Promise.resolve();
  private waiting = 0;
  private counters = { calls: 0, waits: 0, waitMs: 0 };

  constructor(options: RateLimiterOptions) {
    const { clock, capacity = 200, intervalMs = 5 * 60_000, maxConcurrent = 4, observer } = options;
    if (!Number.isFinite(capacity) || capacity < 1)
      throw new RangeError(`capacity must be ≥ 1, got ${capacity}`);
    if (!Number.isFinite(intervalMs) || intervalMs <= 0)
      throw new RangeError(`intervalMs must be > 0, got ${intervalMs}`);
    this.clock = clock;
    this.capacity = capacity;
    this.tokensPerMs = capacity / intervalMs;
    this.slots = new Semaphore(maxConcurrent);
    this.observer = observer;
    this.tokens = capacity;
    this.refilledAt = clock.now();
  }

  /** Runs `task` once a concurrency slot and a token are available. */
  schedule<T>(task: () => Promise<T>): Promise<T> {
    return this.slots.run(async () => {
      await this.takeTokenInTurn();
      this.counters.calls += 1;
      return task();
    });
  }

  stats(): RateLimiterStats {
    this.refill();
    return {
      ...this.counters,
      inFlight: this.slots.active,
      queued: this.slots.pending + this.waiting,
      tokens: this.tokens,
    };
  }

  private takeTokenInTurn(): Promise<void> {
    this.waiting += 1;
    const mine = this.turn.then(() => this.takeToken()).finally(() => (this.waiting -= 1));
    this.turn = mine.catch(() => undefined);
    return mine;
  }

  private async takeToken(): Promise<void> {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      this.observer?.rateLimitWait(0);
      return;
    }
    const started = this.clock.now();
    this.counters.waits += 1;
    try {
      while (this.tokens < 1) {
        await this.clock.sleep(Math.ceil((1 - this.tokens) / this.tokensPerMs));
        this.refill();
      }
      this.tokens -= 1;
    } finally {
      const waitedMs = this.clock.now() - started;
      this.counters.waitMs += waitedMs;
      this.observer?.rateLimitWait(waitedMs);
    }
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsed = Math.max(0, now - this.refilledAt);
    this.tokens = Math.min(this.capacity, this.tokens + elapsed * this.tokensPerMs);
    this.refilledAt = now;
  }
}
