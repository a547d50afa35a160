import type { CachedResponse, ResponseCache } from './response-cache.ts';

/** An in-process ResponseCache holding at most `maxEntries` responses, evicting the least recently written. */
export class MemoryResponseCache implements ResponseCache {
  private readonly entries = new Map<string, CachedResponse>();
  private readonly maxEntries: number;

  constructor(options: { maxEntries?: number } = {}) {
    this.maxEntries = options.maxEntries ?? 10_000;
    if (!Number.isInteger(this.maxEntries) || this.maxEntries < 1) {
      throw new RangeError(`maxEntries must be a positive integer, got ${this.maxEntries}`);
    }
  }

  /** Entries held, expired ones included. */
  get size(): number {
    return this.entries.size;
  }

  async get(key: string): Promise<CachedResponse | undefined> {
    const entry = this.entries.get(key);
    // Copies, so a caller mutating the Dates cannot change what the next reader sees.
    return entry === undefined
      ? undefined
      : { ...entry, fetchedAt: new Date(entry.fetchedAt), expiresAt: new Date(entry.expiresAt) };
  }

  async set(key: string, body: string, status: number, ttlMs: number, now: Date): Promise<void> {
    if (!Number.isFinite(ttlMs) || ttlMs < 0)
      throw new RangeError(`ttlMs must be a non-negative number, got ${ttlMs}`);
    // Re-inserting moves the key to the end of the Map's order, which is what eviction walks from.
    this.entries.delete(key);
    this.entries.set(key, {
      body,
      status,
      fetchedAt: new Date(now),
      expiresAt: new Date(now.getTime() + ttlMs),
    });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }
}
