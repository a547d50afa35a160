import { loadModelVersion } from '../pipeline/load-model.ts';
import type { ArtifactFiles } from '../store/artifact-files.ts';
import type { Store } from '../store/store.ts';
import type { ModelRegistry } from './model-registry.ts';

/** A running poller; check() runs one poll now (tests, or right after a publish in this process). */
export interface LiveModelPoller {
  check(): Promise<boolean>;
  stop(): void;
}

/**
 * Keeps a server on the live version: every `intervalMs` it reads the live pointer and, when it names
 * another version, loads that artifact fully and only then swaps it into the registry. Requests in flight
 * finish on the model they took; later ones get the new one, so none is dropped. A failed load is
 * reported and retried on the next poll while the current model keeps serving.
 */
export function startLiveModelPoller(options: {
  store: Store;
  artifacts: ArtifactFiles;
  models: ModelRegistry;
  intervalMs: number;
  onSwap?: (version: string, previous: string | undefined) => void;
  onError?: (error: unknown) => void;
}): LiveModelPoller {
  const { store, artifacts, models, intervalMs } = options;
  let polling: Promise<boolean> | undefined;
  const poll = async (): Promise<boolean> => {
    const live = await store.modelVersions.getLive();
    const previous = models.info?.version;
    if (!live || live.version === previous) return false;
    const loaded = await loadModelVersion(store, artifacts, live.version);
    models.swap(loaded);
    options.onSwap?.(live.version, previous);
    return true;
  };
  // One poll at a time: a slow artifact load must not start a second load of the same version.
  const check = (): Promise<boolean> => {
    polling ??= poll().finally(() => {
      polling = undefined;
    });
    return polling;
  };
  const timer = setInterval(() => {
    check().catch((error: unknown) => options.onError?.(error));
  }, intervalMs);
  timer.unref();
  return { check, stop: () => clearInterval(timer) };
}
