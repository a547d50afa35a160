import { CoplayError } from '../errors.ts';
import { PIPELINE_DAG, PIPELINE_TASKS, type PipelineTaskName, type TaskOutput } from './pipeline-dag.ts';
import { failedTask, storedOutput, succeededTask } from './execute-task.ts';
import type { PipelineDependencies } from './run-pipeline.ts';

/** What a queue worker does next after one task. */
export interface TaskStep {
  /** The task to enqueue next, or undefined when there is nothing for this job to send. */
  next: PipelineTaskName | undefined;
  /** False when the task was not run by this call (already succeeded, claimed elsewhere, run not running). */
  ran: boolean;
  /** When the run started: with its id, it names the run's task jobs (see PgBossPipelineQueue). */
  runStartedAt: Date;
}

/** How a queue calls runPipelineTask. */
export interface RunPipelineTaskOptions {
  /**
   * Whether the queue will not retry this job if it fails (default true): only then does a failure fail the
   * run. Until then the run is still going, retrying, and no other run may start.
   */
  lastAttempt?: boolean;
  /** Called once the task is claimed, before its work (logging; tests use it to stall or kill a worker). */
  onTaskStart?: (task: PipelineTaskName, attempt: number) => Promise<void>;
  /** Why a job did nothing, or why its results were dropped. */
  log?: (line: string) => void;
}

/**
 * Runs one task of an existing run, for queue workers. Inputs are the run's earlier outputs. The task row is
 * claimed by compare-and-set on its attempt and its end written only while that attempt is still current,
 * so of two copies of one job (a worker that outlived the job's expiry, and the retry pg-boss gave another
 * worker) only the newer one's results count; the older one's are dropped and it sends nothing. A task that
 * already succeeded is not run again, so a redelivered job cannot publish twice, and a task of a run that is
 * no longer running (failed after its last retry, or found abandoned) is not run at all. A failure is
 * recorded on the task and rethrown so the queue retries it; the run fails only on the last attempt.
 */
export async function runPipelineTask(
  deps: PipelineDependencies,
  runId: number,
  name: PipelineTaskName,
  options: RunPipelineTaskOptions = {},
): Promise<TaskStep> {
  const runs = deps.store.pipelineRuns;
  const run = await runs.getRun(runId);
  if (!run) throw new CoplayError('NOT_FOUND', `no pipeline run ${runId}`);
  const index = PIPELINE_TASKS.indexOf(name);
  const definition = PIPELINE_DAG[index];
  if (!definition) throw new CoplayError('INVALID_INPUT', `unknown pipeline task ${name}`);
  const following = PIPELINE_TASKS[index + 1];
  const step = (next: PipelineTaskName | undefined, ran: boolean): TaskStep => ({
    next,
    ran,
    runStartedAt: run.startedAt,
  });
  if (run.status !== 'running') {
    options.log?.(`task ${name} of run ${runId} not run: the run is ${run.status}`);
    return step(undefined, false);
  }
  const row = run.tasks.find((t) => t.task === name);
  if (!row) throw new CoplayError('NOT_FOUND', `pipeline run ${runId} has no task ${name}`);
  if (row.status === 'succeeded') return step(row.metrics?.stop === true ? undefined : following, false);
  const attempt = row.attempt + 1;
  if (!(await runs.claimTask(runId, name, attempt))) {
    options.log?.(`task ${name} of run ${runId} not run: another worker claimed attempt ${attempt}`);
    return step(undefined, false);
  }
  const inputs: Partial<Record<PipelineTaskName, TaskOutput>> = {};
  for (const task of run.tasks) {
    const output = storedOutput(task.metrics);
    if (task.status === 'succeeded' && output !== undefined) inputs[task.task as PipelineTaskName] = output;
  }
  const lines: string[] = [];
  const overtaken = (): TaskStep => {
    options.log?.(
      `task ${name} of run ${runId}: attempt ${attempt} finished after a newer attempt took over or the run was given up; its results are dropped`,
    );
    return step(undefined, false);
  };
  let result;
  try {
    await options.onTaskStart?.(name, attempt);
    result = await definition.run({ ...deps, runId, inputs, log: (line) => lines.push(line) });
  } catch (error) {
    const recorded = await runs.finishClaimedTask(runId, name, attempt, failedTask(error, lines));
    if (!recorded) return overtaken();
    if (options.lastAttempt !== false) await runs.finishRunningRun(runId, { status: 'failed' });
    throw error;
  }
  const recorded = await runs.finishClaimedTask(runId, name, attempt, succeededTask(result, lines));
  if (!recorded) return overtaken();
  const next = result.stop ? undefined : following;
  if (next === undefined) {
    for (const later of PIPELINE_TASKS.slice(index + 1))
      await runs.updateTask(runId, later, { status: 'skipped' });
    await runs.finishRunningRun(runId, { status: 'succeeded' });
  }
  return step(next, true);
}
