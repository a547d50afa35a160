import type { Game } from '../../src/catalog/game.ts';

/** A fully populated game; `overrides` replace top-level fields. */
export function makeGame(appid: number, overrides: Partial<Game> = {}): Game {
  return {
    appid,
    name: `Game ${appid}`,
    releaseDate: '2019-05-01',
    developers: ['Studio A', 'Studio B'],
    publishers: ['Publisher'],
    platforms: ['windows', 'linux'],
    requiredAge: 16,
    genres: ['Action', 'Indie'],
    categories: ['Online Co-op', 'Shared/Split Screen'],
    tags: ['Co-op', 'Shooter', 'Ünïcødé ™'],
    priceGbp: 14.99,
    positiveRatings: 1200,
    negativeRatings: 34,
    ownersMin: 50000,
    ownersMax: 100000,
    medianPlaytimeMinutes: 321,
    multiplayer: {
      isMultiplayer: true,
      modes: ['online_coop', 'split_screen'],
      limits: { online: 4, local: 2, lan: null, splitScreen: 2, dropInDropOut: false },
    },
    sources: ['steam_store_2019', 'steam_db_2021'],
    ...overrides,
  };
}

/** A game whose every nullable field is null and every list empty. */
export function makeSparseGame(appid: number, name = `Sparse ${appid}`): Game {
  return {
    appid,
    name,
    releaseDate: null,
    developers: [],
    publishers: [],
    platforms: null,
    requiredAge: null,
    genres: [],
    categories: [],
    tags: [],
    priceGbp: null,
    positiveRatings: null,
    negativeRatings: null,
    ownersMin: null,
    ownersMax: null,
    medianPlaytimeMinutes: null,
    multiplayer: {
      isMultiplayer: false,
      modes: [],
      limits: { online: null, local: null, lan: null, splitScreen: null, dropInDropOut: null },
    },
    sources: [],
  };
}
