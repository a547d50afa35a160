import type { Game } from '../catalog/game.ts';
import { deriveMultiplayerProfile } from '../catalog/multiplayer-profile.ts';
import type { AppDetails } from '../steam/steam-types.ts';

/**
 * A catalog Game from the store's live app details, for an appid a stored Steam library owns but the
 * datasets lack. The multiplayer profile comes from the store categories alone (no tags, flags or Co-optimus
 * counts exist for it yet); genres are kept but do not decide modes, as in the catalog's rules. Facts the
 * store page does not give (ratings, owners, median playtime, tags) stay null or empty, never invented.
 * The price is the undiscounted one, as the 2019 catalog recorded it; a free game is 0.
 */
export function appDetailsToGame(details: AppDetails): Game {
  const priceGbp = details.isFree
    ? 0
    : details.price !== null && details.price.currency === 'GBP'
      ? details.price.initialMinor / 100
      : null;
  return {
    appid: details.appid,
    name: details.name,
    releaseDate: details.releaseDate,
    developers: details.developers,
    publishers: details.publishers,
    platforms: details.platforms.length > 0 ? details.platforms : null,
    requiredAge: details.requiredAge,
    genres: details.genres,
    categories: details.categories,
    tags: [],
    priceGbp,
    positiveRatings: null,
    negativeRatings: null,
    ownersMin: null,
    ownersMax: null,
    medianPlaytimeMinutes: null,
    multiplayer: deriveMultiplayerProfile({
      categories: details.categories,
      flags: [],
      tags: [],
      players: null,
    }),
    sources: ['steam_store_live'],
  };
}
