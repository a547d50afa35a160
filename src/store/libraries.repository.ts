import type { Kysely } from 'kysely';
import { chunks } from './chunks.ts';
import type { StoreDialect } from './dialects/store-dialect.ts';
import type { Database } from './schema.ts';
import { withTransaction } from './with-transaction.ts';

/** One owned game of a Steam player's library. */
export interface LibraryEntry {
  appid: number;
  playtimeForeverMinutes: number;
  /** null when Steam did not report recent playtime. */
  playtime2WeeksMinutes: number | null;
}

/** A player's library as last fetched from Steam. */
export interface Library {
  steamId: string;
  /** When the most recent fetch was stored; undefined when the library was never stored or is empty. */
  fetchedAt: Date | undefined;
  games: LibraryEntry[];
}

const COLUMNS = 5;

/** Steam players' owned games with playtime. */
export class LibrariesRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: StoreDialect,
  ) {}

  /** Replaces a player's whole library atomically: readers see the old one or the new one, never a mix. */
  async replace(
    steamId: string,
    games: readonly LibraryEntry[],
    fetchedAt: Date = new Date(),
  ): Promise<void> {
    const at = this.dialect.writeDate(fetchedAt);
    const byAppid = new Map(games.map((game) => [game.appid, game]));
    const rows = [...byAppid.values()].map((game) => ({
      steam_id: steamId,
      appid: game.appid,
      playtime_forever_minutes: game.playtimeForeverMinutes,
      playtime_2weeks_minutes: game.playtime2WeeksMinutes,
      fetched_at: at,
    }));
    await withTransaction(this.db, async (tx) => {
      await tx.deleteFrom('libraries').where('steam_id', '=', steamId).execute();
      for (const chunk of chunks(rows, this.dialect.rowsPerStatement(COLUMNS))) {
        await tx.insertInto('libraries').values(chunk).execute();
      }
    });
  }

  /** A player's stored library, most-played first (an empty list when none is stored). */
  async get(steamId: string): Promise<Library> {
    const rows = await this.db
      .selectFrom('libraries')
      .selectAll()
      .where('steam_id', '=', steamId)
      .orderBy('playtime_forever_minutes', 'desc')
      .orderBy('appid')
      .execute();
    const fetchedAt = rows.reduce<Date | undefined>((latest, row) => {
      const at = this.dialect.readDate(row.fetched_at);
      return latest === undefined || at > latest ? at : latest;
    }, undefined);
    return {
      steamId,
      fetchedAt,
      games: rows.map((row) => ({
        appid: row.appid,
        playtimeForeverMinutes: row.playtime_forever_minutes,
        playtime2WeeksMinutes: row.playtime_2weeks_minutes,
      })),
    };
  }
}
