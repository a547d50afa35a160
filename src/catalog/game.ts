/**
 * The catalog's domain record: one Game per Steam appid, merged from the 2019 store catalog and the 2021
 * steam-db multiplayer facts. Unknown values are null, never invented.
 */

/** Multiplayer modes Coplay filters and explains by. */
export const MULTIPLAYER_MODES = [
  'online_coop',
  'local_coop',
  'online_pvp',
  'local_pvp',
  'split_screen',
  'lan',
  'mmo',
  'cross_platform',
  'remote_play_together',
] as const;
export type MultiplayerMode = (typeof MULTIPLAYER_MODES)[number];

/** How each mode reads in a sentence ("Modes: online co-op, LAN"). */
export const MODE_LABELS: Readonly<Record<MultiplayerMode, string>> = {
  online_coop: 'online co-op',
  local_coop: 'local co-op',
  online_pvp: 'online PvP',
  local_pvp: 'local PvP',
  split_screen: 'split screen',
  lan: 'LAN',
  mmo: 'MMO',
  cross_platform: 'cross-platform',
  remote_play_together: 'Remote Play Together',
};

export const PLATFORMS = ['windows', 'mac', 'linux'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** Known maximum player counts; null = unknown (not "unsupported"). */
export interface PlayerLimits {
  online: number | null;
  local: number | null;
  lan: number | null;
  splitScreen: number | null;
  dropInDropOut: boolean | null;
}

export interface MultiplayerProfile {
  /** True when any multiplayer evidence exists (a mode, a multiplayer category/flag/tag, or Co-optimus data). */
  isMultiplayer: boolean;
  modes: MultiplayerMode[];
  limits: PlayerLimits;
}

/** Where a game's facts came from; steam_store_live = fetched from the store's appdetails by the pipeline. */
export type CatalogSource = 'steam_store_2019' | 'steam_db_2021' | 'steam_store_live';

export interface Game {
  appid: number;
  name: string;
  /** ISO date YYYY-MM-DD. */
  releaseDate: string | null;
  developers: string[];
  publishers: string[];
  /** null when no source says which platforms the game runs on. */
  platforms: Platform[] | null;
  requiredAge: number | null;
  genres: string[];
  /** Steam store category names (e.g. "Online Co-op"). */
  categories: string[];
  /** User tags, most-voted first where the source keeps that order. */
  tags: string[];
  /** Full price in GBP at collection time; 0 = free to play. */
  priceGbp: number | null;
  positiveRatings: number | null;
  negativeRatings: number | null;
  ownersMin: number | null;
  ownersMax: number | null;
  medianPlaytimeMinutes: number | null;
  multiplayer: MultiplayerProfile;
  sources: CatalogSource[];
}
