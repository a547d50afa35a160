import type { Kysely, Selectable } from 'kysely';
import type { StoreDialect } from './dialects/store-dialect.ts';
import { canonicalMembers, groupKey } from './group-key.ts';
import { FEEDBACK_KINDS } from './schema.ts';
import type { Database, FeedbackEventsTable, FeedbackKind } from './schema.ts';
import { toNumber } from './to-number.ts';

/** What a group said about a recommended game. */
export interface NewFeedbackEvent {
  memberKeys: readonly string[];
  appid: number;
  kind: FeedbackKind;
  /** The model that made the recommendation, when known. */
  modelVersion?: string | null;
  createdAt?: Date;
}

/** A stored, not undone feedback event. */
export interface FeedbackEvent {
  id: number;
  createdAt: Date;
  /** Sorted, without repeats. */
  memberKeys: string[];
  groupKey: string;
  appid: number;
  kind: FeedbackKind;
  modelVersion: string | null;
}

/** Group feedback on recommendations; undo marks an event instead of deleting it. */
export class FeedbackRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: StoreDialect,
  ) {}

  /** Stores an event and returns its id. */
  async record(event: NewFeedbackEvent): Promise<number> {
    if (!FEEDBACK_KINDS.includes(event.kind)) throw new RangeError(`unknown feedback kind "${event.kind}"`);
    const members = canonicalMembers(event.memberKeys);
    const row = await this.db
      .insertInto('feedback_events')
      .values({
        created_at: this.dialect.writeDate(event.createdAt ?? new Date()),
        member_keys: this.dialect.writeJson(members),
        group_key: groupKey(members),
        appid: event.appid,
        kind: event.kind,
        model_version: event.modelVersion ?? null,
        undone_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** Marks an event undone; false when there is no such event or it was already undone. */
  async undo(id: number, at: Date = new Date()): Promise<boolean> {
    // The id column is a 32-bit integer: PostgreSQL refuses a larger parameter instead of finding no row.
    if (!Number.isSafeInteger(id) || id < 1 || id > 2 ** 31 - 1) return false;
    const result = await this.db
      .updateTable('feedback_events')
      .set({ undone_at: this.dialect.writeDate(at) })
      .where('id', '=', id)
      .where('undone_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Events not undone, oldest first; only those at or after `since`, and of one group when given. */
  async list(since?: Date, forGroupKey?: string): Promise<FeedbackEvent[]> {
    let query = this.db.selectFrom('feedback_events').selectAll().where('undone_at', 'is', null);
    if (since !== undefined) query = query.where('created_at', '>=', this.dialect.writeDate(since));
    if (forGroupKey !== undefined) query = query.where('group_key', '=', forGroupKey);
    const rows = await query.orderBy('created_at').orderBy('id').execute();
    return rows.map((row) => this.toEvent(row));
  }

  /** How many events are not undone. */
  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('feedback_events')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('undone_at', 'is', null)
      .executeTakeFirstOrThrow();
    return toNumber(row.n);
  }

  private toEvent(row: Selectable<FeedbackEventsTable>): FeedbackEvent {
    return {
      id: row.id,
      createdAt: this.dialect.readDate(row.created_at),
      memberKeys: this.dialect.readJson(row.member_keys),
      groupKey: row.group_key,
      appid: row.appid,
      kind: row.kind,
      modelVersion: row.model_version,
    };
  }
}
