import type { Kysely } from 'kysely';
import type { StoreDialect } from './dialects/store-dialect.ts';
import { FeedbackRepository } from './feedback.repository.ts';
import { GamesRepository } from './games.repository.ts';
import { InteractionsRepository } from './interactions.repository.ts';
import { LibrariesRepository } from './libraries.repository.ts';
import { ModelVersionsRepository } from './model-versions.repository.ts';
import { PipelineRunsRepository } from './pipeline-runs.repository.ts';
import { PlayersRepository } from './players.repository.ts';
import type { Database } from './schema.ts';
import { SteamCacheRepository } from './steam-cache.repository.ts';

/** The persistence layer: one repository per concern over one SQLite or PostgreSQL database. */
export interface Store {
  readonly dialect: StoreDialect['name'];
  /** The Kysely instance (a transaction inside `transaction`), for queries no repository offers. */
  readonly db: Kysely<Database>;
  readonly games: GamesRepository;
  readonly interactions: InteractionsRepository;
  readonly players: PlayersRepository;
  readonly libraries: LibrariesRepository;
  readonly feedback: FeedbackRepository;
  readonly modelVersions: ModelVersionsRepository;
  readonly pipelineRuns: PipelineRunsRepository;
  readonly steamCache: SteamCacheRepository;
  /**
   * Runs `fn` with a Store whose repositories all use one transaction: committed when `fn` resolves, rolled
   * back when it throws. Inside `fn` use only `tx`: on SQLite the outer store waits for the transaction's
   * single connection, so awaiting it there would never finish. Nested calls join the outer transaction.
   */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  /** Applies pending migrations; returns their names. */
  migrate(): Promise<string[]>;
  /** Closes the connection or pool. */
  close(): Promise<void>;
}

/** What a Store does beyond its repositories, supplied by `openStore`. */
export interface StoreLifecycle {
  migrate(): Promise<string[]>;
  close(): Promise<void>;
}

/** Builds a Store over a database or transaction; `openStore` is the usual way to get one. */
export function createStore(db: Kysely<Database>, dialect: StoreDialect, lifecycle: StoreLifecycle): Store {
  const store: Store = {
    dialect: dialect.name,
    db,
    games: new GamesRepository(db, dialect),
    interactions: new InteractionsRepository(db, dialect),
    players: new PlayersRepository(db, dialect),
    libraries: new LibrariesRepository(db, dialect),
    feedback: new FeedbackRepository(db, dialect),
    modelVersions: new ModelVersionsRepository(db, dialect),
    pipelineRuns: new PipelineRunsRepository(db, dialect),
    steamCache: new SteamCacheRepository(db, dialect),
    async transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
      if (db.isTransaction) return fn(store);
      return db.transaction().execute((tx) => fn(createStore(tx, dialect, TRANSACTION_LIFECYCLE)));
    },
    migrate: () => lifecycle.migrate(),
    close: () => lifecycle.close(),
  };
  return store;
}

const TRANSACTION_LIFECYCLE: StoreLifecycle = {
  migrate: () => Promise.reject(new Error('Migrations cannot run inside a store transaction.')),
  close: () =>
    Promise.reject(new Error('A store transaction cannot close the store; close the outer store.')),
};
