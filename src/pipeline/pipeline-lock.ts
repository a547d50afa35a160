import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { CoplayError } from '../errors.ts';
import type { Store } from '../store/store.ts';

/** The app_state key holding the pipeline lock. */
export const PIPELINE_LOCK_KEY = 'pipeline_lock';

/** A lock older than this is taken to belong to a crashed process (a run on the bundled data takes ~1 min). */
export const STALE_LOCK_MS = 6 * 3_600_000;

/** The tokens of the locks this process holds right now. */
const heldHere = new Set<string>();

/**
 * Whether a lock's holder (`host:pid#…`) was a process on this machine that no longer exists, or is this very
 * process but the lock is not one it holds: one it failed to release (the database went away as a run ended),
 * or one left by an earlier container whose process had the same pid (PID 1 in every container).
 */
function holderIsGone(token: string): boolean {
  const match = /^(.*):(\d+)#/.exec(token);
  if (!match || match[1] !== hostname()) return false;
  if (Number(match[2]) === process.pid) return !heldHere.has(token);
  try {
    process.kill(Number(match[2]), 0);
    return false;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** A lock row older than STALE_LOCK_MS, or whose holder is gone, is taken over by the next run. */
function isStale(lock: { value: string; updated_at: string | Date }, now: Date): boolean {
  return now.getTime() - new Date(lock.updated_at).getTime() > STALE_LOCK_MS || holderIsGone(lock.value);
}

/**
 * Who holds the lock now, unless nobody does or the next run would take it over (stale). A run row still
 * marked running proves nothing by itself: its process may have lost the database as the run ended.
 */
export async function livePipelineLock(
  store: Store,
  now = new Date(),
): Promise<{ holder: string; since: Date } | undefined> {
  const current = await lockRow(store);
  if (current === undefined || isStale(current, now)) return undefined;
  return { holder: holderOf(current.value), since: new Date(current.updated_at) };
}

/** The lock row, if any. */
function lockRow(store: Store): Promise<{ value: string; updated_at: string | Date } | undefined> {
  return store.db
    .selectFrom('app_state')
    .select(['value', 'updated_at'])
    .where('key', '=', PIPELINE_LOCK_KEY)
    .executeTakeFirst();
}

/** The holder part of a lock token (`host:pid`), without its random suffix. */
function holderOf(token: string): string {
  return token.split('#')[0] ?? 'unknown';
}

/**
 * A held lock; release() is safe to call twice and never frees a lock someone else took over. When release()
 * cannot reach the database, the row stays, but this process's next run takes it over at once.
 */
export interface PipelineLock {
  readonly token: string;
  release(): Promise<void>;
}

/**
 * Takes the one-run-at-a-time lock: a row in app_state, inserted only when absent (the primary key makes
 * that atomic on SQLite and PostgreSQL alike). A stale lock is taken over by compare-and-set on its time.
 * Throws INVALID_INPUT naming the holder when another run holds it.
 */
export async function acquirePipelineLock(
  store: Store,
  holder: string,
  now = new Date(),
): Promise<PipelineLock> {
  const token = `${holder}#${randomUUID()}`;
  const at = now.toISOString();
  const inserted = await store.db
    .insertInto('app_state')
    .values({ key: PIPELINE_LOCK_KEY, value: token, updated_at: at })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  if ((inserted.numInsertedOrUpdatedRows ?? 0n) === 0n) {
    const current = await lockRow(store);
    const since = current ? new Date(current.updated_at) : now;
    const stale = current !== undefined && isStale(current, now);
    const taken =
      stale &&
      (
        await store.db
          .updateTable('app_state')
          .set({ value: token, updated_at: at })
          .where('key', '=', PIPELINE_LOCK_KEY)
          .where('value', '=', current.value)
          .executeTakeFirst()
      ).numUpdatedRows > 0n;
    if (!taken) {
      throw new CoplayError(
        'INVALID_INPUT',
        `a pipeline run is already in progress (${current ? holderOf(current.value) : 'unknown'}, since ${since.toISOString()})`,
      );
    }
  }
  heldHere.add(token);
  return {
    token,
    release: async () => {
      heldHere.delete(token);
      await store.db
        .deleteFrom('app_state')
        .where('key', '=', PIPELINE_LOCK_KEY)
        .where('value', '=', token)
        .execute();
    },
  };
}
