import { parentPort } from 'node:worker_threads';
import { rankGroup, type RankModel } from '../group/rank-group.ts';
import { STRATEGIES } from '../group/strategies.ts';
import { modelFromParts } from '../model/model-from-parts.ts';
import { PASSING_KEPT, toThreadError, type EngineReply, type EngineRequest } from './engine-threads.ts';

// The entry of one engine thread (see EngineThreads): holds the numeric models of the versions in use and
// ranks groups with them. It imports no store, catalog or HTTP code, so a thread stays small.
const port = parentPort;
if (!port) throw new Error('engine-thread.ts runs as a worker thread of EngineThreads');
const models = new Map<string, RankModel>();
// Passing pool positions by the id the main thread gave them; a new filter set arrives with its array once.
const passing = new Map<number, Int32Array>();

const reply = (message: EngineReply): void => port.postMessage(message);

port.on('message', (request: EngineRequest) => {
  switch (request.type) {
    case 'rank': {
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
        if (request.passing) {
          if (passing.size >= PASSING_KEPT) passing.clear();
          passing.set(request.passingId, request.passing);
        }
        const kept = passing.get(request.passingId);
        if (!kept) throw new Error(`engine thread has no passing positions ${request.passingId}`);
        const ranked = rankGroup(model, {
          rows: request.rows,
          passing: kept,
          ownership: request.ownership,
          strategy: STRATEGIES[request.strategy],
          limit: request.limit,
          explain: request.explain,
        });
        reply({ id: request.id, ok: true, ranked });
      } catch (error) {
        reply({ id: request.id, ok: false, error: toThreadError(error) });
      }
      return;
    }
    case 'load':
      try {
        models.set(request.version, { model: modelFromParts(request.parts), pool: request.pool });
        reply({ id: request.id, ok: true });
      } catch (error) {
        reply({ id: request.id, ok: false, error: toThreadError(error) });
      }
      return;
    case 'drop':
      models.delete(request.version);
      return;
  }
});
