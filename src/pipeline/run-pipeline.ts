import { hostname } from 'node:os';
import { CoplayError } from '../errors.ts';
import type { SteamClient } from '../steam/steam-client.ts';
import type { ArtifactFiles } from '../store/artifact-files.ts';
import type { PipelineRun } from '../store/pipeline-runs.repository.ts';
import type { Store } from '../store/store.ts';
import type { DatasetPaths } from './import-datasets.ts';
import {
  checkDag,
  PIPELINE_DAG,
  PIPELINE_TASKS,
  type PipelineSettings,
  type PipelineTaskName,
  type TaskOutput,
} from './pipeline-dag.ts';
import { executeTask, storedOutput } from './execute-task.ts';
import { acquirePipelineLock } from './pipeline-lock.ts';

/** What a run needs besides its options. */
export interface PipelineDependencies {
  store: Store;
  artifacts: ArtifactFiles;
  settings: PipelineSettings;
  datasetPaths?: DatasetPaths;
  steam?: SteamClient;
}

/** One task's end, as the CLI prints it. */
export interface TaskEvent {
  runId: number;
  task: PipelineTaskName;
  status: 'succeeded' | 'failed' | 'skipped' | 'cancelled';
  /** The outcome line, the error, or why it was skipped. */
  message: string;
  seconds: number;
}

export interface RunPipelineOptions {
  /** Start at this task, reusing earlier tasks' outputs from the newest run where they succeeded. */
  from?: PipelineTaskName;
  /** Run this task alone, reusing its inputs the same way. */
  only?: PipelineTaskName;
  /** Who started it: cli, schedule, admin… */
  trigger?: string;
  /** Resume the newest run when it failed, from its failed task (default true; ignored with from/only). */
  resume?: boolean;
  onTask?: (event: TaskEvent) => void;
  /** Checked between tasks: once aborted, the run stops as cancelled (resumable) after the current task. */
  signal?: AbortSignal;
}

checkDag(PIPELINE_DAG);

/** The newest output of each task among earlier runs where it succeeded (or was reused). */
async function latestOutputs(
  deps: PipelineDependencies,
): Promise<Map<PipelineTaskName, { runId: number; output: TaskOutput }>> {
  const found = new Map<PipelineTaskName, { runId: number; output: TaskOutput }>();
  for (const run of await deps.store.pipelineRuns.listRuns(100)) {
    for (const task of run.tasks) {
      const name = task.task as PipelineTaskName;
      const output = storedOutput(task.metrics);
      if (found.has(name) || output === undefined) continue;
      if (
        task.status === 'succeeded' ||
        (task.status === 'skipped' && task.metrics?.reusedFromRun !== undefined)
      )
        found.set(name, { runId: run.id, output });
    }
  }
  return found;
}

/**
 * Runs the DAG under the one-run lock and records every task (status, attempt, times, log tail, outputs as
 * metrics). With no options, a failed newest run is resumed from its failed task; otherwise a new run
 * starts. A failed task fails the run (returned, not thrown); the gate may stop it early with success.
 */
