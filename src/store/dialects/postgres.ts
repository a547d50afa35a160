import { Kysely, PostgresDialect, sql } from 'kysely';
import type { LogConfig } from 'kysely';
import pg from 'pg';
import { CoplayError } from '../../errors.ts';
import type { Database as Schema } from '../schema.ts';
import type { StoreDialect } from './store-dialect.ts';

// The wire protocol counts bind parameters in an unsigned 16-bit field.
const POSTGRES_MAX_PARAMETERS = 65535;
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
// Without a limit a connection attempt to an unreachable (not refusing) server hangs until the OS gives up,
// and so would every request and /readyz waiting for a pooled connection.
const CONNECT_TIMEOUT_MS = 5_000;

/** PostgreSQL: jsonb, timestamptz, boolean and bytea, which node-postgres already reads back as JS values. */
export const postgresDialect: StoreDialect = {
  name: 'postgres',
  maxParameters: POSTGRES_MAX_PARAMETERS,
  columnTypes: {
    json: 'jsonb',
    timestamp: 'timestamptz',
    boolean: 'boolean',
    bytes: 'bytea',
    double: 'double precision',
  },
  likeIgnoringCase: 'ilike',
  autoIncrementPrimaryKey: (column) => column.primaryKey().generatedByDefaultAsIdentity(),
  rowsPerStatement: (columnsPerRow) => Math.max(1, Math.floor(POSTGRES_MAX_PARAMETERS / columnsPerRow)),
  jsonArray: (items) => sql<unknown[]>`json_build_array(${sql.join(items)})`,
  embedJson: (column) => column,
  // node-postgres would send a JS array as a PostgreSQL array literal, so JSON is always sent as text.
  writeJson: (value) => JSON.stringify(value),
  readJson: <T>(value: T | string): T => value as T,
  writeDate: (value) => value.toISOString(),
  readDate: (value) => (value instanceof Date ? value : new Date(value)),
  writeBool: (value) => value,
  readBool: (value) => value === true || value === 1,
  writeBytes: (value) => value,
  readBytes: (value) => value,
};

/** A connected PostgreSQL Kysely and the schema its tables live in. */
export interface PostgresConnection {
  db: Kysely<Schema>;
  schema: string;
}

/**
 * Connects a pool to `url`. With `schema`, every pooled connection gets that search_path, so unqualified
 * table names (and raw SQL) land in it; the schema is created when missing.
 */
export async function connectPostgres(
  url: string,
  options: { schema?: string; log?: LogConfig; onPoolError?: (error: Error) => void },
): Promise<PostgresConnection> {
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new CoplayError(
      'INVALID_INPUT',
      `"${schema}" is not a usable PostgreSQL schema name (letters, digits, _).`,
    );
  }
  const pool = new pg.Pool({
    ...withSearchPath(url, schema),
    max: 10,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  // An idle pooled client whose server connection dies is reported here; unhandled, it would end the process.
  pool.on('error', (error) => options.onPoolError?.(error));
  // A client that is checked out (mid-query) when its connection dies emits 'error' too, and the pool does not
  // listen then: without this the process crashes. The query in flight already rejects with the same error,
  // and the pool drops the broken client on release, so there is nothing more to do here.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<Schema>({
    dialect: new PostgresDialect({ pool }),
    log: options.log,
  });
  try {
    if (schema === undefined) {
      const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
      const current = rows[0]?.schema;
      if (!current)
        throw new CoplayError('DATABASE_URL_INVALID', 'The PostgreSQL search_path names no existing schema.');
      return { db, schema: current };
    }
    await createSchemaIfMissing(db, schema);
    return { db, schema };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

/**
 * The pool's connection settings, with `schema` as the search_path of every connection. It goes in the startup
 * packet's options rather than a `set search_path` after connecting (Kysely's onCreateConnection): a connection
 * lost during that extra query stays checked out of the pool for good (Kysely does not release it), so an
 * outage could use up the pool, and closing the store would wait for those connections forever. Options the
 * URL already carries are kept.
 */
function withSearchPath(
  url: string,
  schema: string | undefined,
): { connectionString: string; options?: string } {
  if (schema === undefined) return { connectionString: url };
  const parsed = new URL(url);
  const given = parsed.searchParams.get('options');
  parsed.searchParams.delete('options');
  return {
    connectionString: parsed.toString(),
    options: [given, `-c search_path="${schema}"`].filter((part) => part).join(' '),
  };
}

async function createSchemaIfMissing(db: Kysely<Schema>, schema: string): Promise<void> {
  try {
    await db.schema.createSchema(schema).ifNotExists().execute();
  } catch (error) {
    // Two connections racing on "if not exists" can still hit a unique violation; the schema then exists.
    const { rows } = await sql<{
      found: number;
    }>`select 1 as found from pg_namespace where nspname = ${schema}`.execute(db);
    if (rows.length === 0) throw error;
  }
}
