import { isCoplayError } from '../errors.ts';
import { loadModelVersion } from '../pipeline/load-model.ts';
import type { ArtifactFiles } from '../store/artifact-files.ts';
import type { Store } from '../store/store.ts';
import type { ModelRegistry, ServedModel } from './model-registry.ts';

/** A running poller; check() runs one poll now (tests, or right after a publish in this process). */
export interface LiveModelPoller {
  check(): Promise<boolean>;
  stop(): void;
}

/**
 * Keeps a server on the live version: every `intervalMs` it reads the live pointer and, when it names
 * another version, loads that artifact fully and only then swaps it into the registry. Requests in flight
 * finish on the model they took; later ones get the new one, so none is dropped. A failed load is
 * reported while the current model keeps serving, and retried on the next poll, except a corrupt artifact:
 * artifacts are immutable, so that version is refused (see ModelRegistry.refused) until the pointer moves.
 */
export function startLiveModelPoller(options: {
  store: Store;
  artifacts: ArtifactFiles;
  models: ModelRegistry;
  intervalMs: number;
  /** Loads a version for serving; default: into this thread (loadModelVersion). EngineThreads.load instead
   * loads it on the engine threads. */
  load?: (version: string) => Promise<ServedModel>;
  onSwap?: (version: string, previous: string | undefined) => void;
  onError?: (error: unknown) => void;
}): LiveModelPoller {
  const { store, artifacts, models, intervalMs } = options;
  let polling: Promise<boolean> | undefined;
  const poll = async (): Promise<boolean> => {
    const live = await store.modelVersions.getLive();
    const previous = models.info?.version;
    if (models.refused !== undefined && models.refused.version !== live?.version) models.clearRefused();
    if (!live || live.version === previous || live.version === models.refused?.version) return false;
    try {
      const loaded = await (options.load
        ? options.load(live.version)
        : loadModelVersion(store, artifacts, live.version));
      models.swap(loaded);
    } catch (error) {
      if (isCoplayError(error) && error.code === 'ARTIFACT_CORRUPT')
        models.refuse(live.version, error.message);
      throw error;
    }
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
