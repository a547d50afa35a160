import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { openStore } from '../../src/store/open-store.ts';
import type { OpenStoreOptions } from '../../src/store/open-store.ts';
import type { Database } from '../../src/store/schema.ts';
import type { Store } from '../../src/store/store.ts';

/** Every store test runs once per backend; PostgreSQL is never skipped (an unreachable server fails the test). */
export const TEST_DIALECTS = ['sqlite', 'postgres'] as const;
export type TestDialect = (typeof TEST_DIALECTS)[number];

/** The PostgreSQL server tests use; COPLAY_TEST_DATABASE_URL overrides it. */
export const TEST_POSTGRES_URL =
  process.env.COPLAY_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A private, empty database for one test: a temp SQLite file, or a random PostgreSQL schema. */
export interface TestDatabase {
  url: string;
  options: OpenStoreOptions;
  /** Removes the file or drops the schema. */
  drop(): Promise<void>;
}

/** Makes a TestDatabase without opening it, for tests that open several stores on the same database. */
export function createTestDatabase(dialect: TestDialect): TestDatabase {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'coplay-store-'));
    return {
      url: `sqlite:${join(dir, 'test.db')}`,
      options: {},
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const schema = `test_${randomUUID().replaceAll('-', '')}`;
  return {
    url: TEST_POSTGRES_URL,
    options: { schema },
    drop: async () => {
      const admin = await openStore(TEST_POSTGRES_URL, { migrate: false });
      try {
        await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(admin.db);
      } finally {
        await admin.close();
      }
    },
  };
}

/** Opens a fresh, migrated store on its own database; its close() also deletes that database. */
export async function openTestStore(dialect: TestDialect): Promise<Store> {
  const database = createTestDatabase(dialect);
  let store: Store;
  try {
    store = await openStore(database.url, database.options);
  } catch (error) {
    await database.drop().catch(() => undefined);
    throw error;
  }
  return {
    ...store,
    close: async () => {
      try {
        if (dialect === 'postgres')
          await sql`drop schema ${sql.id(String(database.options.schema))} cascade`.execute(store.db);
      } finally {
        await store.close();
        if (dialect === 'sqlite') await database.drop();
      }
    },
  };
}

// `satisfies` fails to compile when a table is added to Database but not here, so resets stay complete.
const ALL_TABLES = {
  games: true,
  steam_players: true,
  libraries: true,
  dataset_interactions: true,
  feedback_events: true,
  model_versions: true,
  app_state: true,
  pipeline_tasks: true,
  pipeline_runs: true,
  steam_cache: true,
} as const satisfies Record<keyof Database, true>;

/** Deletes every row of every table (children before parents). */
export async function emptyStore(store: Store): Promise<void> {
  for (const table of Object.keys(ALL_TABLES) as (keyof Database)[])
    await store.db.deleteFrom(table).execute();
}

/**
 * Registers hooks giving the enclosing describe one store, opened once (migrating a PostgreSQL schema costs
 * a few hundred ms) and emptied before each test; returns a getter for it.
 */
export function useTestStore(dialect: TestDialect): () => Store {
  let store: Store | undefined;
  beforeAll(async () => {
    store = await openTestStore(dialect);
  });
  beforeEach(async () => {
    if (store !== undefined) await emptyStore(store);
  });
  afterAll(async () => {
    await store?.close();
  });
  return () => {
    if (store === undefined) throw new Error(`the ${dialect} test store failed to open`);
    return store;
  };
}
