import type { Insertable, Kysely } from 'kysely';
import { chunks } from './chunks.ts';
import type { StoreDialect } from './dialects/store-dialect.ts';
import type { Database, DatasetInteractionsTable } from './schema.ts';
import { toNumber } from './to-number.ts';
import { withTransaction } from './with-transaction.ts';

/** One (user, game title) pair of a public interactions dataset, as the importer hands it over. */
export interface DatasetInteraction {
  userId: string;
  kaggleUserId: string | null;
  gameId: number;
  gameTitle: string;
  /** null when the title matched no catalog game. */
  appid: number | null;
  appidMatch: string;
  purchaseRows: number;
  playRows: number;
  hours: number;
}

/** A training row: a dataset user's hours on one catalog game (titles sharing an appid are summed). */
export interface MatchedInteraction {
  dataset: string;
  userId: string;
  appid: number;
  hours: number;
  purchased: boolean;
}

/** A user's game for "top games" lists. */
export interface UserGame {
  appid: number;
  hours: number;
}

const COLUMNS = 10;

/** Interactions imported from public datasets: the training data of the recommenders. */
export class InteractionsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: StoreDialect,
  ) {}

  /** Inserts or replaces rows by (dataset, user, game): importing the same file twice changes nothing. */
  async insertMany(dataset: string, rows: readonly DatasetInteraction[]): Promise<number> {
    const byKey = new Map<string, Insertable<DatasetInteractionsTable>>();
    rows.forEach((row, index) => {
      if (row.userId === '' || !Number.isInteger(row.gameId) || !Number.isFinite(row.hours)) {
        throw new RangeError(
          `interaction ${index} of ${dataset} has an empty user, a non-integer game or bad hours`,
        );
      }
      // PostgreSQL refuses to update one row twice in a statement, so a repeated key keeps its last row.
      byKey.set(`${row.gameId}\u0000${row.userId}`, toRow(dataset, row));
    });
    const unique = [...byKey.values()];
    await withTransaction(this.db, async (tx) => {
      for (const chunk of chunks(unique, this.dialect.rowsPerStatement(COLUMNS))) {
        await tx
          .insertInto('dataset_interactions')
          .values(chunk)
          .onConflict((oc) =>
            oc.columns(['dataset', 'user_id', 'game_id']).doUpdateSet((eb) => ({
              kaggle_user_id: eb.ref('excluded.kaggle_user_id'),
              game_title: eb.ref('excluded.game_title'),
              appid: eb.ref('excluded.appid'),
              appid_match: eb.ref('excluded.appid_match'),
              purchase_rows: eb.ref('excluded.purchase_rows'),
              play_rows: eb.ref('excluded.play_rows'),
              hours: eb.ref('excluded.hours'),
            })),
          )
          .execute();
      }
    });
    return unique.length;
  }

  /** Rows stored, in one dataset or all. */
  async countRows(dataset?: string): Promise<number> {
    const row = await this.scoped(dataset)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return toNumber(row.n);
  }

  /** Distinct users, in one dataset or all (the same id in two datasets counts twice). */
  async countUsers(dataset?: string): Promise<number> {
    const distinct = this.scoped(dataset).select(['dataset', 'user_id']).distinct();
    const row = await this.db
      .selectFrom(distinct.as('u'))
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return toNumber(row.n);
  }

  /** Distinct game titles that matched no catalog appid. */
  async countUnmatchedTitles(dataset?: string): Promise<number> {
    const distinct = this.scoped(dataset)
      .where('appid', 'is', null)
      .select(['dataset', 'game_title'])
      .distinct();
    const row = await this.db
      .selectFrom(distinct.as('t'))
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return toNumber(row.n);
  }

  /** Training rows: one per (dataset, user, appid), ordered by dataset, user, appid. */
  async listMatched(dataset?: string): Promise<MatchedInteraction[]> {
    const rows = await this.scoped(dataset)
      .where('appid', 'is not', null)
      .select((eb) => [
        'dataset',
        'user_id',
        'appid',
        eb.fn.sum<number>('hours').as('hours'),
        eb.fn.max('purchase_rows').as('purchase_rows'),
      ])
      .groupBy(['dataset', 'user_id', 'appid'])
      .orderBy('dataset')
      .orderBy('user_id')
      .orderBy('appid')
      .execute();
    return rows.map((row) => ({
      dataset: row.dataset,
      userId: row.user_id,
      appid: row.appid as number,
      hours: toNumber(row.hours),
      purchased: toNumber(row.purchase_rows) > 0,
    }));
  }

  /** Each user's `perUser` most-played matched games (hours descending, then appid). */
  async topGamesByUser(
    userIds: readonly string[],
    perUser: number,
    dataset?: string,
  ): Promise<Map<string, UserGame[]>> {
    if (!Number.isInteger(perUser) || perUser < 1)
      throw new RangeError(`perUser must be a positive integer, got ${perUser}`);
    const byUser = new Map<string, UserGame[]>();
    for (const chunk of chunks([...new Set(userIds)], this.dialect.maxParameters - 1)) {
      const rows = await this.scoped(dataset)
        .where('appid', 'is not', null)
        .where('user_id', 'in', chunk)
        .select((eb) => ['user_id', 'appid', eb.fn.sum<number>('hours').as('hours')])
        .groupBy(['user_id', 'appid'])
        .execute();
      for (const row of rows) {
        const games = byUser.get(row.user_id) ?? [];
        games.push({ appid: row.appid as number, hours: toNumber(row.hours) });
        byUser.set(row.user_id, games);
      }
    }
    for (const [userId, games] of byUser) {
      games.sort((a, b) => b.hours - a.hours || a.appid - b.appid);
      byUser.set(userId, games.slice(0, perUser));
    }
    return byUser;
  }

  /** Up to `limit` user ids, those with the most matched games first: good sample players for a demo. */
  async listUserIds(limit: number, dataset?: string): Promise<string[]> {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`limit must be a positive integer, got ${limit}`);
    const rows = await this.scoped(dataset)
      .select((eb) => ['user_id', eb.fn.count('appid').as('matched')])
      .groupBy('user_id')
      .orderBy('matched', 'desc')
      .orderBy('user_id')
      .limit(limit)
      .execute();
    return rows.map((row) => row.user_id);
  }

  /**
   * Users whose number of matched games lies in [minGames, maxGames], with that number; the most games first,
   * then by id. Sample players should look like real groups' members, not like 700-game collectors.
   */
  async listUsersByGameCount(
    minGames: number,
    maxGames: number,
    limit: number,
    dataset?: string,
  ): Promise<{ userId: string; games: number }[]> {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`limit must be a positive integer, got ${limit}`);
    const rows = await this.scoped(dataset)
      .where('appid', 'is not', null)
      .select((eb) => ['user_id', eb.fn.count('appid').distinct().as('matched')])
      .groupBy('user_id')
      .having((eb) => eb.between(eb.fn.count('appid').distinct(), minGames, maxGames))
      .orderBy('matched', 'desc')
      .orderBy('user_id')
      .limit(limit)
      .execute();
    return rows.map((row) => ({ userId: row.user_id, games: toNumber(row.matched) }));
  }

  private scoped(dataset: string | undefined) {
    const all = this.db.selectFrom('dataset_interactions');
    return dataset === undefined ? all : all.where('dataset', '=', dataset);
  }
}

function toRow(dataset: string, row: DatasetInteraction): Insertable<DatasetInteractionsTable> {
  return {
    dataset,
    user_id: row.userId,
    kaggle_user_id: row.kaggleUserId,
    game_id: row.gameId,
    game_title: row.gameTitle,
    appid: row.appid,
    appid_match: row.appidMatch,
    purchase_rows: row.purchaseRows,
    play_rows: row.playRows,
    hours: row.hours,
  };
}
