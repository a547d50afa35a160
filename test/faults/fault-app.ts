import { ModelRegistry } from '../../src/server/model-registry.ts';
import type { Store } from '../../src/store/store.ts';
import { seedDatasetUsers } from '../fixtures/seed-dataset-users.ts';
import { TEST_GAMES, testLibraries, testServedModel } from '../server/test-app.ts';

/** The small catalog and dataset players of test/server/test-app.ts, written into `store`. */
export async function seedServerData(store: Store): Promise<void> {
  await store.games.upsertMany(TEST_GAMES);
  await seedDatasetUsers(store, testLibraries());
}

/** A registry serving a small item-kNN model of that data, as version "test-1". */
export async function servingModels(): Promise<ModelRegistry> {
  return new ModelRegistry(await testServedModel());
}
