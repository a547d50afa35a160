import type { Csr } from '../core/csr.ts';
import type { Game } from '../catalog/game.ts';
import {
  foldInConfidence,
  makeConfidence,
  type ConfidenceOptions,
  type LibraryEntry,
} from '../model/confidence.ts';
import { ContentTrainer } from '../model/content.ts';
import { HybridTrainer } from '../model/hybrid.ts';
import {
  buildInteractionMatrix,
  DEFAULT_MAX_MINUTES_PER_GAME,
  type InteractionMatrixOptions,
  type InteractionMatrixStats,
  type InteractionRow,
} from '../model/interaction-matrix.ts';
import type { ProgressListener, Trainer } from '../model/recommender.ts';
import { CatalogIndex } from './catalog-index.ts';
import type { GroupModel } from './recommend-group.ts';

/** How to fit the served model: a collaborative trainer, blended with content over the whole catalog. */
export interface GroupModelSpec {
  cf: Trainer;
  /** CF's share of the blend in [0, 1]; 1 = CF alone (content still ranks games CF never saw). */
  cfWeight: number;
  confidence: Partial<ConfidenceOptions>;
  matrix: Omit<InteractionMatrixOptions, 'confidence'>;
  /** Catalog games with fewer training players than this are scored by content alone. */
  minUsersForCf: number;
}

export interface FittedGroupModel extends GroupModel {
  userKeys: string[];
  matrixStats: InteractionMatrixStats;
}

/**
 * Fits the served model over the catalog's item space (multiplayer games plus every game training players
 * own, so fold-in sees most of a member's library, single-player games included); playtimes become confidences,
 * CF learns the columns with enough players and content covers the rest.
 */
export async function fitGroupModel(
  data: { games: readonly Game[]; libraries: ReadonlyMap<string, readonly LibraryEntry[]> },
  spec: GroupModelSpec,
  onProgress?: ProgressListener,
): Promise<FittedGroupModel> {
  // The item space: every multiplayer game (the candidates) and every game some training player has. A
  // single-player game nobody trained on can neither be recommended nor teach CF anything, and leaving the
  // ~20,000 of them out halves the per-request scoring work; a member who owns one loses only its tags.
  const played = new Set<number>();
  for (const library of data.libraries.values()) for (const entry of library) played.add(entry.appid);
  const games = data.games
    .filter((g) => g.multiplayer.isMultiplayer || played.has(g.appid))
    .sort((a, b) => a.appid - b.appid);
  const catalog = new CatalogIndex(
    Int32Array.from(games, (g) => g.appid),
    new Map(games.map((g) => [g.appid, g])),
  );
  const confidence = makeConfidence(spec.confidence);

  const rows: InteractionRow[] = [];
  for (const [userKey, library] of data.libraries) {
    for (const entry of library) {
      if (catalog.columnOf.has(entry.appid))
        rows.push({ userKey, appid: entry.appid, minutes: entry.playtimeMinutes });
    }
  }
  const built = buildInteractionMatrix(rows, { ...spec.matrix, confidence });
  const matrix = toCatalogColumns(built.matrix, built.itemIds, catalog);

  const trainer = new HybridTrainer({
    cf: spec.cf,
    content: new ContentTrainer(games),
    weight: spec.cfWeight,
    minUsersForCf: spec.minUsersForCf,
  });
  const model = await trainer.fit(matrix, onProgress);
  return {
    model,
    catalog,
    confidence: foldInConfidence(confidence, spec.matrix.maxMinutesPerGame ?? DEFAULT_MAX_MINUTES_PER_GAME),
    userKeys: built.userKeys,
    matrixStats: built.stats,
  };
}

/** Re-labels a matrix's columns (its own appid list) as catalog columns; order within rows is preserved. */
function toCatalogColumns(matrix: Csr, itemIds: Int32Array, catalog: CatalogIndex): Csr {
  const map = Int32Array.from(itemIds, (appid) => catalog.columnOf.get(appid) as number);
  // itemIds ascend and catalog columns ascend by appid, so the map is increasing and rows stay sorted.
  return { ...matrix, cols: catalog.size, indices: Int32Array.from(matrix.indices, (c) => map[c] as number) };
}
