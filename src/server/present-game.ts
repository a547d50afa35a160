import type { Game } from '../catalog/game.ts';
import type { GameView } from '../contract/games.ts';
import { knownPlayerLimit } from '../group/group-filters.ts';

/** Steam's public store page and capsule image for an appid (the page falls back to a placeholder). */
export function storeUrl(appid: number): string {
  return `https://store.steampowered.com/app/${appid}/`;
}

export function capsuleImageUrl(appid: number): string {
  return `https://cdn.akamai.steamstatic.com/steam/apps/${appid}/capsule_231x87.jpg`;
}

export function presentPlayers(game: Game): GameView['players'] {
  // Field by field rather than a spread: this runs for every item of every answer, and a spread of objects
  // of varying shapes is several times slower.
  const { online, local, lan, splitScreen, dropInDropOut } = game.multiplayer.limits;
  return { online, local, lan, splitScreen, dropInDropOut, max: knownPlayerLimit(game) };
}

/** A catalog Game as the API shows it. */
export function presentGame(game: Game): GameView {
  return {
    appid: game.appid,
    name: game.name,
    releaseDate: game.releaseDate,
    developers: game.developers,
    publishers: game.publishers,
    platforms: game.platforms,
    requiredAge: game.requiredAge,
    genres: game.genres,
    categories: game.categories,
    tags: game.tags,
    price: game.priceGbp,
    positiveRatings: game.positiveRatings,
    negativeRatings: game.negativeRatings,
    isMultiplayer: game.multiplayer.isMultiplayer,
    modes: game.multiplayer.modes,
    players: presentPlayers(game),
    storeUrl: storeUrl(game.appid),
    imageUrl: capsuleImageUrl(game.appid),
  };
}
