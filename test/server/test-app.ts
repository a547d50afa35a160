import type { FastifyInstance } from 'fastify';
import type { Game } from '../../src/catalog/game.ts';
import { fitGroupModel } from '../../src/group/fit-group-model.ts';
import type { LibraryEntry } from '../../src/model/confidence.ts';
import { ItemKnnTrainer } from '../../src/model/item-knn.ts';
import { buildApp, type AppDeps } from '../../src/server/build-app.ts';
import { ModelRegistry, type ServedModel } from '../../src/server/model-registry.ts';
import type { SteamClient } from '../../src/steam/steam-client.ts';
import type { Store } from '../../src/store/store.ts';
import { makeGame } from '../fixtures/make-game.ts';
import { openTestStore, type TestDialect } from '../store/test-stores.ts';
import { seedDatasetUsers } from '../fixtures/seed-dataset-users.ts';

/** 30 shooters (100–129), 30 farming games (200–229) and two single-player games, like a tiny catalog. */
export const TEST_GAMES: Game[] = [
  ...Array.from({ length: 30 }, (_, i) =>
    makeGame(100 + i, { name: `Shooter ${i}`, tags: ['FPS'], priceGbp: 7.19 }),
  ),
  ...Array.from({ length: 30 }, (_, i) =>
    makeGame(200 + i, { name: `Farm ${i}`, tags: ['Farming Sim'], priceGbp: i === 0 ? 0 : 4.99 }),
  ),
  makeGame(300, { name: 'Lonely Quest', modes: [] }),
  makeGame(301, { name: 'Solo Saga', modes: [] }),
];

/** Dataset users: even ones play shooters, odd ones farming games. */
export function testLibraries(): Map<string, LibraryEntry[]> {
  const libraries = new Map<string, LibraryEntry[]>();
  for (let u = 1; u <= 40; u++) {
    const base = u % 2 === 0 ? 100 : 200;
    const picks = [...new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((k) => base + ((u * 7 + k * 3) % 30)))];
    libraries.set(
      String(u),
      picks.map((appid, k) => ({ appid, playtimeMinutes: 120 * (k + 1) })),
    );
  }
  return libraries;
}

export interface TestApp {
  app: FastifyInstance;
  store: Store;
  models: ModelRegistry;
  close(): Promise<void>;
}

/** A real app on a fresh store of the given dialect, with a small but real trained model loaded. */
export async function buildTestApp(
  dialect: TestDialect,
  options: {
    steam?: SteamClient;
    withModel?: boolean;
    /** More of buildApp's dependencies (metrics, logger, limits…), passed as given. */
    deps?: Omit<Partial<AppDeps>, 'store' | 'models' | 'steam'>;
  } = {},
): Promise<TestApp> {
  const store = await openTestStore(dialect);
  await store.games.upsertMany(TEST_GAMES);
  const libraries = testLibraries();
  await seedDatasetUsers(store, libraries);
  const models = new ModelRegistry();
  if (options.withModel !== false) models.swap(await testServedModel());
  const app = await buildApp({
    store,
    models,
    ...(options.steam ? { steam: options.steam } : {}),
    ...options.deps,
  });
  return {
    app,
    store,
    models,
    async close() {
      await app.close();
      await store.close();
    },
  };
}

/** A small item-kNN model of the test data, served as version "test-1". */
export async function testServedModel(): Promise<ServedModel> {
  const libraries = testLibraries();
  const fitted = await fitGroupModel(
    { games: TEST_GAMES, libraries: new Map([...libraries].map(([k, v]) => [`steam200k:${k}`, v])) },
    {
      cf: new ItemKnnTrainer({ neighbours: 20 }),
      cfWeight: 0.8,
      confidence: {},
      matrix: { minItemsPerUser: 1, minUsersPerItem: 1 },
      minUsersForCf: 1,
    },
  );
  return {
    groupModel: fitted,
    info: { version: 'test-1', algorithm: 'item-knn', trainedAt: '2026-11-25T00:00:00.000Z' },
  };
}
