import { CoplayError } from '../../errors.ts';
import type { TaskContext, TaskResult } from '../pipeline-dag.ts';

/**
 * Moves the live pointer to the candidate in one transaction (setLive also retires the previous version),
 * then drops the artifacts of versions beyond the newest PIPELINE_KEEP_VERSIONS (never the live one, nor the
 * newest that were ever live: see pruneArtifacts).
 * Idempotent: publishing the live version again changes nothing, and pruning twice prunes nothing more.
 * Only the version the gate judged goes live: if train's recorded version is another one (train ran again
 * after evaluate, or the gate's output predates its `version`), publish fails and the live model stays. So
 * does a publish whose run is no longer running.
 */
export async function publish(context: TaskContext): Promise<TaskResult> {
  const { store, artifacts, settings } = context;
  const version = context.inputs.train?.version;
  if (typeof version !== 'string')
    throw new CoplayError('NOT_FOUND', 'publish needs the version train registered');
  const gate = context.inputs.gate;
  if (gate?.pass !== true) throw new CoplayError('INVALID_INPUT', `the gate did not pass ${version}`);
  if (gate.version !== version)
    throw new CoplayError(
      'INVALID_INPUT',
      typeof gate.version === 'string'
        ? `the gate judged ${gate.version}, but train registered ${version}: run the pipeline again from evaluate`
        : `the gate's result names no version, so it may not be ${version}: run the pipeline again from evaluate`,
    );
  // A copy of this task that stalled past its job's expiry may get here after its run ended and a newer
  // run published a newer model: only a run still going may move the pointer, checked under a lock.
  const previous = await store.transaction(async (tx) => {
    if (!(await tx.pipelineRuns.lockIfRunning(context.runId)))
      throw new CoplayError(
        'INVALID_INPUT',
        `pipeline run ${context.runId} is no longer running, so it publishes nothing (a late copy of its publish task)`,
      );
    return tx.modelVersions.setLive(version);
  });
  const pruned = await store.modelVersions.pruneArtifacts(settings.keepVersions);
  for (const { version: old, artifactPath } of pruned) if (artifactPath !== null) await artifacts.remove(old);
  const prunedText = pruned.length === 0 ? '' : `; pruned ${pruned.length} old artifacts`;
  return {
    outcome: `live ${version} (was ${previous ?? 'none'})${prunedText}`,
    output: { version, previous: previous ?? null, pruned: pruned.map((p) => p.version) },
  };
}
