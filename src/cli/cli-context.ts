import { loadConfig, type Config } from '../config.ts';
import { CoplayError } from '../errors.ts';
import { loadTrainingData, type TrainingData } from '../pipeline/training-data.ts';
import { openStore } from '../store/open-store.ts';
import type { Store } from '../store/store.ts';

let config: Config | undefined;

/** The configuration, read from the environment once per process. */
export function cliConfig(): Config {
  config ??= loadConfig(process.env);
  return config;
}

/** Opens the configured store (migrated), runs fn with it, and always closes it. */
export async function withStore<T>(fn: (store: Store, config: Config) => Promise<T>): Promise<T> {
  const cfg = cliConfig();
  const store = await openStore(cfg.DATABASE_URL);
  try {
    return await fn(store, cfg);
  } finally {
    await store.close();
  }
}

/** The stored training data (catalog and libraries); NOT_ENOUGH_DATA when nothing was imported yet. */
export async function storedTrainingData(): Promise<TrainingData> {
  const data = await withStore((store) => loadTrainingData(store));
  if (data.libraries.size === 0) {
    throw new CoplayError('NOT_ENOUGH_DATA', 'no player libraries in the store; run "coplay import" first');
  }
  return data;
}
