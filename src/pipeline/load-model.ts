import type { Game } from '../catalog/game.ts';
import { CoplayError } from '../errors.ts';
import { CatalogIndex } from '../group/catalog-index.ts';
import type { GroupModel } from '../group/recommend-group.ts';
import { decodeArtifact } from '../model/artifact.ts';
import { makeConfidence, type ConfidenceOptions } from '../model/confidence.ts';
import { modelFromParts } from '../model/model-from-parts.ts';
import type { ArtifactFiles } from '../store/artifact-files.ts';
import type { Store } from '../store/store.ts';

/** A model ready for requests, with what the API says about it. */
export interface LoadedModel {
  groupModel: GroupModel;
  info: { version: string; algorithm: string; trainedAt: string };
}

/**
 * Loads one registered version: its bytes from the database if stored there, else from its file; the
 * checksum is verified by decodeArtifact (a corrupt or truncated artifact is refused with ARTIFACT_CORRUPT).
 */
export async function loadModelVersion(
  store: Store,
  artifacts: ArtifactFiles,
  version: string,
): Promise<LoadedModel> {
  const row = await store.modelVersions.get(version);
  if (!row) throw new CoplayError('ARTIFACT_NOT_FOUND', `no model version ${version}`);
  const bytes = row.hasStoredArtifact
    ? await store.modelVersions.getArtifact(version)
    : await artifacts.read(version);
  if (!bytes) throw new CoplayError('ARTIFACT_NOT_FOUND', `model version ${version} has no artifact`);
  const { manifest, parts } = decodeArtifact(bytes);
  // A copy: the decoded ids are a view into the artifact's bytes, which the catalog would keep alive all
  // the model's life; EASE and content copy their blocks into the scoring kernels' WebAssembly memory, so
  // with them nothing else needs those bytes.
  const itemIds = manifest.meta.itemIds?.slice();
  if (!itemIds) throw new CoplayError('ARTIFACT_CORRUPT', `model ${version} has no item index`);
  const model = modelFromParts(parts);
  const games: Map<number, Game> = await store.games.getMany(Array.from(itemIds));
  const confidence =
    (manifest.meta.hyperparameters as { confidence?: Partial<ConfidenceOptions> }).confidence ?? {};
  return {
    groupModel: { model, catalog: new CatalogIndex(itemIds, games), confidence: makeConfidence(confidence) },
    info: { version, algorithm: row.algorithm, trainedAt: row.createdAt.toISOString() },
  };
}

/** The live version, or undefined when none is published yet. */
export async function loadLiveModel(
  store: Store,
  artifacts: ArtifactFiles,
): Promise<LoadedModel | undefined> {
  const live = await store.modelVersions.getLive();
  return live ? loadModelVersion(store, artifacts, live.version) : undefined;
}
