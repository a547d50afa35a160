/** Who may see a profile (GetPlayerSummaries' communityvisibilitystate 1 / 2 / 3). */
export type CommunityVisibility = 'private' | 'friends_only' | 'public';

/** A profile as GetPlayerSummaries shows it to anyone. */
export interface PlayerSummary {
  steamId: string;
  personaName: string;
  profileUrl: string;
  /** 64×64 avatar. */
  avatarUrl: string;
  /** 184×184 avatar. */
  avatarFullUrl: string;
  visibility: CommunityVisibility;
  /** False until the owner has set up a community profile. */
  profileConfigured: boolean;
}

/** One game in a library, playtimes in minutes. */
export interface OwnedGame {
  appid: number;
  /** Null when Steam sent no app info for it (delisted apps). */
  name: string | null;
  playtimeForeverMinutes: number;
  playtime2WeeksMinutes: number;
  /** Null when never played or Steam did not say. */
  lastPlayedAt: Date | null;
  iconUrl: string | null;
}

/** A member's library (GetOwnedGames, free games played included). */
export interface OwnedGames {
  gameCount: number;
  games: OwnedGame[];
}

/** One entry of a friend list. */
export interface SteamFriend {
  steamId: string;
  relationship: string;
  friendSince: Date | null;
}

/** A store price in minor units (pence for cc=gb). */
export interface StorePrice {
  currency: string;
  initialMinor: number;
  finalMinor: number;
  discountPercent: number;
}

/** The store page facts of one app (store api/appdetails, cc=gb, l=en). */
export interface AppDetails {
  /** The app the store answered for; can differ from the one asked for when Steam redirects an old appid. */
  appid: number;
  /** "game", "dlc", "demo", "music", … */
  type: string;
  name: string;
  isFree: boolean;
  requiredAge: number | null;
  shortDescription: string | null;
  headerImageUrl: string | null;
  developers: string[];
  publishers: string[];
  platforms: Array<'windows' | 'mac' | 'linux'>;
  /** Store category names, e.g. "Online Co-op". */
  categories: string[];
  genres: string[];
  /** ISO YYYY-MM-DD, null when the store gives no exact day ("Coming soon", "Q3 2025"). */
  releaseDate: string | null;
  /** The store's own release date text. */
  releaseDateText: string | null;
  comingSoon: boolean;
  /** Null for free games and apps not on sale. */
  price: StorePrice | null;
  recommendations: number | null;
}

/**
 * A value from Steam and where it came from: `live` (just fetched), `cache` (a fresh cached response, no call)
 * or `stale` (an expired cached response served because Steam was unreachable). `stale` repeats
 * `source === 'stale'` for callers that only care about that.
 */
export interface SteamResult<T> {
  value: T;
  source: 'live' | 'cache' | 'stale';
  stale: boolean;
  /** When the underlying response was fetched from Steam. */
  fetchedAt: Date;
}
