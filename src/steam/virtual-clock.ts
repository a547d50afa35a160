import type { Clock } from './clock.ts';

/**
 * A Clock whose time moves only when someone sleeps: `sleep(ms)` advances `now()` by `ms` at once and records
 * the wait. Lets tests (and dry runs) exercise backoff and rate limiting without real waiting.
 */
export class VirtualClock implements Clock {
  private time: number;
  /** Every sleep requested, in order. */
  readonly sleeps: number[] = [];

  constructor(startMs = Date.UTC(2024, 0, 1)) {
    this.time = startMs;
  }

  now(): number {
    return this.time;
  }

  async sleep(ms: number): Promise<void> {
    const wait = Math.max(0, ms);
    this.sleeps.push(wait);
    this.time += wait;
    // Yield a macrotask so other pending work runs in between, as it would during a real wait.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  /** Moves time forward without anyone sleeping (e.g. to let cache entries expire). */
  advance(ms: number): void {
    this.time += ms;
  }
}
