import type { Kysely, Selectable } from 'kysely';
import { chunks } from './chunks.ts';
import type { StoreDialect } from './dialects/store-dialect.ts';
import type { Database, SteamPlayersTable } from './schema.ts';

/** A Steam profile as last fetched. */
export interface SteamPlayer {
  steamId: string;
  personaName: string;
  avatarUrl: string | null;
  /** Steam's communityvisibilitystate: 3 = public, anything else hides game details. */
  profileVisibility: number;
  fetchedAt: Date;
}

/** Cached Steam profiles, keyed by SteamID64. */
export class PlayersRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: StoreDialect,
  ) {}

  /** Inserts or replaces a profile. */
  async upsert(player: SteamPlayer): Promise<void> {
    const row = {
      steam_id: player.steamId,
      persona_name: player.personaName,
      avatar_url: player.avatarUrl,
      profile_visibility: player.profileVisibility,
      fetched_at: this.dialect.writeDate(player.fetchedAt),
    };
    await this.db
      .insertInto('steam_players')
      .values(row)
      .onConflict((oc) =>
        oc.column('steam_id').doUpdateSet({
          persona_name: row.persona_name,
          avatar_url: row.avatar_url,
          profile_visibility: row.profile_visibility,
          fetched_at: row.fetched_at,
        }),
      )
      .execute();
  }

  /** One profile, or undefined when never fetched. */
  async get(steamId: string): Promise<SteamPlayer | undefined> {
    const row = await this.db
      .selectFrom('steam_players')
      .selectAll()
      .where('steam_id', '=', steamId)
      .executeTakeFirst();
    return row === undefined ? undefined : this.toPlayer(row);
  }

  /** The fetched profiles among `steamIds`, keyed by SteamID64. */
  async getMany(steamIds: readonly string[]): Promise<Map<string, SteamPlayer>> {
    const found = new Map<string, SteamPlayer>();
    for (const chunk of chunks([...new Set(steamIds)], this.dialect.maxParameters)) {
      const rows = await this.db
        .selectFrom('steam_players')
        .selectAll()
        .where('steam_id', 'in', chunk)
        .execute();
      for (const row of rows) found.set(row.steam_id, this.toPlayer(row));
    }
    return found;
  }

  private toPlayer(row: Selectable<SteamPlayersTable>): SteamPlayer {
    return {
      steamId: row.steam_id,
      personaName: row.persona_name,
      avatarUrl: row.avatar_url,
      profileVisibility: row.profile_visibility,
      fetchedAt: this.dialect.readDate(row.fetched_at),
    };
  }
}
