import {
  MULTIPLAYER_MODES,
  PLATFORMS,
  type Game,
  type MultiplayerMode,
  type Platform,
} from '../catalog/game.ts';
import { isAdultContent, knownPlayerLimit } from './group-filters.ts';

/** Bit of each mode in CatalogFacts.modes. */
export const MODE_BIT: Readonly<Record<MultiplayerMode, number>> = Object.fromEntries(
  MULTIPLAYER_MODES.map((mode, i) => [mode, 1 << i]),
) as Record<MultiplayerMode, number>;

/** Bit of each platform in CatalogFacts.platforms (0 = platforms unknown). */
export const PLATFORM_BIT: Readonly<Record<Platform, number>> = Object.fromEntries(
  PLATFORMS.map((platform, i) => [platform, 1 << i]),
) as Record<Platform, number>;

/**
 * The facts filters read, one typed array per fact with one slot per model column, computed once per
 * loaded model: a request then filters ~17k games with array reads instead of walking Game objects
 * (lower-casing tags, scanning genres) on every request. Unknown values are NaN / 0 as documented per field.
 */
export interface CatalogFacts {
  modes: Uint16Array;
  /** 0 when unknown. */
  platforms: Uint8Array;
  /** NaN when unknown. */
  priceGbp: Float64Array;
  /** 0 when none or unknown. */
  requiredAge: Uint8Array;
  /** 0 when unknown. */
  releaseYear: Uint16Array;
  /** Share of positive reviews; NaN when no reviews are known. */
  reviewScore: Float64Array;
  adult: Uint8Array;
  /** Largest known player count; 0 when unknown. */
  playerLimit: Uint16Array;
  /** Lower-cased tags per column, for include/exclude tag filters. */
  tags: ReadonlyArray<ReadonlySet<string>>;
}

export function buildCatalogFacts(games: ReadonlyArray<Game | undefined>): CatalogFacts {
  const n = games.length;
  const facts: CatalogFacts = {
    modes: new Uint16Array(n),
    platforms: new Uint8Array(n),
    priceGbp: new Float64Array(n).fill(Number.NaN),
    requiredAge: new Uint8Array(n),
    releaseYear: new Uint16Array(n),
    reviewScore: new Float64Array(n).fill(Number.NaN),
    adult: new Uint8Array(n),
    playerLimit: new Uint16Array(n),
    tags: [],
  };
  const tags: Set<string>[] = [];
  // One lower-cased copy of each tag name for the whole catalog (~270,000 tag entries, a few hundred names:
  // a copy each was ~15 MB of a server's heap).
  const lowered = new Map<string, string>();
  const lower = (tag: string): string => {
    let found = lowered.get(tag);
    if (found === undefined) lowered.set(tag, (found = tag.toLowerCase()));
    return found;
  };
  for (let c = 0; c < n; c++) {
    const game = games[c];
    tags.push(new Set(game?.tags.map(lower) ?? []));
    if (!game) continue;
    for (const mode of game.multiplayer.modes) facts.modes[c] |= MODE_BIT[mode];
    for (const platform of game.platforms ?? []) facts.platforms[c] |= PLATFORM_BIT[platform];
    if (game.priceGbp !== null) facts.priceGbp[c] = game.priceGbp;
    facts.requiredAge[c] = Math.min(255, game.requiredAge ?? 0);
    if (game.releaseDate !== null) facts.releaseYear[c] = Number(game.releaseDate.slice(0, 4));
    const reviews = (game.positiveRatings ?? 0) + (game.negativeRatings ?? 0);
    if (reviews > 0) facts.reviewScore[c] = (game.positiveRatings ?? 0) / reviews;
    facts.adult[c] = isAdultContent(game) ? 1 : 0;
    facts.playerLimit[c] = Math.min(65535, knownPlayerLimit(game) ?? 0);
  }
  return { ...facts, tags };
}
