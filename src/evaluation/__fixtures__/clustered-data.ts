import type { Game } from '../../catalog/game.ts';
import { Random } from '../../core/random.ts';
import type { LibraryEntry } from '../../model/confidence.ts';

/** A catalog game; every game carries the same tags, so content alone cannot tell the clusters apart. */
export function fixtureGame(appid: number, multiplayer: boolean): Game {
  return {
    appid,
    name: `Game ${appid}`,
    releaseDate: '2018-01-01',
    developers: [],
    publishers: [],
    platforms: ['windows'],
    requiredAge: null,
    genres: ['Action'],
    categories: multiplayer ? ['Multi-player'] : ['Single-player'],
    tags: ['Action'],
    priceGbp: 10,
    positiveRatings: 10,
    negativeRatings: 1,
    ownersMin: null,
    ownersMax: null,
    medianPlaytimeMinutes: null,
    multiplayer: {
      isMultiplayer: multiplayer,
      modes: multiplayer ? ['online_coop'] : [],
      limits: { online: null, local: null, lan: null, splitScreen: null, dropInDropOut: null },
    },
    sources: ['steam_store_2019'],
  };
}

/** Appids of the fixture: four taste clusters of 20 multiplayer games each, and 10 single-player games. */
export const CLUSTERS: readonly number[][] = [100, 200, 300, 400].map((first) =>
  Array.from({ length: 20 }, (_, i) => first + i),
);
export const MULTIPLAYER_APPIDS: readonly number[] = CLUSTERS.flat();
export const SINGLE_PLAYER = Array.from({ length: 10 }, (_, i) => 900 + i);
/** Share of users in each cluster: uneven, so that popularity serves the big clusters and fails the small. */
const CLUSTER_SHARES = [0.35, 0.3, 0.2, 0.15];

/**
 * Taste clusters: each user plays 8 of their cluster's 20 multiplayer games, one stray multiplayer game of
 * another cluster and two single-player games. Popularity recommends the big clusters' games to everyone
 * and fails the small clusters' users; a model that learns the clusters serves everyone.
 */
export function clusteredData(
  users = 300,
  seed = 7,
): { games: Game[]; libraries: Map<string, LibraryEntry[]> } {
  const random = new Random(seed);
  const games = [
    ...MULTIPLAYER_APPIDS.map((appid) => fixtureGame(appid, true)),
    ...SINGLE_PLAYER.map((appid) => fixtureGame(appid, false)),
  ];
  const pick = (from: readonly number[], count: number): number[] => {
    const pool = [...from];
    const out: number[] = [];
    while (out.length < count) out.push(pool.splice(random.nextInt(pool.length), 1)[0] as number);
    return out;
  };
  const libraries = new Map<string, LibraryEntry[]>();
  for (let u = 0; u < users; u++) {
    // Deterministic cluster sizes: user u's position in [0, 1) decides their cluster.
    let position = (u + 0.5) / users;
    let cluster = 0;
    while (cluster < CLUSTERS.length - 1 && position >= (CLUSTER_SHARES[cluster] as number))
      position -= CLUSTER_SHARES[cluster++] as number;
    const own = CLUSTERS[cluster] as number[];
    const others = MULTIPLAYER_APPIDS.filter((appid) => !own.includes(appid));
    const appids = [...pick(own, 8), ...pick(others, 1), ...pick(SINGLE_PLAYER, 2)];
    libraries.set(
      `c${cluster}:${u}`,
      appids.map((appid) => ({ appid, playtimeMinutes: 60 + random.nextInt(6000) })),
    );
  }
  return { games, libraries };
}
