import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.ts';
import { InProcessPipelineQueue } from '../pipeline/queue/in-process-queue.ts';
import { startLiveModelPoller } from '../server/live-model-poller.ts';
import type { ModelRegistry } from '../server/model-registry.ts';
import { ArtifactFiles } from '../store/artifact-files.ts';
import type { Store } from '../store/store.ts';
import { pipelineDependencies } from './commands/pipeline.ts';

/** What `coplay start` runs beside the API; await stop() before closing the store. */
export interface BackgroundJobs {
  /** Stops the schedule and the poller; a run in progress stops after its current task (resumable). */
  stop(): Promise<void>;
}

/**
 * Every server polls the live pointer and hot-swaps a newly published version every MODEL_POLL_INTERVAL_MS.
 * In the embedded mode (default) the server also runs the pipeline on PIPELINE_CRON, one run at a time; in
 * the distributed mode `coplay worker` processes do that instead.
 */
export async function startBackgroundJobs(
  store: Store,
  config: Config,
  models: ModelRegistry,
  log: FastifyBaseLogger,
): Promise<BackgroundJobs> {
  const poller = startLiveModelPoller({
    store,
    artifacts: new ArtifactFiles(config.ARTIFACT_DIR),
    models,
    intervalMs: config.MODEL_POLL_INTERVAL_MS,
    onSwap: (version, previous) => log.info({ version, previous }, 'now serving a newly published model'),
    onError: (error) =>
      log.error({ err: error }, 'could not load the live model; still serving the previous one'),
  });
  if (config.PIPELINE_MODE === 'distributed') {
    log.info('pipeline runs on coplay worker processes (PIPELINE_MODE=distributed)');
    return { stop: async () => poller.stop() };
  }
  const queue = new InProcessPipelineQueue(pipelineDependencies(store, config), {
    onTask: (e) =>
      log.info({ runId: e.runId, task: e.task, status: e.status, seconds: e.seconds }, e.message),
    onRunFinished: async (run) => {
      log.info({ runId: run.id, status: run.status }, 'pipeline run finished');
      await poller.check();
    },
    onError: (error) => log.error({ err: error }, 'scheduled pipeline run failed'),
    onSkipped: () => log.warn('pipeline run skipped: the previous run is still going'),
  });
  await queue.schedule(config.PIPELINE_CRON);
  log.info({ cron: config.PIPELINE_CRON, next: queue.nextRun()?.toISOString() ?? null }, 'pipeline schedule');
  return {
    stop: async () => {
      poller.stop();
      await queue.stop();
    },
  };
}
