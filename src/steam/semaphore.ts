/** Caps how many tasks run at once; waiters are served first come, first served. */
export class Semaphore {
  private available: number;
  private readonly waiters: Array<() => void> = [];

  constructor(readonly permits: number) {
    if (!Number.isInteger(permits) || permits < 1) {
      throw new RangeError(`permits must be a positive integer, got ${permits}`);
    }
    this.available = permits;
  }

  /** Tasks running now. */
  get active(): number {
    return this.permits - this.available;
  }

  /** Tasks waiting for a permit. */
  get pending(): number {
    return this.waiters.length;
  }

  /** Runs `task` once a permit is free and returns the permit when it settles, even if it throws. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.available > 0) {
      this.available -= 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private release(): void {
    const next = this.waiters.shift();
    // The permit passes straight to the next waiter, so a newcomer cannot overtake the queue.
    if (next !== undefined) next();
    else this.available += 1;
  }
}
