import type { Kysely } from 'kysely';

/**
 * Runs `fn` in a transaction, or directly in the caller's one when `db` already is a transaction (Kysely
 * cannot nest them), so a repository method is atomic on its own and still joins an enclosing transaction.
 */
export async function withTransaction<DB, T>(db: Kysely<DB>, fn: (tx: Kysely<DB>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db);
  return db.transaction().execute(fn);
}
