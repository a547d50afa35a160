import { CoplayError } from '../errors.ts';
import { PIPELINE_DAG, PIPELINE_TASKS, type PipelineTaskName, type TaskOutput } from './pipeline-dag.ts';
import { executeTask, storedOutput } from './execute-task.ts';
import type { PipelineDependencies } from './run-pipeline.ts';

/** What a queue worker does next after one task. */
export interface TaskStep {
  /** The task to enqueue next, or undefined when the run is over. */
  next: PipelineTaskName | undefined;
  /** False when the task had already succeeded (a redelivered job) and was not run again. */
  ran: boolean;
}

/**
 * Runs one task of an existing run, for queue workers: inputs are the run's earlier outputs, the task row
 * records the attempt, and a task that already succeeded is not run again, so a redelivered job (a worker
 * killed after the work but before acknowledging it) cannot publish twice. A failure is recorded, fails the
 * run, and is rethrown so the queue retries it (a retry sets the run running again).
 */
export async function runPipelineTask(
  deps: PipelineDependencies,
  runId: number,
  name: PipelineTaskName,
  onTaskStart?: (task: PipelineTaskName, attempt: number) => Promise<void>,
): Promise<TaskStep> {
  const runs = deps.store.pipelineRuns;
  const run = await runs.getRun(runId);
  if (!run) throw new CoplayError('NOT_FOUND', `no pipeline run ${runId}`);
  const index = PIPELINE_TASKS.indexOf(name);
  const definition = PIPELINE_DAG[index];
  if (!definition) throw new CoplayError('INVALID_INPUT', `unknown pipeline task ${name}`);
  const row = run.tasks.find((t) => t.task === name);
  const following = PIPELINE_TASKS[index + 1];
  if (row?.status === 'succeeded') {
    const stopped = row.metrics?.stop === true;
    return { next: stopped ? undefined : following, ran: false };
  }
  const inputs: Partial<Record<PipelineTaskName, TaskOutput>> = {};
  for (const task of run.tasks) {
    const output = storedOutput(task.metrics);
    if (task.status === 'succeeded' && output !== undefined) inputs[task.task as PipelineTaskName] = output;
  }
  await runs.updateRun(runId, { status: 'running', finishedAt: null });
  try {
    const result = await executeTask(
      { ...deps, runId, inputs },
      {
        ...definition,
        run: async (context) => {
          await onTaskStart?.(name, (row?.attempt ?? 0) + 1);
          return definition.run(context);
        },
      },
      (row?.attempt ?? 0) + 1,
    );
    const next = result.stop ? undefined : following;
    if (next === undefined) {
      for (const later of PIPELINE_TASKS.slice(index + 1))
        await runs.updateTask(runId, later, { status: 'skipped' });
      await runs.updateRun(runId, { status: 'succeeded', finishedAt: new Date() });
    }
    return { next, ran: true };
  } catch (error) {
    await runs.updateRun(runId, { status: 'failed', finishedAt: new Date() });
    throw error;
  }
}
