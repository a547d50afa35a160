import type { Kysely } from 'kysely';
import type { StoreDialect } from './dialects/store-dialect.ts';
import type { Database } from './schema.ts';
import { toNumber } from './to-number.ts';

/** A cached Steam response. */
export interface SteamCacheEntry {
  body: string;
  /** The HTTP status Steam answered with (errors such as 404 are cached too). */
  status: number;
  fetchedAt: Date;
  expiresAt: Date;
}

/** Steam Web API responses kept for a time-to-live, so repeated lookups spare the rate limit. */
export class SteamCacheRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: StoreDialect,
  ) {}

  /**
   * The entry for `key`, expired or not: the Steam client serves an expired entry (flagged stale) when Steam
   * is down, so expiry is the reader's decision. purgeExpired drops entries long past their expiry.
   */
  async get(key: string): Promise<SteamCacheEntry | undefined> {
    const row = await this.db
      .selectFrom('steam_cache')
      .select(['body', 'status', 'fetched_at', 'expires_at'])
      .where('key', '=', key)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    return {
      body: row.body,
      status: row.status,
      fetchedAt: this.dialect.readDate(row.fetched_at),
      expiresAt: this.dialect.readDate(row.expires_at),
    };
  }

  /** Stores (or replaces) the entry for `key`, valid for `ttlMs` from `now`. */
  async set(key: string, body: string, status: number, ttlMs: number, now: Date = new Date()): Promise<void> {
    if (!Number.isFinite(ttlMs) || ttlMs <= 0)
      throw new RangeError(`ttlMs must be a positive number, got ${ttlMs}`);
    const fetchedAt = this.dialect.writeDate(now);
    const expiresAt = this.dialect.writeDate(new Date(now.getTime() + ttlMs));
    await this.db
      .insertInto('steam_cache')
      .values({ key, body, status, fetched_at: fetchedAt, expires_at: expiresAt })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({ body, status, fetched_at: fetchedAt, expires_at: expiresAt }),
      )
      .execute();
  }

  /** Deletes entries that expired more than `graceMs` before `now` (kept until then as a stale fallback). */
  async purgeExpired(now: Date = new Date(), graceMs = 0): Promise<number> {
    const result = await this.db
      .deleteFrom('steam_cache')
      .where('expires_at', '<=', this.dialect.writeDate(new Date(now.getTime() - graceMs)))
      .executeTakeFirst();
    return toNumber(result.numDeletedRows);
  }
}
