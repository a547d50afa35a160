import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { CoplayError } from '../../src/errors.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';
import { openProxiedPostgresStore } from '../fixtures/proxied-postgres-store.ts';
import { storeMigrations } from '../../src/store/migrations/migrate-to-latest.ts';
import { sqliteDialect } from '../../src/store/dialects/sqlite.ts';
import { makeGame } from './game-fixture.ts';

/** Every migration the code lists, in order: the first is the schema itself. */
const MIGRATION_NAMES = Object.keys(storeMigrations(sqliteDialect)).sort();
import { TEST_DIALECTS, TEST_POSTGRES_URL, createTestDatabase } from './test-stores.ts';
import type { TestDatabase } from './test-stores.ts';

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(CoplayError);
  expect((error as CoplayError).code).toBe(code);
}

describe('openStore URLs', () => {
  it.each([
    'mysql://user@host/db',
    'coplay.db',
    '',
    'sqlite:',
    'postgres://[bad',
    'http://127.0.0.1:5432/test',
  ])('rejects %j with DATABASE_URL_INVALID', async (url) => {
    await expectCode(openStore(url), 'DATABASE_URL_INVALID');
  });

  it('rejects a PostgreSQL schema name that is not a plain identifier', async () => {
    await expectCode(openStore(TEST_POSTGRES_URL, { schema: 'x"; drop table y; --' }), 'INVALID_INPUT');
  });

  it('fails, rather than hangs, when PostgreSQL is unreachable', async () => {
    await expect(openStore('postgres://postgres@127.0.0.1:1/test')).rejects.toThrow();
  });

  it('resolves a relative sqlite: path from the working directory, creating folders, with WAL and foreign keys', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coplay-open-'));
    const file = join(dir, 'nested', 'deeper', 'coplay.db');
    const store = await openStore(`sqlite:${relative(process.cwd(), file)}`);
    try {
      expect(existsSync(file)).toBe(true);
      const pragma = async (name: string) =>
        Object.values((await sql.raw(`pragma ${name}`).execute(store.db)).rows[0] as object)[0];
      expect(await pragma('journal_mode')).toBe('wal');
      expect(await pragma('foreign_keys')).toBe(1);
      expect(await pragma('busy_timeout')).toBeGreaterThan(0);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives each sqlite::memory: store its own database', async () => {
    const a = await openStore('sqlite::memory:');
    const b = await openStore('sqlite::memory:');
    try {
      await a.games.upsertMany([makeGame(1)]);
      expect(await a.games.count()).toBe(1);
      expect(await b.games.count()).toBe(0);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('postgres: schema isolation', () => {
  it('creates the schema and puts every table in it, none in the default schema', async () => {
    const admin = await openStore(TEST_POSTGRES_URL, { migrate: false });
    const database = createTestDatabase('postgres');
    const countInDefaultSchema = async () => {
      const { rows } = await sql<{ n: string }>`
        select count(*) as n from information_schema.tables
        where table_schema = current_schema() and table_name in ('games', 'feedback_events', 'steam_cache')`.execute(
        admin.db,
      );
      return Number(rows[0]?.n);
    };
    try {
      const before = await countInDefaultSchema();
      const store = await openStore(database.url, database.options);
      await store.close();
      expect(await countInDefaultSchema()).toBe(before);
      const { rows } = await sql<{ table_name: string }>`
        select table_name from information_schema.tables
        where table_schema = ${String(database.options.schema)}`.execute(admin.db);
      const names = rows.map((row) => row.table_name);
      for (const table of [
        'games',
        'dataset_interactions',
        'feedback_events',
        'model_versions',
        'kysely_migration',
      ]) {
        expect(names).toContain(table);
      }
    } finally {
      await database.drop();
      await admin.close();
    }
  });
});

describe('postgres: a connection lost as it opens', () => {
  it('goes back to the pool, so later queries and close() still finish', async () => {
    const { store, proxy, close, dispose } = await openProxiedPostgresStore();
    try {
      await store.games.upsertMany([makeGame(1)]);
      // Cut the pool's idle connections, then let each new one die at its first query, ten times: as many as
      // the pool holds. A connection lost that way must not stay checked out.
      await proxy.down();
      await proxy.up();
      proxy.cutAtFirstQuery(true);
      for (let i = 0; i < 10; i++) await expect(store.games.count()).rejects.toThrow();
      proxy.cutAtFirstQuery(false);
      // In the database's schema, not the default one: the search_path holds on a fresh connection.
      expect(await store.games.count()).toBe(1);
      const closed = await Promise.race([
        close().then(() => 'closed'),
        new Promise((resolve) => setTimeout(() => resolve('still open after 5 s'), 5_000)),
      ]);
      expect(closed).toBe('closed');
    } finally {
      await dispose();
    }
  }, 30_000);
});

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: opening and migrating`, () => {
    let database: TestDatabase | undefined;
    const opened: Store[] = [];

    async function open(migrate?: boolean): Promise<Store> {
      database ??= createTestDatabase(dialect);
      const store = await openStore(database.url, { ...database.options, migrate });
      opened.push(store);
      return store;
    }

    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close();
      await database?.drop();
      database = undefined;
    });

    it('runs migrations once: migrating again, or reopening, applies nothing and keeps the data', async () => {
      const first = await open();
      expect(first.dialect).toBe(dialect);
      await first.games.upsertMany([makeGame(10)]);
      expect(await first.migrate()).toEqual([]);
      await first.close();
      opened.splice(0);

      const second = await open();
      expect(await second.migrate()).toEqual([]);
      expect(await second.games.get(10)).toEqual(makeGame(10));
      const applied = await sql<{ name: string }>`select name from kysely_migration`.execute(second.db);
      expect(applied.rows.map((row) => row.name)).toEqual(MIGRATION_NAMES);
    });

    it('with migrate: false creates nothing until migrate() is called', async () => {
      const store = await open(false);
      await expect(store.games.count()).rejects.toThrow();
      expect(await store.migrate()).toEqual(MIGRATION_NAMES);
      expect(await store.games.count()).toBe(0);
    });
  });
}