export async function runPipeline(
  deps: PipelineDependencies,
  options: RunPipelineOptions = {},
): Promise<PipelineRun> {
  const { store } = deps;
  const runs = store.pipelineRuns;
  const lock = await acquirePipelineLock(store, `${hostname()}:${process.pid}`);
  try {
    const inputs: Partial<Record<PipelineTaskName, TaskOutput>> = {};
    let runId: number;
    let start: number;
    let end = PIPELINE_TASKS.length;
    await failAbandonedRuns(store);
    const newest = (await runs.listRuns(1))[0];
    if (
      options.from === undefined &&
      options.only === undefined &&
      options.resume !== false &&
      (newest?.status === 'failed' || newest?.status === 'cancelled')
    ) {
      runId = newest.id;
      start = PIPELINE_TASKS.findIndex(
        (name) => newest.tasks.find((t) => t.task === name)?.status !== 'succeeded',
      );
      for (const task of newest.tasks) {
        const output = storedOutput(task.metrics);
        if (output !== undefined && task.status !== 'failed') inputs[task.task as PipelineTaskName] = output;
      }
      await runs.updateRun(runId, { status: 'running', finishedAt: null });
    } else {
      const first = options.only ?? options.from ?? 'ingest';
      start = PIPELINE_TASKS.indexOf(first);
      if (options.only !== undefined) end = start + 1;
      // Earlier outputs are found before the run is created, so a refused start leaves no run behind.
      const reused: { name: PipelineTaskName; runId: number; output: TaskOutput }[] = [];
      if (start > 0 || options.only !== undefined) {
        const previous = await latestOutputs(deps);
        const needed = new Set(PIPELINE_DAG.slice(start, end).flatMap((t) => t.needs));
        for (const name of PIPELINE_TASKS.slice(0, start)) {
          const found = previous.get(name);
          if (found !== undefined) reused.push({ name, ...found });
          else if (needed.has(name))
            throw new CoplayError(
              'NOT_FOUND',
              `no earlier run has a successful ${name} task to start from ${first}`,
            );
        }
      }
      runId = await runs.createRun({ trigger: options.trigger ?? 'cli', tasks: PIPELINE_TASKS });
      for (const { name, runId: from, output } of reused) {
        inputs[name] = output;
        await runs.updateTask(runId, name, {
          status: 'skipped',
          metrics: { ...output, outcome: `reused from run ${from}`, reusedFromRun: from },
        });
        if (name === 'ingest' && typeof output.snapshotId === 'string')
          await runs.updateRun(runId, { snapshotId: output.snapshotId });
      }
      for (const name of PIPELINE_TASKS.slice(0, start))
        if (!reused.some((r) => r.name === name)) await runs.updateTask(runId, name, { status: 'skipped' });
    }
    const attempts = new Map((await runs.getRun(runId))?.tasks.map((t) => [t.task, t.attempt]) ?? []);
    let status: 'succeeded' | 'failed' | 'cancelled' = 'succeeded';
    let stopped = false;
    for (let index = start; index < PIPELINE_TASKS.length; index++) {
      const definition = PIPELINE_DAG[index];
      if (definition === undefined) break;
      const name = definition.name;
      if (index >= end || stopped) {
        await runs.updateTask(runId, name, { status: 'skipped' });
        options.onTask?.({
          runId,
          task: name,
          status: 'skipped',
          message: stopped ? 'the gate stopped the run' : 'not asked for',
          seconds: 0,
        });
        continue;
      }
      if (options.signal?.aborted) {
        status = 'cancelled';
        break;
      }
      const startedAt = Date.now();
      const seconds = () => (Date.now() - startedAt) / 1000;
      try {
        const result = await executeTask(
          { ...deps, runId, inputs },
          definition,
          (attempts.get(name) ?? 0) + 1,
        );
        inputs[name] = result.output;
        stopped = result.stop === true;
        options.onTask?.({
          runId,
          task: name,
          status: 'succeeded',
          message: result.outcome,
          seconds: seconds(),
        });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        options.onTask?.({ runId, task: name, status: 'failed', message, seconds: seconds() });
        status = 'failed';
        break;
      }
    }
    await runs.updateRun(runId, { status, finishedAt: new Date() });
    return (await runs.getRun(runId)) as PipelineRun;
  } finally {
    await lock.release();
  }
}

/**
 * Runs still marked running while we hold the lock belong to a process that died mid-run: their running
 * task and the run become failed, so the next plain run resumes them.
 */
async function failAbandonedRuns(store: Store): Promise<void> {
  for (const run of await store.pipelineRuns.listRuns(20)) {
    if (run.status !== 'running') continue;
    for (const task of run.tasks)
      if (task.status === 'running')
        await store.pipelineRuns.updateTask(run.id, task.task, {
          status: 'failed',
          finishedAt: new Date(),
          error: 'abandoned: the process running it stopped',
        });
    await store.pipelineRuns.updateRun(run.id, { status: 'failed', finishedAt: new Date() });
  }
}
