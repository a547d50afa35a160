import type { PipelineTaskDefinition, TaskContext, TaskResult } from './pipeline-dag.ts';

/** Metrics keys the runner adds beside a task's output; stripped when the output is read back. */
const RUNNER_KEYS = new Set(['outcome', 'reusedFromRun', 'stop']);

/** A task's output as stored in its metrics, without the runner's own keys; undefined when none was stored. */
export function storedOutput(metrics: Record<string, unknown> | null): Record<string, unknown> | undefined {
  if (metrics === null) return undefined;
  return Object.fromEntries(Object.entries(metrics).filter(([key]) => !RUNNER_KEYS.has(key)));
}

/** A task row's end once its work succeeded: its log tail and its output, with `outcome` (and `stop`). */
export function succeededTask(result: TaskResult, lines: readonly string[]) {
  return {
    status: 'succeeded' as const,
    finishedAt: new Date(),
    logTail: lines.join('\n'),
    metrics: { ...result.output, outcome: result.outcome, ...(result.stop ? { stop: true } : {}) },
  };
}

/** A task row's end once its work threw: its log tail and the error's message. */
export function failedTask(error: unknown, lines: readonly string[]) {
  return {
    status: 'failed' as const,
    finishedAt: new Date(),
    logTail: lines.join('\n'),
    error: error instanceof Error ? error.message : String(error),
  };
}

/**
 * Runs one task and records it on its run: running with the attempt and start time, then succeeded with its
 * log tail and output (plus `outcome`, and `stop` when the gate stopped the run), or failed with the error
 * (rethrown). The in-process runner records tasks this way; queue workers (runPipelineTask) claim the task row
 * by its attempt instead, because two copies of one job can run there.
 */
export async function executeTask(
  context: Omit<TaskContext, 'log'>,
  definition: PipelineTaskDefinition,
  attempt: number,
): Promise<TaskResult> {
  const runs = context.store.pipelineRuns;
  const name = definition.name;
  const lines: string[] = [];
  await runs.updateTask(context.runId, name, {
    status: 'running',
    attempt,
    startedAt: new Date(),
    finishedAt: null,
    error: null,
  });
  try {
    const result = await definition.run({ ...context, log: (line) => lines.push(line) });
    await runs.updateTask(context.runId, name, succeededTask(result, lines));
    return result;
  } catch (error) {
    await runs.updateTask(context.runId, name, failedTask(error, lines));
    throw error;
  }
}
