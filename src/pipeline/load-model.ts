import type { Game } from '../catalog/game.ts';
import { CoplayError } from '../errors.ts';
import { CatalogIndex } from '../group/catalog-index.ts';
import type { GroupModel } from '../group/recommend-group.ts';
import { decodeArtifact } from '../model/artifact.ts';
import {
  foldInConfidence,
  makeConfidence,
  type ConfidenceOptions,
  type ConfidenceTransform,
} from '../model/confidence.ts';
import { DEFAULT_MAX_MINUTES_PER_GAME } from '../model/interaction-matrix.ts';
import { modelFromParts } from '../model/model-from-parts.ts';
import type { ModelParts } from '../model/recommender.ts';
import type { ArtifactFiles } from '../store/artifact-files.ts';
import type { Store } from '../store/store.ts';

/** A model ready for requests, with what the API says about it. */
export interface LoadedModel {
  groupModel: GroupModel;
  info: { version: string; algorithm: string; trainedAt: string };
}

/**
 * A registered version read and checked but not yet built into a model: its parts (views into the
 * artifact's bytes: the models copy what they keep), its catalog and confidence transform.
 */
export interface VersionParts {
  parts: ModelParts;
  catalog: CatalogIndex;
  confidence: ConfidenceTransform;
  info: LoadedModel['info'];
}

/**
 * Loads one registered version's parts: its bytes from the database if stored there, else from its file;
 * the checksum is verified by decodeArtifact (a corrupt or truncated artifact is refused with
 * ARTIFACT_CORRUPT). Engine threads build the model from these; loadModelVersion builds it here.
 */
export async function loadVersionParts(
  store: Store,
  artifacts: ArtifactFiles,
  version: string,
): Promise<VersionParts> {
  const row = await store.modelVersions.get(version);
  if (!row) throw new CoplayError('ARTIFACT_NOT_FOUND', `no model version ${version}`);
  const bytes = row.hasStoredArtifact
    ? await store.modelVersions.getArtifact(version)
    : await artifacts.read(version);
  if (!bytes) throw new CoplayError('ARTIFACT_NOT_FOUND', `model version ${version} has no artifact`);
  const { manifest, parts } = decodeArtifact(bytes);
  // A copy: the decoded ids are a view into the artifact's bytes, which the catalog would keep alive all
  // the model's life; the models copy their blocks into their own (kernel) memory.
  const itemIds = manifest.meta.itemIds?.slice();
  if (!itemIds) throw new CoplayError('ARTIFACT_CORRUPT', `model ${version} has no item index`);
  const games: Map<number, Game> = await store.games.getMany(Array.from(itemIds));
  const trained = manifest.meta.hyperparameters as {
    confidence?: Partial<ConfidenceOptions>;
    matrix?: { maxMinutesPerGame?: number };
  };
  return {
    parts,
    catalog: new CatalogIndex(itemIds, games),
    confidence: foldInConfidence(
      makeConfidence(trained.confidence ?? {}),
      trained.matrix?.maxMinutesPerGame ?? DEFAULT_MAX_MINUTES_PER_GAME,
    ),
    info: { version, algorithm: row.algorithm, trainedAt: row.createdAt.toISOString() },
  };
}

/** Loads one registered version (loadVersionParts) and builds its model on this thread. */
export async function loadModelVersion(
  store: Store,
  artifacts: ArtifactFiles,
  version: string,
): Promise<LoadedModel> {
  const { parts, catalog, confidence, info } = await loadVersionParts(store, artifacts, version);
  return { groupModel: { model: modelFromParts(parts), catalog, confidence }, info };
}

/** The live version, or undefined when none is published yet. */
export async function loadLiveModel(
  store: Store,
  artifacts: ArtifactFiles,
): Promise<LoadedModel | undefined> {
  const live = await store.modelVersions.getLive();
  return live ? loadModelVersion(store, artifacts, live.version) : undefined;
}
