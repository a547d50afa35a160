import { createHash, randomBytes } from 'node:crypto';
import { fitGroupModel, type FittedGroupModel } from '../group/fit-group-model.ts';
import { encodeArtifact } from '../model/artifact.ts';
import type { ProgressListener } from '../model/recommender.ts';
import { makeTrainer, type Algorithm, type ModelConfig } from '../model/trainers.ts';
import type { ArtifactFiles } from '../store/artifact-files.ts';
import type { Store } from '../store/store.ts';
import { loadTrainingData, type TrainingData } from './training-data.ts';

export const CODE_VERSION = '0.1.0';

export interface TrainOptions {
  /** Overrides the configuration's algorithm. */
  algorithm?: Algorithm;
  onProgress?: ProgressListener;
  /** Make the new version the live one right away (first start, `coplay train --publish`). */
  publish?: boolean;
  /** Also keep the artifact bytes in the database, so servers on other machines can load it. */
  storeArtifactInDatabase?: boolean;
  now?: Date;
}

export interface TrainOutcome {
  version: string;
  algorithm: Algorithm;
  artifactPath: string;
  artifactBytes: number;
  fitSeconds: number;
  dataSnapshotId: string;
  users: number;
  items: number;
  nnz: number;
  published: boolean;
  fitted: FittedGroupModel;
}

/** A content hash of the training libraries, so two models can be told to come from the same data. */
export function dataSnapshotId(data: TrainingData): string {
  const hash = createHash('sha256');
  for (const key of [...data.libraries.keys()].sort()) {
    hash.update(key);
    for (const entry of data.libraries.get(key) ?? [])
      hash.update(`|${entry.appid}:${entry.playtimeMinutes}`);
    hash.update('\n');
  }
  hash.update(`games:${data.games.length}`);
  return hash.digest('hex').slice(0, 16);
}

/** A sortable, unique, file-name-safe version name, e.g. 20261125-231200-ials-3fa9. */
export function newVersionName(algorithm: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${algorithm}-${randomBytes(2).toString('hex')}`;
}

/**
 * Trains the served model from what the store holds and registers it as a new, immutable version: the
 * artifact is written atomically to disk (and optionally into the database), then a model_versions row.
 */
export async function trainModel(
  store: Store,
  artifacts: ArtifactFiles,
  config: ModelConfig,
  options: TrainOptions = {},
): Promise<TrainOutcome> {
  const algorithm = options.algorithm ?? config.algorithm;
  const data = await loadTrainingData(store);
  const snapshot = dataSnapshotId(data);
  const started = performance.now();
  const fitted = await fitGroupModel(
    data,
    {
      cf: makeTrainer(algorithm, config.hyperparameters[algorithm]),
      cfWeight: config.cfWeight[algorithm],
      confidence: config.confidence,
      matrix: config.matrix,
      minUsersForCf: config.minUsersForCf,
    },
    options.onProgress,
  );
  const fitSeconds = (performance.now() - started) / 1000;
  const now = options.now ?? new Date();
  const version = newVersionName(algorithm, now);
  const hyperparameters = {
    algorithm,
    [algorithm]: config.hyperparameters[algorithm],
    cfWeight: config.cfWeight[algorithm],
    minUsersForCf: config.minUsersForCf,
    confidence: config.confidence,
    matrix: config.matrix,
  };
  const bytes = encodeArtifact(fitted.model.toParts(), {
    version,
    createdAt: now.toISOString(),
    dataSnapshotId: snapshot,
    codeVersion: CODE_VERSION,
    hyperparameters,
    itemIds: fitted.catalog.appids,
  });
  const artifactPath = await artifacts.write(version, bytes);
  const stats = fitted.matrixStats;
  await store.modelVersions.insert({
    version,
    algorithm,
    createdAt: now,
    manifest: {
      dataSnapshotId: snapshot,
      codeVersion: CODE_VERSION,
      hyperparameters,
      matrix: stats,
      fitSeconds,
    },
    metrics: {},
    checksum: createHash('sha256').update(bytes).digest('hex'),
    artifactPath,
    artifact: options.storeArtifactInDatabase ? bytes : null,
  });
  if (options.publish) await store.modelVersions.setLive(version, now);
  return {
    version,
    algorithm,
    artifactPath,
    artifactBytes: bytes.length,
    fitSeconds,
    dataSnapshotId: snapshot,
    users: stats.users,
    items: stats.items,
    nnz: stats.nnz,
    published: options.publish === true,
    fitted,
  };
}
