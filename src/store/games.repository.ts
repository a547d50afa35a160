import { sql } from 'kysely';
import type { Insertable, Kysely, SelectType } from 'kysely';
import type { Game } from '../catalog/game.ts';
import { chunks } from './chunks.ts';
import type { StoreDialect } from './dialects/store-dialect.ts';
import { escapeLike } from './escape-like.ts';
import type { Database, GamesTable } from './schema.ts';
import { toNumber } from './to-number.ts';
import { withTransaction } from './with-transaction.ts';

type NewGameRow = Insertable<GamesTable>;

/** The largest value of the 32-bit `appid` column; no game can have a larger appid. */
const MAX_APPID = 2 ** 31 - 1;

/** Columns read back, in the order of the per-row JSON array (see StoreDialect.jsonArray). */
const READ_COLUMNS = [
  'appid',
  'name',
  'release_date',
  'developers',
  'publishers',
  'platforms',
  'genres',
  'categories',
  'tags',
  'required_age',
  'price_gbp',
  'positive_ratings',
  'negative_ratings',
  'owners_min',
  'owners_max',
  'median_playtime_minutes',
  'is_multiplayer',
  'mp_modes',
  'mp_online_max',
  'mp_local_max',
  'mp_lan_max',
  'mp_split_screen_max',
  'mp_drop_in_drop_out',
  'sources',
] as const satisfies readonly (keyof GamesTable)[];
const JSON_COLUMNS: ReadonlySet<string> = new Set([
  'developers',
  'publishers',
  'platforms',
  'genres',
  'categories',
  'tags',
  'mp_modes',
  'sources',
]);

/** The values of `Columns`, in order, as a tuple (a mapped type over a type parameter keeps tuples). */
type ColumnValues<Columns extends readonly (keyof GamesTable)[]> = {
  -readonly [I in keyof Columns]: Columns[I] extends keyof GamesTable
    ? SelectType<GamesTable[Columns[I]]>
    : never;
};
type GameValues = ColumnValues<typeof READ_COLUMNS>;

/** Columns an upsert overwrites: all but the key, plus the write time. */
const UPDATED_COLUMNS = [...READ_COLUMNS.filter((column) => column !== 'appid'), 'updated_at'] as const;

