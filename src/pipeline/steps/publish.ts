import { CoplayError } from '../../errors.ts';
import type { TaskContext, TaskResult } from '../pipeline-dag.ts';

/**
 * Moves the live pointer to the candidate in one transaction (setLive also retires the previous version),
 * then drops the artifacts of versions beyond the newest PIPELINE_KEEP_VERSIONS (never the live one).
 * Idempotent: publishing the live version again changes nothing, and pruning twice prunes nothing more.
 */
export async function publish(context: TaskContext): Promise<TaskResult> {
  const { store, artifacts, settings } = context;
  const version = context.inputs.train?.version;
  if (typeof version !== 'string')
    throw new CoplayError('NOT_FOUND', 'publish needs the version train registered');
  if (context.inputs.gate?.pass !== true)
    throw new CoplayError('INVALID_INPUT', `the gate did not pass ${version}`);
  const previous = await store.modelVersions.setLive(version);
  const pruned = await store.modelVersions.pruneArtifacts(settings.keepVersions);
  for (const { version: old, artifactPath } of pruned) if (artifactPath !== null) await artifacts.remove(old);
  const prunedText = pruned.length === 0 ? '' : `; pruned ${pruned.length} old artifacts`;
  return {
    outcome: `live ${version} (was ${previous ?? 'none'})${prunedText}`,
    output: { version, previous: previous ?? null, pruned: pruned.map((p) => p.version) },
  };
}
