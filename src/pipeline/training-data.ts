import type { Game } from '../catalog/game.ts';
import type { LibraryEntry } from '../model/confidence.ts';
import type { Store } from '../store/store.ts';

/** Everything a training or evaluation run reads from the store, as plain values. */
export interface TrainingData {
  /** Every catalog game, ascending appid: the served models' item space. */
  games: Game[];
  /** Each known player's library (dataset users now; Steam players and feedback join in the pipeline). */
  libraries: Map<string, LibraryEntry[]>;
}

/** Loads the catalog and the matched dataset interactions; users are keyed `<dataset>:<user id>`. */
export async function loadTrainingData(store: Store): Promise<TrainingData> {
  const games = await store.games.listAll();
  const libraries = new Map<string, LibraryEntry[]>();
  for (const row of await store.interactions.listMatched()) {
    const key = `${row.dataset}:${row.userId}`;
    let library = libraries.get(key);
    if (!library) libraries.set(key, (library = []));
    library.push({ appid: row.appid, playtimeMinutes: Math.round(row.hours * 60) });
  }
  return { games, libraries };
}
