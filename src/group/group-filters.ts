import type { Game, MultiplayerMode, Platform } from '../catalog/game.ts';

/** Who in the group must already own a game: everyone (play now), nobody (discover), someone, or any. */
export type Ownership = 'any' | 'all' | 'none' | 'some';

/** What a group can ask of the games; every field is optional and absent means "no constraint". */
export interface GroupFilters {
  /** Keep games with at least one of these modes. */
  modes?: MultiplayerMode[];
  /** Drop games whose known player limit is below the group size (unknown limits are kept and marked). */
  fitsGroupSize?: boolean;
  /** Keep games known to run on every one of these platforms (unknown platforms are kept). */
  platforms?: Platform[];
  maxPriceGbp?: number;
  freeOnly?: boolean;
  /** Hide games with sexual content or nudity (Steam's content genres and tags). Default true. */
  hideAdultContent?: boolean;
  minRequiredAge?: number;
  maxRequiredAge?: number;
  /** Keep games carrying at least one of these tags (case-insensitive). */
  includeTags?: string[];
  /** Drop games carrying any of these tags (case-insensitive). */
  excludeTags?: string[];
  releaseYearFrom?: number;
  releaseYearTo?: number;
  /** Minimum share of positive reviews, 0–1; games with no known reviews do not pass. */
  minReviewScore?: number;
  ownership?: Ownership;
}

// Steam's content genres plus the tags players use for the same; "Mature" is deliberately absent: it marks
// violent games too, and a PEGI-18 shooter is not adult content.
const ADULT_MARKERS = new Set(['sexual content', 'nudity', 'nsfw', 'hentai']);

/** Modes for which Co-optimus' co-op counts say nothing about capacity (MMOs hold hundreds). */
const UNBOUNDED_MODES: ReadonlySet<MultiplayerMode> = new Set(['mmo']);

/**
 * The largest known player count for a game, or null when no source gives one. Co-optimus counts are co-op
 * counts; a PvP mode may allow more, which is why an unknown or exceeded limit is shown to the group.
 */
export function knownPlayerLimit(game: Game): number | null {
  const { online, local, lan, splitScreen } = game.multiplayer.limits;
  const known = [online, local, lan, splitScreen].filter((n): n is number => n !== null && n > 0);
  return known.length === 0 ? null : Math.max(...known);
}

export function isAdultContent(game: Game): boolean {
  return (
    game.genres.some((g) => ADULT_MARKERS.has(g.toLowerCase())) ||
    game.tags.some((t) => ADULT_MARKERS.has(t.toLowerCase()))
  );
}

/** Whether a game passes every filter except ownership (which depends on the members, see ownershipPasses). */
export function gamePasses(game: Game, filters: GroupFilters, groupSize: number): boolean {
  const mp = game.multiplayer;
  if (filters.modes && filters.modes.length > 0 && !filters.modes.some((m) => mp.modes.includes(m)))
    return false;
  if (filters.fitsGroupSize && !mp.modes.some((m) => UNBOUNDED_MODES.has(m))) {
    const limit = knownPlayerLimit(game);
    if (limit !== null && limit < groupSize) return false;
  }
  if (filters.platforms && filters.platforms.length > 0 && game.platforms !== null) {
    if (!filters.platforms.every((p) => game.platforms?.includes(p))) return false;
  }
  if (filters.freeOnly && game.priceGbp !== 0) return false;
  if (filters.maxPriceGbp !== undefined && (game.priceGbp === null || game.priceGbp > filters.maxPriceGbp))
    return false;
  if ((filters.hideAdultContent ?? true) && isAdultContent(game)) return false;
  if (filters.minRequiredAge !== undefined && (game.requiredAge ?? 0) < filters.minRequiredAge) return false;
  if (filters.maxRequiredAge !== undefined && (game.requiredAge ?? 0) > filters.maxRequiredAge) return false;
  if (filters.includeTags && filters.includeTags.length > 0) {
    const wanted = new Set(filters.includeTags.map((t) => t.toLowerCase()));
    if (!game.tags.some((t) => wanted.has(t.toLowerCase()))) return false;
  }
  if (filters.excludeTags && filters.excludeTags.length > 0) {
    const unwanted = new Set(filters.excludeTags.map((t) => t.toLowerCase()));
    if (game.tags.some((t) => unwanted.has(t.toLowerCase()))) return false;
  }
  if (filters.releaseYearFrom !== undefined || filters.releaseYearTo !== undefined) {
    const year = game.releaseDate === null ? null : Number(game.releaseDate.slice(0, 4));
    if (year === null) return false;
    if (filters.releaseYearFrom !== undefined && year < filters.releaseYearFrom) return false;
    if (filters.releaseYearTo !== undefined && year > filters.releaseYearTo) return false;
  }
  if (filters.minReviewScore !== undefined) {
    const pos = game.positiveRatings ?? 0;
    const total = pos + (game.negativeRatings ?? 0);
    if (total === 0 || pos / total < filters.minReviewScore) return false;
  }
  return true;
}

/** Ownership rule on how many of the group's members own the game. */
export function ownershipPasses(ownership: Ownership, owners: number, groupSize: number): boolean {
  switch (ownership) {
    case 'any':
      return true;
    case 'all':
      return owners === groupSize;
    case 'none':
      return owners === 0;
    case 'some':
      return owners > 0;
  }
}
