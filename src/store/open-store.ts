import { resolve } from 'node:path';
import type { Kysely, LogEvent } from 'kysely';
import { CoplayError } from '../errors.ts';
import { connectPostgres, postgresDialect } from './dialects/postgres.ts';
import { connectSqlite, sqliteDialect } from './dialects/sqlite.ts';
import type { StoreDialect } from './dialects/store-dialect.ts';
import { migrateToLatest } from './migrations/migrate-to-latest.ts';
import type { Database } from './schema.ts';
import { createStore } from './store.ts';
import type { Store } from './store.ts';

/** The logging a store needs; a pino logger fits. */
export interface StoreLogger {
  debug(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

/** How `openStore` opens the database. */
export interface OpenStoreOptions {
  /** PostgreSQL only: the schema holding every table, created when missing. SQLite ignores it. */
  schema?: string;
  /** Apply pending migrations on open (default true). */
  migrate?: boolean;
  logger?: StoreLogger;
  /**
   * PostgreSQL only: told when a pooled connection fails while idle (the server restarted, a network cut).
   * The pool drops that connection and opens a new one on demand, so this is for logging; without it the
   * failure goes to `logger`.
   */
  onConnectionError?: (error: Error) => void;
}

/**
 * Opens the database `url` names: `sqlite:<path>` (relative to the working directory; `sqlite::memory:` for
 * a private in-memory database) or `postgres://…` / `postgresql://…`. Anything else is DATABASE_URL_INVALID.
 */
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<Store> {
  const log = options.logger === undefined ? undefined : kyselyLog(options.logger);
  let db: Kysely<Database>;
  let dialect: StoreDialect;
  let schema: string | undefined;
  if (/^sqlite:/i.test(url)) {
    db = connectSqlite(sqliteFilename(url), log);
    dialect = sqliteDialect;
  } else if (/^postgres(ql)?:\/\//i.test(url)) {
    if (!URL.canParse(url)) throw invalidUrl('it is not a well-formed postgres:// URL');
    const connection = await connectPostgres(url, {
      schema: options.schema,
      log,
      onPoolError:
        options.onConnectionError ??
        ((error) => options.logger?.error({ err: error }, 'idle PostgreSQL connection failed')),
    });
    ({ db, schema } = connection);
    dialect = postgresDialect;
  } else {
    const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0];
    throw invalidUrl(scheme === undefined ? 'it has no scheme' : `"${scheme}" is not supported`);
  }
  const migrate = () => migrateToLatest(db, dialect, schema);
  if (options.migrate !== false) {
    try {
      await migrate();
    } catch (error) {
      await db.destroy();
      throw error;
    }
  }
  return createStore(db, dialect, { migrate, close: () => db.destroy() });
}

function sqliteFilename(url: string): string {
  // Accept both sqlite:path and sqlite://path; the doubled slash carries no meaning for a file.
  const location = url.slice('sqlite:'.length).replace(/^\/\//, '');
  if (location === '') throw invalidUrl('sqlite: needs a file path or :memory:');
  return location === ':memory:' ? location : resolve(process.cwd(), location);
}

function invalidUrl(reason: string): CoplayError {
  return new CoplayError(
    'DATABASE_URL_INVALID',
    `DATABASE_URL must be sqlite:<path> or postgres://user@host:port/database, but ${reason}.`,
  );
}

function kyselyLog(logger: StoreLogger): (event: LogEvent) => void {
  return (event) => {
    const details = { sql: event.query.sql, durationMs: event.queryDurationMillis };
    if (event.level === 'error') logger.error({ ...details, err: event.error }, 'query failed');
    else logger.debug(details, 'query');
  };
}
