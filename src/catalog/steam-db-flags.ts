/**
 * The steam-db `flags` are Steam store category ids, but the source's author also appended ids derived from
 * user tags "as a fail safe" (tag Multiplayer → 1, PvP → 49, Co-op/Online Co-Op → 38 and 9, Massively
 * Multiplayer → 20). Those appended ids are not Steam's word: e.g. the generic "Co-op" tag gives local-only
 * games such as Cuphead and Overcooked an "Online Co-op" flag. This file tells the two apart.
 */

/** Steam store category names by id, as Steam named them in 2021 (the steam-db snapshot). */
export const STEAM_CATEGORY_NAMES: ReadonlyMap<number, string> = new Map([
  [1, 'Multi-player'],
  [2, 'Single-player'],
  [6, 'Mods (require HL2)'],
  [8, 'Valve Anti-Cheat enabled'],
  [9, 'Co-op'],
  [10, 'Game demo'],
  [13, 'Captions available'],
  [14, 'Commentary available'],
  [15, 'Stats'],
  [16, 'Includes Source SDK'],
  [17, 'Includes level editor'],
  [18, 'Partial Controller Support'],
  [19, 'Mods'],
  [20, 'MMO'],
  [22, 'Steam Achievements'],
  [23, 'Steam Cloud'],
  [24, 'Shared/Split Screen'],
  [25, 'Steam Leaderboards'],
  [27, 'Cross-Platform Multiplayer'],
  [28, 'Full controller support'],
  [29, 'Steam Trading Cards'],
  [30, 'Steam Workshop'],
  [32, 'Steam Turn Notifications'],
  [35, 'In-App Purchases'],
  [36, 'Online PvP'],
  [37, 'Shared/Split Screen PvP'],
  [38, 'Online Co-op'],
  [39, 'Shared/Split Screen Co-op'],
  [40, 'SteamVR Collectibles'],
  [41, 'Remote Play on Phone'],
  [42, 'Remote Play on Tablet'],
  [43, 'Remote Play on TV'],
  [44, 'Remote Play Together'],
  [47, 'LAN PvP'],
  [48, 'LAN Co-op'],
  [49, 'PvP'],
  [50, 'Additional High-Quality Audio'],
]);

// Steam lists an app's categories in this fixed display order. Measured on the 16,862 bundled records:
// once the tag-derived tail is cut off, no pair of ids ever appears in the opposite order.
const DISPLAY_ORDER = [
  2, 20, 50, 36, 47, 37, 38, 48, 39, 27, 19, 6, 22, 28, 29, 13, 30, 40, 35, 18, 23, 8, 10, 15, 25, 32, 17, 16,
  14, 41, 42, 43, 44,
];
const RANK = new Map(DISPLAY_ORDER.map((id, rank) => [id, rank]));

// In the bundled data ids 1, 9 and 49 occur only in the appended tail, never among Steam's own ids.
const ONLY_TAG_DERIVED = new Set([1, 9, 49]);

/** The flags split into Steam's own categories and the ones the source derived from user tags. */
export interface SplitFlags {
  declared: number[];
  tagDerived: number[];
}

/**
 * Splits steam-db flags into Steam-declared ids (the leading run in Steam's display order) and the appended,
 * tag-derived tail. A trailing 38 or 20 that could be either is counted as tag-derived (see the comments).
 */
export function splitSteamDbFlags(flags: readonly number[], tags: readonly string[]): SplitFlags {
  let end = 0;
  let lastRank = -1;
  for (; end < flags.length; end++) {
    const id = flags[end];
    if (ONLY_TAG_DERIVED.has(id)) break;
    const rank = RANK.get(id);
    if (rank === undefined) continue;
    if (rank <= lastRank) break;
    lastRank = rank;
  }
  const tail = flags.slice(end);
  const last = end > 0 ? flags[end - 1] : undefined;
  // The source appends tag-derived ids in the order 1, 49, 38, 9, 20. So "…, 38" followed by a tail that
  // starts with 9 may be Steam's 38 or an appended 38; likewise a final 20 with no tail. Measured against the
  // 2019 store, these ambiguous cases agree with Steam about half the time, so they are not trusted.
  const ambiguous =
    (last === 38 && tail[0] === 9 && (tags.includes('Co-op') || tags.includes('Online Co-Op'))) ||
    (last === 20 && tail.length === 0 && tags.includes('Massively Multiplayer'));
  if (ambiguous) end -= 1;
  return { declared: flags.slice(0, end), tagDerived: flags.slice(end) };
}
