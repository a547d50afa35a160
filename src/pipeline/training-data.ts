import type { Game } from '../catalog/game.ts';
import type { LibraryEntry } from '../model/confidence.ts';
import type { Store } from '../store/store.ts';
import { applyFeedback } from './feedback-interactions.ts';

/** Everything a training or evaluation run reads from the store, as plain values. */
export interface TrainingData {
  /** Every catalog game, ascending appid: the served models' item space. */
  games: Game[];
  /** Each known player's library: dataset users, stored Steam libraries, then feedback applied. */
  libraries: Map<string, LibraryEntry[]>;
}

/** What loadTrainingData should include beyond the dataset interactions (both by default). */
export interface TrainingDataOptions {
  steamLibraries?: boolean;
  feedback?: boolean;
}

/**
 * Loads the catalog and the training libraries: matched dataset interactions keyed `<dataset>:<user id>`,
 * stored Steam libraries keyed `steam:<SteamID64>`, with group feedback applied (see applyFeedback).
 */
export async function loadTrainingData(
  store: Store,
  options: TrainingDataOptions = {},
): Promise<TrainingData> {
  const games = await store.games.listAll();
  const libraries = new Map<string, LibraryEntry[]>();
  const add = (key: string, entry: LibraryEntry): void => {
    let library = libraries.get(key);
    if (!library) libraries.set(key, (library = []));
    library.push(entry);
  };
  for (const row of await store.interactions.listMatched())
    add(`${row.dataset}:${row.userId}`, { appid: row.appid, playtimeMinutes: Math.round(row.hours * 60) });
  if (options.steamLibraries !== false) {
    // No repository lists every library; the pipeline is the only reader of all of them.
    const rows = await store.db
      .selectFrom('libraries')
      .select(['steam_id', 'appid', 'playtime_forever_minutes'])
      .orderBy('steam_id')
      .orderBy('appid')
      .execute();
    for (const row of rows)
      add(`steam:${row.steam_id}`, { appid: row.appid, playtimeMinutes: row.playtime_forever_minutes });
  }
  if (options.feedback === false) return { games, libraries };
  return { games, libraries: applyFeedback(libraries, await store.feedback.list()) };
}
