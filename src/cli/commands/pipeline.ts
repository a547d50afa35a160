import type { Command } from 'commander';
import type { Config } from '../../config.ts';
import { CoplayError } from '../../errors.ts';
import { DEFAULT_MODEL_CONFIG } from '../../model/trainers.ts';
import { bundledDatasetPaths } from '../../pipeline/import-datasets.ts';
import {
  isPipelineTask,
  PIPELINE_TASKS,
  pipelineSettings,
  type PipelineTaskName,
} from '../../pipeline/pipeline-dag.ts';
import { PgBossPipelineQueue } from '../../pipeline/queue/pg-boss-queue.ts';
import { runPipeline, type PipelineDependencies, type TaskEvent } from '../../pipeline/run-pipeline.ts';
import type { RateLimiter } from '../../steam/rate-limiter.ts';
import { ArtifactFiles } from '../../store/artifact-files.ts';
import type { PipelineRun, PipelineTask } from '../../store/pipeline-runs.repository.ts';
import type { Store } from '../../store/store.ts';
import { withStore } from '../cli-context.ts';
import { composeSteamClient } from '../compose-steam.ts';
import { runAction } from '../run-action.ts';

/**
 * The pipeline's dependencies for this configuration: bundled data files, the Steam client when keyed, on
 * `steamLimiter` when the process already has one (a server running the pipeline in the embedded mode).
 */
export function pipelineDependencies(
  store: Store,
  config: Config,
  steamLimiter?: RateLimiter,
): PipelineDependencies {
  const steam = composeSteamClient(config, store, {
    use: 'pipeline',
    ...(steamLimiter ? { limiter: steamLimiter } : {}),
  });
  return {
    store,
    artifacts: new ArtifactFiles(config.ARTIFACT_DIR),
    settings: pipelineSettings(config, DEFAULT_MODEL_CONFIG),
    datasetPaths: bundledDatasetPaths(config.DATA_DIR),
    ...(steam ? { steam } : {}),
  };
}

const seconds = (from: Date | null, to: Date | null): string =>
  from && to ? `${((to.getTime() - from.getTime()) / 1000).toFixed(1)} s` : '';

/** One line per task: name, status, duration, outcome or error. */
export function formatTask(task: PipelineTask): string {
  const text = task.error ?? (typeof task.metrics?.outcome === 'string' ? task.metrics.outcome : '');
  return `  ${task.task.padEnd(9)} ${task.status.padEnd(9)} ${seconds(task.startedAt, task.finishedAt).padStart(8)}  ${text.split('\n')[0]}`;
}

/** A run's header line and its tasks. */
export function formatRun(run: PipelineRun): string {
  const header = `run ${run.id} (${run.trigger}) ${run.status}, started ${run.startedAt.toISOString()}${run.finishedAt ? `, took ${seconds(run.startedAt, run.finishedAt)}` : ''}${run.snapshotId ? `, snapshot ${run.snapshotId}` : ''}`;
  return [header, ...run.tasks.map(formatTask)].join('\n');
}

function taskOption(value: string | undefined, flag: string): PipelineTaskName | undefined {
  if (value === undefined) return undefined;
  if (!isPipelineTask(value))
    throw new CoplayError(
      'INVALID_INPUT',
      `${flag}: unknown task "${value}"; choose one of ${PIPELINE_TASKS.join(', ')}`,
    );
  return value;
}

export function registerPipelineCommand(program: Command): void {
  const pipeline = program
    .command('pipeline')
    .description('The retraining pipeline: ingest → validate → train → evaluate → gate → publish');
  pipeline
    .command('run')
    .description('Run the pipeline now (a failed last run resumes from its failed task)')
    .option('--from <task>', `start at this task, reusing earlier outputs (${PIPELINE_TASKS.join(', ')})`)
    .option('--only <task>', 'run this task alone')
    .action(
      runAction(async (options: { from?: string; only?: string }) => {
        const from = taskOption(options.from, '--from');
        const only = taskOption(options.only, '--only');
        if (from && only) throw new CoplayError('INVALID_INPUT', 'give --from or --only, not both');
        await withStore(async (store, config) => {
          if (config.PIPELINE_MODE === 'distributed') {
            if (from || only)
              throw new CoplayError(
                'INVALID_INPUT',
                '--from and --only run in-process: use PIPELINE_MODE=embedded for them',
              );
            const queue = new PgBossPipelineQueue(pipelineDependencies(store, config), {
              connectionString: config.DATABASE_URL,
            });
            await queue.start();
            try {
              await queue.requestRun('cli');
            } finally {
              // Else its pool and timers would keep the command from exiting.
              await queue.stop();
            }
            process.stdout.write(
              'run requested: a coplay worker will start it (see "coplay pipeline status")\n',
            );
            return;
          }
          const print = (e: TaskEvent): void => {
            process.stdout.write(
              `  ${e.task.padEnd(9)} ${e.status.padEnd(9)} ${`${e.seconds.toFixed(1)} s`.padStart(8)}  ${e.message.split('\n')[0]}\n`,
            );
            if (e.status === 'failed' && e.message.includes('\n'))
              process.stdout.write(
                `${e.message
                  .split('\n')
                  .slice(1)
                  .map((l) => `      ${l}`)
                  .join('\n')}\n`,
              );
          };
          process.stdout.write('pipeline run\n');
          const run = await runPipeline(pipelineDependencies(store, config), {
            trigger: 'cli',
            ...(from ? { from } : {}),
            ...(only ? { only } : {}),
            onTask: print,
          });
          const live = await store.modelVersions.getLive();
          process.stdout.write(
            `run ${run.id} ${run.status} in ${seconds(run.startedAt, run.finishedAt)}; live model ${live?.version ?? 'none'}\n`,
          );
          if (run.status === 'failed') process.exitCode = 1;
        });
      }),
    );
  pipeline
    .command('status')
    .description('Show the latest run and the live model')
    .action(
      runAction(async () => {
        await withStore(async (store) => {
          const [run] = await store.pipelineRuns.listRuns(1);
          const live = await store.modelVersions.getLive();
          process.stdout.write(
            `${run ? formatRun(run) : 'no pipeline run yet'}\nlive model: ${live?.version ?? 'none'}\n`,
          );
        });
      }),
    );
  pipeline
    .command('history')
    .description('List recent runs with their tasks')
    .option('-n, --limit <n>', 'how many runs', '10')
    .action(
      runAction(async (options: { limit: string }) => {
        const limit = Number(options.limit);
        if (!Number.isInteger(limit) || limit < 1)
          throw new CoplayError('INVALID_INPUT', `--limit must be a positive integer, got ${options.limit}`);
        await withStore(async (store) => {
          const runs = await store.pipelineRuns.listRuns(limit);
          process.stdout.write(
            runs.length === 0 ? 'no pipeline run yet\n' : `${runs.map(formatRun).join('\n\n')}\n`,
          );
        });
      }),
    );
}
