import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type { LogConfig } from 'kysely';
import type { Database as Schema } from '../schema.ts';
import type { StoreDialect } from './store-dialect.ts';

// SQLITE_MAX_VARIABLE_NUMBER has defaulted to 32766 since SQLite 3.32; better-sqlite3 12 bundles 3.5x.
const SQLITE_MAX_PARAMETERS = 32766;
const BUSY_TIMEOUT_MS = 5000;

/** SQLite: JSON and dates as text, booleans as 0/1, bytes as blob; LIKE already ignores ASCII case. */
export const sqliteDialect: StoreDialect = {
  name: 'sqlite',
  maxParameters: SQLITE_MAX_PARAMETERS,
  columnTypes: { json: 'text', timestamp: 'text', boolean: 'integer', bytes: 'blob', double: 'real' },
  likeIgnoringCase: 'like',
  autoIncrementPrimaryKey: (column) => column.primaryKey().autoIncrement(),
  rowsPerStatement: (columnsPerRow) => Math.max(1, Math.floor(SQLITE_MAX_PARAMETERS / columnsPerRow)),
  jsonArray: (items) => sql<string>`json_array(${sql.join(items)})`,
  embedJson: (column) => sql`json(${column})`,
  writeJson: (value) => JSON.stringify(value),
  readJson: <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value),
  // toISOString has a fixed width, so text comparison in SQL orders instants correctly.
  writeDate: (value) => value.toISOString(),
  readDate: (value) => (value instanceof Date ? value : new Date(value)),
  writeBool: (value) => (value ? 1 : 0),
  readBool: (value) => value === true || value === 1,
  writeBytes: (value) => value,
  readBytes: (value) => value,
};

/**
 * Opens (creating if needed) a SQLite database file, or an in-memory one for ':memory:', with WAL
 * journaling, foreign keys and a busy timeout so a second process waits instead of failing at once.
 */
export function connectSqlite(filename: string, log?: LogConfig): Kysely<Schema> {
  if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true });
  const database = new Database(filename);
  try {
    database.pragma('journal_mode = WAL');
    database.pragma('foreign_keys = ON');
    database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // With WAL, NORMAL loses at most the last commits on power loss, never consistency, and syncs far less.
    database.pragma('synchronous = NORMAL');
  } catch (error) {
    database.close();
    throw error;
  }
  return new Kysely<Schema>({ dialect: new SqliteDialect({ database }), log });
}
