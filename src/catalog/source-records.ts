/**
 * What each bundled data source says, one record per parsed row, before any merging. Values are kept as the
 * source states them (e.g. SteamSpy's `0` playtime stays 0 here); interpretation happens in mergeGame.
 */
import type { Platform } from './game.ts';

/** One row of the 2019 Kaggle "Steam Store Games (Clean dataset)" catalog (steam.csv). */
export interface StoreCatalogEntry {
  appid: number;
  name: string;
  /** ISO date YYYY-MM-DD. */
  releaseDate: string;
  english: boolean;
  developers: string[];
  publishers: string[];
  platforms: Platform[];
  /** PEGI age; 0 = no age rating. */
  requiredAge: number;
  /** Steam store category names as of 2019 (e.g. "Online Multi-Player"). */
  categories: string[];
  genres: string[];
  /** The top 1–3 SteamSpy user tags only. */
  steamspyTags: string[];
  achievements: number;
  positiveRatings: number;
  negativeRatings: number;
  /** SteamSpy playtime in minutes; 0 = no data. */
  averagePlaytimeMinutes: number;
  /** SteamSpy playtime in minutes; 0 = no data. */
  medianPlaytimeMinutes: number;
  /** SteamSpy owner range, e.g. 20000–50000. */
  ownersMin: number;
  ownersMax: number;
  /** Full price in GBP at collection time; 0 = free. */
  priceGbp: number;
}

/** Co-optimus co-op facts carried by a steam-db record. Counts are co-op only; 0 = unknown or none. */
export interface CooptimusPlayers {
  /** Maximum local (same PC, couch) co-op players. */
  local: number;
  online: number;
  lan: number;
  splitScreen: boolean;
  dropInDropOut: boolean;
  /** The game has a co-op campaign. */
  campaign: boolean;
  /** Co-optimus feature list, e.g. "Campaign Co-Op", "Drop-In/Drop-Out". */
  features: string[];
  /** The Co-optimus page the facts came from. */
  url: string | null;
}

/** One record of the Dec 2021 Nebukam/steam-db multiplayer extract. */
export interface SteamDbEntry {
  appid: number;
  /** HTML entities decoded. */
  name: string;
  /** Steam store category ids in source order; some were added from user tags by the source's author. */
  flags: number[];
  /** User tags, in source order (most-voted first), HTML entities decoded. */
  tags: string[];
  /** null = no Co-optimus data, which does not mean single-player. */
  players: CooptimusPlayers | null;
}

/** How a steam-200k game title was matched to a catalog appid. */
export type TitleMatchKind = 'exact' | 'normalized' | 'none';

/** One (user, game) row of the steam-200k development set. */
export interface InteractionRecord {
  /** Consecutive user id from the CaseRecommender packaging. */
  userId: number;
  /** The original Steam-profile-derived user id of the Kaggle file. */
  kaggleUserId: number;
  gameId: number;
  gameTitle: string;
  /** Catalog appid, or null when the title matched no catalog game. */
  appid: number | null;
  appidMatch: TitleMatchKind;
  purchaseRows: number;
  playRows: number;
  /** Total hours played; 0 if never played. */
  hours: number;
}

/** One row of the steam-200k title → catalog appid table. */
export interface TitleMatchRecord {
  gameId: number;
  gameTitle: string;
  /** The smallest candidate appid, or null when unmatched. */
  appid: number | null;
  match: TitleMatchKind;
  /** Every catalog appid whose name matched; [] when unmatched. */
  candidateAppids: number[];
}
