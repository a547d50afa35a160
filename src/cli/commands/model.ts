import type { Command } from 'commander';
import { CoplayError } from '../../errors.ts';
import type { ModelVersion } from '../../store/model-versions.repository.ts';
import { withStore } from '../cli-context.ts';
import { runAction } from '../run-action.ts';

const hasArtifact = (model: ModelVersion): boolean => model.hasStoredArtifact || model.artifactPath !== null;

/** One line per version: name, status, live marker, the pipeline's evaluation when it ran. */
export function formatModel(model: ModelVersion, live: string | undefined): string {
  const evaluation = model.metrics.pipelineEvaluation as
    { meanNdcg?: number; worstNdcg?: number } | undefined;
  const ndcg =
    typeof evaluation?.meanNdcg === 'number'
      ? `group NDCG ${evaluation.meanNdcg.toFixed(4)} / worst ${(evaluation.worstNdcg ?? 0).toFixed(4)}`
      : 'not evaluated by the pipeline';
  const marker = model.version === live ? '*' : ' ';
  return `${marker} ${model.version.padEnd(32)} ${model.algorithm.padEnd(10)} ${model.status.padEnd(9)} ${model.createdAt.toISOString()}  ${ndcg}${hasArtifact(model) ? '' : '  (artifact pruned)'}`;
}

export function registerModelCommand(program: Command): void {
  const model = program.command('model').description('Registered model versions and the live pointer');
  model
    .command('list')
    .description('List model versions, newest first (* = live)')
    .action(
      runAction(async () => {
        await withStore(async (store) => {
          const live = (await store.modelVersions.getLive())?.version;
          const versions = await store.modelVersions.list();
          process.stdout.write(
            versions.length === 0
              ? 'no model version yet\n'
              : `${versions.map((m) => formatModel(m, live)).join('\n')}\n`,
          );
        });
      }),
    );
  model
    .command('rollback [version]')
    .description('Make VERSION (default: the newest retired version with an artifact) live again')
    .action(
      runAction(async (version: string | undefined) => {
        await withStore(async (store) => {
          const live = (await store.modelVersions.getLive())?.version;
          const versions = await store.modelVersions.list();
          const target =
            version === undefined
              ? versions.find((m) => m.status === 'retired' && hasArtifact(m))
              : versions.find((m) => m.version === version);
          if (!target) {
            throw new CoplayError(
              version === undefined ? 'NOT_FOUND' : 'ARTIFACT_NOT_FOUND',
              version === undefined
                ? 'no earlier version with an artifact to roll back to'
                : `no model version ${version}`,
            );
          }
          if (!hasArtifact(target))
            throw new CoplayError(
              'ARTIFACT_NOT_FOUND',
              `model ${target.version} has no artifact left (pruned)`,
            );
          if (target.version === live) {
            process.stdout.write(`${target.version} is already live\n`);
            return;
          }
          const previous = await store.modelVersions.setLive(target.version);
          process.stdout.write(
            `live model: ${target.version} (was ${previous ?? 'none'}); running servers pick it up within MODEL_POLL_INTERVAL_MS\n`,
          );
        });
      }),
    );
}