/** The game catalog: one row per appid, JSON arrays for the list fields. */
export class GamesRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: StoreDialect,
  ) {}

  /** Inserts or replaces games by appid, in chunks inside one transaction; returns how many were written. */
  async upsertMany(games: readonly Game[], now: Date = new Date()): Promise<number> {
    // PostgreSQL refuses to update one row twice in a statement, so a repeated appid keeps its last version.
    const unique = [...new Map(games.map((game) => [game.appid, game])).values()];
    const updatedAt = this.dialect.writeDate(now);
    const rows = unique.map((game) => this.toRow(game, updatedAt));
    const size = this.dialect.rowsPerStatement(UPDATED_COLUMNS.length + 1);
    await withTransaction(this.db, async (tx) => {
      for (const chunk of chunks(rows, size)) {
        await tx
          .insertInto('games')
          .values(chunk)
          .onConflict((oc) =>
            oc
              .column('appid')
              .doUpdateSet((eb) =>
                Object.fromEntries(UPDATED_COLUMNS.map((column) => [column, eb.ref(`excluded.${column}`)])),
              ),
          )
          .execute();
      }
    });
    return unique.length;
  }

  /** One game, or undefined when the appid is not in the catalog. */
  async get(appid: number): Promise<Game | undefined> {
    // The column is a 32-bit integer: PostgreSQL refuses a larger parameter instead of finding no row.
    if (!Number.isSafeInteger(appid) || appid < 0 || appid > MAX_APPID) return undefined;
    const row = await this.selectGames().where('appid', '=', appid).executeTakeFirst();
    return row === undefined ? undefined : this.toGame(row.game);
  }

  /** The games among `appids` that exist, keyed by appid. */
  async getMany(appids: readonly number[]): Promise<Map<number, Game>> {
    const found = new Map<number, Game>();
    const storable = [...new Set(appids)].filter((a) => Number.isSafeInteger(a) && a >= 0 && a <= MAX_APPID);
    for (const chunk of chunks(storable, this.dialect.maxParameters)) {
      const rows = await this.selectGames().where('appid', 'in', chunk).execute();
      for (const row of rows) {
        const game = this.toGame(row.game);
        found.set(game.appid, game);
      }
    }
    return found;
  }

  /**
   * Games whose name contains `text`, ignoring case: exact names first, then names starting with it, then
   * the rest; within each, the most-reviewed first.
   */
  async search(text: string, limit: number): Promise<Game[]> {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`limit must be a positive integer, got ${limit}`);
    const needle = escapeLike(text.trim());
    if (needle === '') return [];
    const like = sql.raw(this.dialect.likeIgnoringCase);
    const nameMatches = (pattern: string) => sql<boolean>`name ${like} ${pattern} escape '\\'`;
    const rows = await this.selectGames()
      .where(nameMatches(`%${needle}%`))
      .orderBy(
        sql`case when ${nameMatches(needle)} then 0 when ${nameMatches(`${needle}%`)} then 1 else 2 end`,
      )
      .orderBy(sql`coalesce(positive_ratings, 0) + coalesce(negative_ratings, 0)`, 'desc')
      .orderBy('appid')
      .limit(limit)
      .execute();
    return rows.map((row) => this.toGame(row.game));
  }

  /** The whole catalog, ordered by appid. */
  async listAll(): Promise<Game[]> {
    const rows = await this.selectGames().orderBy('appid').execute();
    return rows.map((row) => this.toGame(row.game));
  }

  /** How many games the catalog holds. */
  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('games')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return toNumber(row.n);
  }

  /** How many games have any multiplayer evidence. */
  async countMultiplayer(): Promise<number> {
    const row = await this.db
      .selectFrom('games')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('is_multiplayer', '=', this.dialect.writeBool(true))
      .executeTakeFirstOrThrow();
    return toNumber(row.n);
  }

  private toRow(game: Game, updatedAt: string): NewGameRow {
    const d = this.dialect;
    const { limits } = game.multiplayer;
    return {
      appid: game.appid,
      name: game.name,
      release_date: game.releaseDate,
      developers: d.writeJson(game.developers),
      publishers: d.writeJson(game.publishers),
      platforms: game.platforms === null ? null : d.writeJson(game.platforms),
      genres: d.writeJson(game.genres),
      categories: d.writeJson(game.categories),
      tags: d.writeJson(game.tags),
      required_age: game.requiredAge,
      price_gbp: game.priceGbp,
      positive_ratings: game.positiveRatings,
      negative_ratings: game.negativeRatings,
      owners_min: game.ownersMin,
      owners_max: game.ownersMax,
      median_playtime_minutes: game.medianPlaytimeMinutes,
      is_multiplayer: d.writeBool(game.multiplayer.isMultiplayer),
      mp_modes: d.writeJson(game.multiplayer.modes),
      mp_online_max: limits.online,
      mp_local_max: limits.local,
      mp_lan_max: limits.lan,
      mp_split_screen_max: limits.splitScreen,
      mp_drop_in_drop_out: limits.dropInDropOut === null ? null : d.writeBool(limits.dropInDropOut),
      sources: d.writeJson(game.sources),
      updated_at: updatedAt,
    };
  }

  private selectGames() {
    const d = this.dialect;
    const items = READ_COLUMNS.map((column) =>
      JSON_COLUMNS.has(column) ? d.embedJson(sql.ref(column)) : sql.ref(column),
    );
    return this.db.selectFrom('games').select(d.jsonArray(items).as('game'));
  }

  private toGame(document: unknown[] | string): Game {
    const d = this.dialect;
    const [
      appid,
      name,
      releaseDate,
      developers,
      publishers,
      platforms,
      genres,
      categories,
      tags,
      requiredAge,
      priceGbp,
      positiveRatings,
      negativeRatings,
      ownersMin,
      ownersMax,
      medianPlaytimeMinutes,
      isMultiplayer,
      modes,
      online,
      local,
      lan,
      splitScreen,
      dropInDropOut,
      sources,
    ] = d.readJson(document) as GameValues;
    const list = <T extends string>(json: unknown): T[] => this.#interned(d.readJson(json) as T[]);
    return {
      appid,
      name,
      releaseDate,
      developers: list(developers),
      publishers: list(publishers),
      platforms: platforms === null ? null : list(platforms),
      requiredAge,
      genres: list(genres),
      categories: list(categories),
      tags: list(tags),
      priceGbp,
      positiveRatings,
      negativeRatings,
      ownersMin,
      ownersMax,
      medianPlaytimeMinutes,
      multiplayer: {
        isMultiplayer: d.readBool(isMultiplayer),
        modes: list(modes),
        limits: {
          online,
          local,
          lan,
          splitScreen,
          dropInDropOut: dropInDropOut === null ? null : d.readBool(dropInDropOut),
        },
      },
      sources: list(sources),
    };
  }

  // One copy of each tag, genre, category, developer… name: a served catalog holds ~18,000 games whose
  // ~600,000 list entries are a few thousand distinct strings, and each parse made a copy of its own
  // (~15 MB of a server's memory). Bounded by the distinct names in the catalog.
  readonly #names = new Map<string, string>();
  #interned<T extends string>(values: T[]): T[] {
    for (let i = 0; i < values.length; i++) {
      const value = values[i] as T;
      const known = this.#names.get(value);
      if (known === undefined) this.#names.set(value, value);
      else values[i] = known as T;
    }
    return values;
  }
}
