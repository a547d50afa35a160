import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.ts';
import { livePipelineLock } from '../pipeline/pipeline-lock.ts';
import { InProcessPipelineQueue } from '../pipeline/queue/in-process-queue.ts';
import { PgBossPipelineQueue } from '../pipeline/queue/pg-boss-queue.ts';
import { startLiveModelPoller } from '../server/live-model-poller.ts';
import type { ModelRegistry, ServedModel } from '../server/model-registry.ts';
import type { PipelineStarter, StartRunResult } from '../server/pipeline-starter.ts';
import { ArtifactFiles } from '../store/artifact-files.ts';
import type { RateLimiter } from '../steam/rate-limiter.ts';
import type { Store } from '../store/store.ts';
import { pipelineDependencies } from './commands/pipeline.ts';

/** What `coplay start` runs beside the API; await stop() before closing the store. */
export interface BackgroundJobs {
  /** Starts a run on request (the admin route): in this process, or through pg-boss in distributed mode. */
  pipeline: PipelineStarter;
  /** Stops the schedule and the poller; a run in progress stops after its current task (resumable). */
  stop(): Promise<void>;
}

/**
 * The distributed mode's check: busy while a recorded run is still going, including one whose failed task
 * waits for its retry (a run its workers abandoned is failed by the next start job, see PgBossPipelineQueue).
 */
async function busyInStore(store: Store): Promise<StartRunResult | undefined> {
  const running = await store.pipelineRuns.runningRun();
  return running
    ? { queued: false, reason: `pipeline run ${running.id} is still going; wait for it to finish` }
    : undefined;
}

/**
 * Every server polls the live pointer and hot-swaps a newly published version every MODEL_POLL_INTERVAL_MS.
 * In the embedded mode (default) the server also runs the pipeline on PIPELINE_CRON, one run at a time; in
 * the distributed mode `coplay worker` processes do that instead, and a requested run is a pg-boss job.
 */
export async function startBackgroundJobs(
  store: Store,
  config: Config,
  models: ModelRegistry,
  log: FastifyBaseLogger,
  options: {
    /** How the poller loads a newly published version (default: on this thread). */
    load?: (version: string) => Promise<ServedModel>;
    /** The process's Steam rate limiter, which the embedded pipeline's Steam calls share with the server's. */
    steamLimiter?: RateLimiter;
  } = {},
): Promise<BackgroundJobs> {
  const { load, steamLimiter } = options;
  const poller = startLiveModelPoller({
    store,
    artifacts: new ArtifactFiles(config.ARTIFACT_DIR),
    models,
    intervalMs: config.MODEL_POLL_INTERVAL_MS,
    ...(load ? { load } : {}),
    onSwap: (version, previous) => log.info({ version, previous }, 'now serving a newly published model'),
    onError: (error) =>
      log.error({ err: error }, 'could not load the live model; still serving the previous one'),
  });
  if (config.PIPELINE_MODE === 'distributed') {
    log.info('pipeline runs on coplay worker processes (PIPELINE_MODE=distributed)');
    // Connected on the first request only: most servers never start a run. A failed connection closes its
    // own pool and is forgotten, so the next request tries a fresh pg-boss (a failed one cannot restart).
    let boss: Promise<PgBossPipelineQueue> | undefined;
    const connect = async (): Promise<PgBossPipelineQueue> =>
      PgBossPipelineQueue.connect(
        pipelineDependencies(store, config, steamLimiter),
        {
          connectionString: config.DATABASE_URL,
          onError: (error) => log.error({ err: error }, 'pipeline queue error'),
        },
        { retries: 0, minTimeoutMs: 0 },
      );
    return {
      pipeline: {
        async requestRun(trigger) {
          const busy = await busyInStore(store);
          if (busy) return busy;
          boss ??= connect().catch((error: unknown) => {
            boss = undefined;
            throw error;
          });
          await (await boss).requestRun(trigger);
          return { queued: true };
        },
      },
      stop: async () => {
        poller.stop();
        await (await boss?.catch(() => undefined))?.stop();
      },
    };
  }
  const queue = new InProcessPipelineQueue(pipelineDependencies(store, config, steamLimiter), {
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
    pipeline: {
      async requestRun(trigger) {
        if (queue.running)
          return { queued: false, reason: 'a pipeline run is already going in this server; wait for it' };
        // The lock, not the run rows: a run row left running by a process that lost the database as the run
        // ended would refuse every request until the next scheduled run cleared it.
        const held = await livePipelineLock(store);
        if (held)
          return {
            queued: false,
            reason: `a pipeline run is already going (${held.holder}, since ${held.since.toISOString()}); wait for it to finish`,
          };
        // Checked again: another request may have started a run while the lock was read.
        if (queue.running)
          return { queued: false, reason: 'a pipeline run is already going in this server; wait for it' };
        await queue.requestRun(trigger);
        return { queued: true };
      },
    },
    stop: async () => {
      poller.stop();
      await queue.stop();
    },
  };
}
