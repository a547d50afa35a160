import type { TaskContext, TaskResult } from '../pipeline-dag.ts';
import { trainModel } from '../train-model.ts';

/**
 * Trains the tuned default model on dataset interactions, stored Steam libraries and feedback, and registers
 * it as a candidate version (never live: only publish moves the pointer). Re-running it registers a fresh
 * candidate; an abandoned one stays a candidate and is pruned like any old version.
 */
export async function train(context: TaskContext): Promise<TaskResult> {
  const { store, artifacts, settings } = context;
  const outcome = await trainModel(store, artifacts, settings.model, {
    publish: false,
    storeArtifactInDatabase: store.dialect === 'postgres',
  });
  const output = {
    version: outcome.version,
    algorithm: outcome.algorithm,
    dataSnapshotId: outcome.dataSnapshotId,
    users: outcome.users,
    items: outcome.items,
    nnz: outcome.nnz,
    fitSeconds: outcome.fitSeconds,
  };
  return {
    outcome: `candidate ${outcome.version} (${outcome.algorithm}, ${outcome.users} users × ${outcome.items} games, fit ${outcome.fitSeconds.toFixed(1)} s)`,
    output,
  };
}
