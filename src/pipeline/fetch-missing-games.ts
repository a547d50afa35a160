import { isCoplayError } from '../errors.ts';
import type { SteamClient } from '../steam/steam-client.ts';
import type { Store } from '../store/store.ts';
import { appDetailsToGame } from './app-details-to-game.ts';

/** How many store pages one ingest asks for at most; the Steam client's rate limiter paces them. */
export const MISSING_GAMES_PER_RUN = 200;

/** What one pass did: games added, appids without a store game page, and failed fetches. */
export interface MissingGamesSummary {
  missing: number;
  added: number;
  notGames: number;
  failed: number;
}

/**
 * Fetches store details for appids that stored Steam libraries own but the catalog lacks, most-owned first,
 * at most `limit` per call, and upserts them as Games. An app without a store page or that is not a game
 * (DLC, a tool) is counted, not stored, so it is asked again next run (the client's cache makes that cheap);
 * a failed fetch is logged and counted, never fatal — the library entry simply stays unmatched.
 */
export async function fetchMissingGames(
  store: Store,
  steam: SteamClient,
  log: (line: string) => void,
  limit = MISSING_GAMES_PER_RUN,
): Promise<MissingGamesSummary> {
  const rows = await store.db
    .selectFrom('libraries')
    .leftJoin('games', 'games.appid', 'libraries.appid')
    .where('games.appid', 'is', null)
    .select(['libraries.appid', (eb) => eb.fn.countAll<number | string | bigint>().as('owners')])
    .groupBy('libraries.appid')
    .orderBy('owners', 'desc')
    .orderBy('libraries.appid')
    .execute();
  const summary: MissingGamesSummary = { missing: rows.length, added: 0, notGames: 0, failed: 0 };
  for (const { appid } of rows.slice(0, limit)) {
    try {
      const details = await steam.getAppDetails(appid);
      if (details === undefined || details.value.type !== 'game') {
        summary.notGames++;
        continue;
      }
      await store.games.upsertMany([appDetailsToGame(details.value)]);
      summary.added++;
    } catch (error) {
      if (!isCoplayError(error)) throw error;
      summary.failed++;
      log(`store details of app ${appid}: ${error.message}`);
    }
  }
  return summary;
}
