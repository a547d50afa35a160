import { mergeGame } from '../catalog/merge-game.ts';
import type { Game } from '../catalog/game.ts';
import type { InteractionRecord, SteamDbEntry, StoreCatalogEntry } from '../catalog/source-records.ts';
import type { DatasetRow } from '../datasets/dataset-row.ts';
import { readSteam200kInteractions } from '../datasets/read-steam200k-interactions.ts';
import { readSteamDbMultiplayer } from '../datasets/read-steam-db-multiplayer.ts';
import { readSteamStoreCatalog } from '../datasets/read-steam-store-catalog.ts';
import { CoplayError } from '../errors.ts';
import type { Store } from '../store/store.ts';
import type { ProgressReporter } from './progress-reporter.ts';

/** The files one import reads; defaults are the bundled ones under data/. */
export interface DatasetPaths {
  catalog: string;
  multiplayer: string;
  interactions: string;
}

export function bundledDatasetPaths(dataDir: string): DatasetPaths {
  return {
    catalog: `${dataDir}/steam-store-games.csv.gz`,
    multiplayer: `${dataDir}/steam-db-multiplayer.jsonl.gz`,
    interactions: `${dataDir}/steam200k-user-game.csv.gz`,
  };
}

export interface MalformedRow {
  file: string;
  line: number;
  error: string;
}

export interface ImportSummary {
  games: number;
  multiplayerGames: number;
  users: number;
  interactions: number;
  unmatchedTitles: number;
  malformed: MalformedRow[];
}

export const STEAM200K_DATASET = 'steam200k';

/** Malformed rows shown one by one before the rest are only counted, so a broken file does not flood a log. */
const MALFORMED_SHOWN = 20;

async function collect<T>(
  file: string,
  rows: AsyncIterable<DatasetRow<T>>,
  malformed: MalformedRow[],
  progress: ProgressReporter,
  phase: string,
): Promise<T[]> {
  const values: T[] = [];
  progress.start(phase);
  for await (const row of rows) {
    if ('error' in row) {
      malformed.push({ file, line: row.line, error: row.error });
      if (malformed.length <= MALFORMED_SHOWN)
        progress.log(`${file}:${row.line}: ${row.error} (row skipped)`);
    } else {
      values.push(row.value);
    }
  }
  progress.finish(phase, values.length);
  return values;
}

/**
 * Reads the catalog, multiplayer facts and interactions, merges one Game per appid, and writes everything
 * in ONE transaction: malformed rows are reported and skipped, while any failure (unreadable file, database
 * error, or malformed rows with `strict`) leaves the database exactly as it was. Upserts make it idempotent.
 */
export async function importDatasets(
  store: Store,
  paths: DatasetPaths,
  progress: ProgressReporter,
  options: { strict?: boolean } = {},
): Promise<ImportSummary> {
  const malformed: MalformedRow[] = [];
  const storeRows = await collect<StoreCatalogEntry>(
    paths.catalog,
    readSteamStoreCatalog(paths.catalog),
    malformed,
    progress,
    'reading catalog',
  );
  const steamDbRows = await collect<SteamDbEntry>(
    paths.multiplayer,
    readSteamDbMultiplayer(paths.multiplayer),
    malformed,
    progress,
    'reading multiplayer facts',
  );
  const interactions = await collect<InteractionRecord>(
    paths.interactions,
    readSteam200kInteractions(paths.interactions),
    malformed,
    progress,
    'reading interactions',
  );
  if (malformed.length > MALFORMED_SHOWN)
    progress.log(`… and ${malformed.length - MALFORMED_SHOWN} more malformed rows`);
  if (options.strict && malformed.length > 0) {
    const first = malformed[0] as MalformedRow;
    throw new CoplayError(
      'DATASET_MALFORMED',
      `${malformed.length} malformed rows (first: ${first.file}:${first.line}: ${first.error}); nothing was imported`,
      { details: { malformed: malformed.slice(0, MALFORMED_SHOWN) } },
    );
  }

  const games = mergeCatalog(storeRows, steamDbRows);
  await store.transaction(async (tx) => {
    progress.start('writing games', games.length);
    await tx.games.upsertMany(games);
    progress.finish('writing games', games.length);
    progress.start('writing interactions', interactions.length);
    await tx.interactions.insertMany(
      STEAM200K_DATASET,
      interactions.map((r) => ({ ...r, userId: String(r.userId), kaggleUserId: String(r.kaggleUserId) })),
    );
    progress.finish('writing interactions', interactions.length);
  });

  return {
    games: await store.games.count(),
    multiplayerGames: await store.games.countMultiplayer(),
    users: await store.interactions.countUsers(STEAM200K_DATASET),
    interactions: await store.interactions.countRows(STEAM200K_DATASET),
    unmatchedTitles: await store.interactions.countUnmatchedTitles(STEAM200K_DATASET),
    malformed,
  };
}

/** One Game per appid present in either source; a later duplicate appid row replaces an earlier one. */
export function mergeCatalog(storeRows: StoreCatalogEntry[], steamDbRows: SteamDbEntry[]): Game[] {
  const fromStore = new Map(storeRows.map((row) => [row.appid, row]));
  const fromSteamDb = new Map(steamDbRows.map((row) => [row.appid, row]));
  const appids = [...new Set([...fromStore.keys(), ...fromSteamDb.keys()])].sort((a, b) => a - b);
  return appids.map((appid) => mergeGame(fromStore.get(appid) ?? null, fromSteamDb.get(appid) ?? null));
}
