import { createHash } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { StoreDialect } from './dialects/store-dialect.ts';
import { CoplayError } from '../errors.ts';
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
  /**
   * The secret that will undo this event (only its SHA-256 is stored). Without one the event cannot be undone.
   */
  undoToken?: string;
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

const MIN_UNDO_TOKEN_LENGTH = 16;

/** The stored form of an undo token: hex SHA-256. Tokens are random, so an unsalted hash is enough. */
function hashUndoToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
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
    // A short token could be guessed, which is what undo tokens are there to prevent.
    if (event.undoToken !== undefined && event.undoToken.length < MIN_UNDO_TOKEN_LENGTH)
      throw new RangeError(`an undo token has at least ${MIN_UNDO_TOKEN_LENGTH} characters`);
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
        undo_token_hash: event.undoToken === undefined ? null : hashUndoToken(event.undoToken),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /**
   * Stores an event under an undo token the client chose, once: recorded again with the same token (a retry
   * after a lost answer), it returns the event already stored (`created: false`) instead of a second one. The
   * token is refused (INVALID_INPUT) when it already belongs to other feedback.
   */
  async recordOnce(
    event: NewFeedbackEvent & { undoToken: string },
  ): Promise<{ id: number; createdAt: Date; created: boolean }> {
    const existing = async () => {
      const row = await this.db
        .selectFrom('feedback_events')
        .selectAll()
        .where('undo_token_hash', '=', hashUndoToken(event.undoToken))
        .executeTakeFirst();
      if (row === undefined) return undefined;
      const stored = this.toEvent(row);
      const members = canonicalMembers(event.memberKeys);
      if (stored.groupKey !== groupKey(members) || stored.appid !== event.appid || stored.kind !== event.kind)
        throw new CoplayError(
          'INVALID_INPUT',
          'this undoToken already belongs to other feedback: send a new random one for each event',
        );
      return { id: stored.id, createdAt: stored.createdAt, created: false };
    };
    const before = await existing();
    if (before) return before;
    const createdAt = event.createdAt ?? new Date();
    try {
      return { id: await this.record({ ...event, createdAt }), createdAt, created: true };
    } catch (error) {
      // Two retries at once: the unique index let one in; the other answers with its event.
      const raced = await existing();
      if (raced) return raced;
      throw error;
    }
  }

  /**
   * Marks undone the event recorded with this undo token; false when no event has it or it was already undone.
   * The token is the only way in: ids are sequential, so anyone could guess them.
   */
  async undo(undoToken: string, at: Date = new Date()): Promise<boolean> {
    if (undoToken.length < MIN_UNDO_TOKEN_LENGTH) return false;
    const result = await this.db
      .updateTable('feedback_events')
      .set({ undone_at: this.dialect.writeDate(at) })
      .where('undo_token_hash', '=', hashUndoToken(undoToken))
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
