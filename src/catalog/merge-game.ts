/**
 * One Game from what the two catalog sources say about the same appid.
 *
 * | field                                   | 2019 store row  | 2021 steam-db record                   |
 * |-----------------------------------------|-----------------|----------------------------------------|
 * | name                                    | wins            | used when no store row                 |
 * | releaseDate, platforms, requiredAge,    | only source     | – (null / [] without a store row)      |
 * |   developers, publishers, genres, price,|                 |                                        |
 * |   ratings, owners, median playtime      |                 |                                        |
 * | categories                              | wins (2019 names)| Steam-declared flag ids → 2021 names  |
 * | tags                                    | top 1–3 only    | wins when it has any (up to 20, ranked)|
 * | multiplayer                             | categories      | flags, tags, Co-optimus players        |
 */
import type { CatalogSource, Game } from './game.ts';
import { deriveMultiplayerProfile } from './multiplayer-profile.ts';
import type { SteamDbEntry, StoreCatalogEntry } from './source-records.ts';
import { STEAM_CATEGORY_NAMES, splitSteamDbFlags } from './steam-db-flags.ts';

/** Merges the store row and steam-db record of one appid (either may be null, not both). */
export function mergeGame(store: StoreCatalogEntry | null, steamDb: SteamDbEntry | null): Game {
  if (store === null && steamDb === null) throw new TypeError('mergeGame needs at least one source record');
  if (store !== null && steamDb !== null && store.appid !== steamDb.appid) {
    throw new TypeError(`mergeGame got different appids: store ${store.appid}, steam-db ${steamDb.appid}`);
  }
  const appid = (store?.appid ?? steamDb?.appid) as number;
  const tags = steamDb !== null && steamDb.tags.length > 0 ? steamDb.tags : (store?.steamspyTags ?? []);
  const sources: CatalogSource[] = [];
  if (store !== null) sources.push('steam_store_2019');
  if (steamDb !== null) sources.push('steam_db_2021');

  return {
    appid,
    name: store?.name ?? (steamDb as SteamDbEntry).name,
    releaseDate: store?.releaseDate ?? null,
    developers: store?.developers ?? [],
    publishers: store?.publishers ?? [],
    platforms: store?.platforms ?? null,
    requiredAge: store?.requiredAge ?? null,
    genres: store?.genres ?? [],
    categories: store?.categories ?? declaredCategoryNames(steamDb as SteamDbEntry),
    tags,
    priceGbp: store?.priceGbp ?? null,
    positiveRatings: store?.positiveRatings ?? null,
    negativeRatings: store?.negativeRatings ?? null,
    ownersMin: store?.ownersMin ?? null,
    ownersMax: store?.ownersMax ?? null,
    // SteamSpy writes 0 when it has no playtime data, so 0 is unknown rather than "nobody plays it".
    medianPlaytimeMinutes:
      store === null || store.medianPlaytimeMinutes === 0 ? null : store.medianPlaytimeMinutes,
    multiplayer: deriveMultiplayerProfile({
      categories: store?.categories ?? [],
      flags: steamDb?.flags ?? [],
      tags,
      players: steamDb?.players ?? null,
    }),
    sources,
  };
}

// Tag-derived flags are left out: they are the source author's guesses, not Steam categories.
function declaredCategoryNames(steamDb: SteamDbEntry): string[] {
  const names: string[] = [];
  for (const id of splitSteamDbFlags(steamDb.flags, steamDb.tags).declared) {
    const name = STEAM_CATEGORY_NAMES.get(id);
    if (name !== undefined && !names.includes(name)) names.push(name);
  }
  return names;
}
