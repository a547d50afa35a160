import type { Kysely, Migration } from 'kysely';

/**
 * Feedback is undone with a secret token handed to whoever recorded it, no longer with its sequential id
 * (anyone could count through those). Only the token's SHA-256 is kept, so reading the database does not give
 * the power to undo. Events recorded before this have no hash and can no longer be undone.
 */
export function feedbackUndoTokenMigration(): Migration {
  return {
    // Kysely<any> is the documented migration signature: a migration must not see today's Database type.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('feedback_events').addColumn('undo_token_hash', 'text').execute();
      // Unique: an undo finds one event. Both backends let any number of rows hold NULL in a unique index.
      await db.schema
        .createIndex('feedback_events_undo_token_hash_idx')
        .unique()
        .on('feedback_events')
        .column('undo_token_hash')
        .execute();
    },
  };
}
