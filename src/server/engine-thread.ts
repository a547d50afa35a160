import { parentPort, workerData } from 'node:worker_threads';
import { recommendGroup, type GroupModel } from '../group/recommend-group.ts';
import { loadModelVersion } from '../pipeline/load-model.ts';
import { ArtifactFiles } from '../store/artifact-files.ts';
import { openStore } from '../store/open-store.ts';
import type { ModelInfo } from './model-registry.ts';
import {
  toThreadError,
  type EngineReply,
  type EngineRequest,
  type EngineThreadData,
} from './engine-threads.ts';

// The entry of one engine thread (see EngineThreads): holds model versions and answers group queries.
const data = workerData as EngineThreadData;
const port = parentPort;
if (!port) throw new Error('engine-thread.ts runs as a worker thread of EngineThreads');
const models = new Map<string, GroupModel>();
const loading = new Map<string, Promise<ModelInfo>>();

const reply = (message: EngineReply): void => port.postMessage(message);

// The store is opened for a load and closed after it: a thread needs no connection between loads.
async function load(version: string): Promise<ModelInfo> {
  const store = await openStore(data.databaseUrl);
  try {
    const loaded = await loadModelVersion(store, new ArtifactFiles(data.artifactDir), version);
    models.set(version, loaded.groupModel);
    return loaded.info;
  } finally {
    await store.close();
  }
}

port.on('message', (request: EngineRequest) => {
  switch (request.type) {
    case 'recommend': {
      const model = models.get(request.version);
      if (!model) {
        reply({
          id: request.id,
          ok: false,
          error: {
            code: 'MODEL_NOT_READY',
            message: `model ${request.version} is not loaded on this engine thread`,
          },
        });
        return;
      }
      try {
        reply({ id: request.id, ok: true, result: recommendGroup(model, request.query) });
      } catch (error) {
        reply({ id: request.id, ok: false, error: toThreadError(error) });
      }
      return;
    }
    case 'load': {
      // Two loads of one version (a reload after a thread was replaced) share the work.
      let pending = loading.get(request.version);
      if (!pending) {
        pending = load(request.version);
        loading.set(request.version, pending);
        const forget = (): void => void loading.delete(request.version);
        pending.then(forget, forget);
      }
      pending.then(
        (info) => reply({ id: request.id, ok: true, info }),
        (error: unknown) => reply({ id: request.id, ok: false, error: toThreadError(error) }),
      );
      return;
    }
    case 'drop':
      models.delete(request.version);
      return;
  }
});
