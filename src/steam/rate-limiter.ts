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

/**
 * Whose call it is. Calls made for a person waiting on a request are served before background ones (the
 * pipeline's library refresh), which only get the tokens interactive calls leave.
 */
export type CallPriority = 'interactive' | 'background';

/** How one call is scheduled. */
export interface ScheduleOptions {
  /** Default 'interactive'. */
  priority?: CallPriority;
  /**
   * Refuse the call at once (CallBudgetExceeded) when its turn is expected later than this: a person waiting
   * is better told to retry than kept waiting minutes for a token. Default: wait as long as it takes.
   */
  maxWaitMs?: number;
  /** Given up: a call still queued leaves the queue without a token and rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** The call would wait longer for a token than it may; `retryAfterMs` is the expected wait. */
export class CallBudgetExceeded extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`the Steam call budget is used up for about ${Math.ceil(retryAfterMs / 1000)} s`);
    this.name = 'CallBudgetExceeded';
  }
}

/** Counters for metrics. */
export interface RateLimiterStats {
  /** Calls started. */
  calls: number;
  /** Calls that had to wait for a token. */
  waits: number;
  /** Total time spent waiting for tokens, in ms. */
  waitMs: number;
  /** Calls refused because their turn was too far off. */
  refused: number;
  inFlight: number;
  /** Calls waiting for a slot or a token. */
  queued: number;
  /** Tokens in the bucket now (fractional while refilling). */
  tokens: number;
}

interface Waiter {
  since: number;
  resolve: () => void;
}

/**
 * Keeps Steam calls under a rate (token bucket, waiting on the Clock when empty) and a concurrency cap, and
 * holds every call back while Steam has asked for a pause (Retry-After). One limiter is shared by everything
 * in a process that calls Steam with the same key, so the budget is the process's.
 *
 * A call takes its token first, then a slot: whatever it then does (its timeout included) starts only once
 * it is really sent, never while it queues.
 */
export class RateLimiter {
  private readonly clock: Clock;
  private readonly capacity: number;
  private readonly tokensPerMs: number;
  private readonly slots: Semaphore;
  private readonly observer: Pick<SteamObserver, 'rateLimitWait'> | undefined;
  private tokens: number;
  private refilledAt: number;
  private pausedUntil = 0;
  private readonly queues: Record<CallPriority, Waiter[]> = { interactive: [], background: [] };
  // One loop hands out tokens, so waiters are served in order and never double-spend a refill.
  private handingOut = false;
  private counters = { calls: 0, waits: 0, waitMs: 0, refused: 0 };

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

  /**
   * Runs `task` once a token and a concurrency slot are available; rejects with CallBudgetExceeded, without
   * queuing, when the wait for the token is expected to pass `maxWaitMs`.
   */
  async schedule<T>(task: () => Promise<T>, options: ScheduleOptions = {}): Promise<T> {
    const priority = options.priority ?? 'interactive';
    if (options.maxWaitMs !== undefined) {
      const expectedMs = this.expectedWaitMs(priority);
      if (expectedMs > options.maxWaitMs) {
        this.counters.refused += 1;
        throw new CallBudgetExceeded(expectedMs);
      }
    }
    await this.takeToken(priority, options.signal);
    this.counters.calls += 1;
    return this.slots.run(task);
  }

  /** Steam asked for a pause (Retry-After): no token is handed out before `time` (ms since the epoch). */
  pauseUntil(time: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, time);
  }

  stats(): RateLimiterStats {
    this.refill();
    return {
      ...this.counters,
      inFlight: this.slots.active,
      queued: this.slots.pending + this.queues.interactive.length + this.queues.background.length,
      tokens: this.tokens,
    };
  }

  /** When a new call of `priority` would get its token: after the pause, and after the waiters it queues behind. */
  private expectedWaitMs(priority: CallPriority): number {
    this.refill();
    const ahead =
      this.queues.interactive.length + (priority === 'background' ? this.queues.background.length : 0);
    const short = ahead + 1 - this.tokens;
    const refillMs = short > 0 ? short / this.tokensPerMs : 0;
    return Math.max(refillMs, this.pausedUntil - this.clock.now(), 0);
  }

  private takeToken(priority: CallPriority, signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const queue = this.queues[priority];
      const leave = (): void => {
        const at = queue.indexOf(waiter);
        if (at < 0) return;
        queue.splice(at, 1);
        reject((signal as AbortSignal).reason);
      };
      const waiter: Waiter = {
        since: this.clock.now(),
        resolve: () => {
          signal?.removeEventListener('abort', leave);
          resolve();
        },
      };
      signal?.addEventListener('abort', leave, { once: true });
      queue.push(waiter);
      void this.handOut();
    });
  }

  private async handOut(): Promise<void> {
    if (this.handingOut) return;
    this.handingOut = true;
    try {
      let yielded = false;
      for (;;) {
        const queue = this.queues.interactive.length > 0 ? this.queues.interactive : this.queues.background;
        if (queue.length === 0) return;
        this.refill();
        const now = this.clock.now();
        if (this.tokens >= 1 && now >= this.pausedUntil) {
          this.tokens -= 1;
          const waiter = queue.shift() as Waiter;
          const waitedMs = now - waiter.since;
          if (waitedMs > 0) {
            this.counters.waits += 1;
            this.counters.waitMs += waitedMs;
          }
          this.observer?.rateLimitWait(waitedMs);
          waiter.resolve();
          yielded = false;
          continue;
        }
        if (!yielded) {
          // Let the calls already given a token start before time moves on (a virtual clock moves as it sleeps).
          yielded = true;
          await new Promise((resolve) => setImmediate(resolve));
          continue;
        }
        yielded = false;
        const refillMs = Math.ceil((1 - this.tokens) / this.tokensPerMs);
        await this.clock.sleep(Math.max(1, refillMs, this.pausedUntil - now));
      }
    } finally {
      this.handingOut = false;
    }
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsed = Math.max(0, now - this.refilledAt);
    this.tokens = Math.min(this.capacity, this.tokens + elapsed * this.tokensPerMs);
    this.refilledAt = now;
  }
}
