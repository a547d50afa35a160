import { z } from 'zod';
import { CoplayError } from '../errors.ts';
import type {
  AppDetails,
  CommunityVisibility,
  OwnedGame,
  PlayerSummary,
  SteamFriend,
} from './steam-types.ts';

// Shapes of the Steam Web API and store responses Coplay reads. Unknown fields are dropped; a missing or
// mistyped field Coplay needs fails the parse, which the client reports as STEAM_BAD_RESPONSE.

const steamId = z.string().regex(/^\d{17}$/, 'a SteamID64');
const count = z.number().int().nonnegative();
const epochSeconds = count.transform((seconds) => (seconds === 0 ? null : new Date(seconds * 1000)));

/** ISteamUser/ResolveVanityURL/v1: success 1 with a steamid, or 42 "No match". */
export const ResolveVanityResponse = z.object({
  response: z.object({
    success: z.number().int(),
    steamid: steamId.optional(),
    message: z.string().optional(),
  }),
});

const VISIBILITY: Record<number, CommunityVisibility> = { 1: 'private', 2: 'friends_only', 3: 'public' };

/** One player of GetPlayerSummaries (also what the client caches per SteamID). */
export const PlayerSummaryEntry = z
  .object({
    steamid: steamId,
    personaname: z.string(),
    profileurl: z.string(),
    avatarmedium: z.string(),
    avatarfull: z.string(),
    communityvisibilitystate: z.number().int(),
    profilestate: z.number().int().optional(),
  })
  .transform((p): PlayerSummary => ({
    steamId: p.steamid,
    personaName: p.personaname,
    profileUrl: p.profileurl,
    avatarUrl: p.avatarmedium,
    avatarFullUrl: p.avatarfull,
    // Valve documents only 1 and 3 today; anything else is treated as not public.
    visibility: VISIBILITY[p.communityvisibilitystate] ?? 'private',
    profileConfigured: p.profilestate === 1,
  }));

/** ISteamUser/GetPlayerSummaries/v2, keeping each player's raw JSON for per-player caching. */
export const PlayerSummariesResponse = z.object({
  response: z.object({ players: z.array(z.looseObject({ steamid: steamId })) }),
});

const OwnedGameEntry = z
  .object({
    appid: z.number().int().positive(),
    name: z.string().optional(),
    playtime_forever: count,
    playtime_2weeks: count.optional(),
    img_icon_url: z.string().optional(),
    rtime_last_played: epochSeconds.optional(),
  })
  .transform((g): OwnedGame => ({
    appid: g.appid,
    name: g.name ?? null,
    playtimeForeverMinutes: g.playtime_forever,
    playtime2WeeksMinutes: g.playtime_2weeks ?? 0,
    lastPlayedAt: g.rtime_last_played ?? null,
    iconUrl: g.img_icon_url
      ? `https://media.steampowered.com/steamcommunity/public/images/apps/${g.appid}/${g.img_icon_url}.jpg`
      : null,
  }));

/** IPlayerService/GetOwnedGames/v1. `game_count` is absent exactly when game details are private. */
export const OwnedGamesResponse = z.object({
  response: z.object({ game_count: count.optional(), games: z.array(OwnedGameEntry).optional() }),
});

/** ISteamUser/GetFriendList/v1. */
export const FriendListResponse = z.object({
  friendslist: z.object({
    friends: z.array(
      z
        .object({ steamid: steamId, relationship: z.string(), friend_since: epochSeconds })
        .transform((f): SteamFriend => ({
          steamId: f.steamid,
          relationship: f.relationship,
          friendSince: f.friend_since,
        })),
    ),
  }),
});

const named = z.array(z.object({ description: z.string() })).optional();

const AppData = z
  .object({
    type: z.string(),
    name: z.string(),
    steam_appid: z.number().int().positive(),
    // The store sends required_age as a number for most apps and as a string ("18") for some.
    required_age: z.union([z.number(), z.string()]).optional(),
    is_free: z.boolean(),
    short_description: z.string().optional(),
    header_image: z.string().optional(),
    developers: z.array(z.string()).optional(),
    publishers: z.array(z.string()).optional(),
    platforms: z.object({ windows: z.boolean(), mac: z.boolean(), linux: z.boolean() }),
    categories: named,
    genres: named,
    release_date: z.object({ coming_soon: z.boolean(), date: z.string() }).optional(),
    price_overview: z
      .object({ currency: z.string(), initial: count, final: count, discount_percent: count })
      .optional(),
    recommendations: z.object({ total: count }).optional(),
  })
  .transform((d): AppDetails => {
    const age = Number(d.required_age);
    return {
      appid: d.steam_appid,
      type: d.type,
      name: d.name,
      isFree: d.is_free,
      requiredAge: d.required_age === undefined || !Number.isFinite(age) ? null : age,
      shortDescription: d.short_description || null,
      headerImageUrl: d.header_image || null,
      developers: (d.developers ?? []).filter((name) => name !== ''),
      publishers: (d.publishers ?? []).filter((name) => name !== ''),
      platforms: (['windows', 'mac', 'linux'] as const).filter((platform) => d.platforms[platform]),
      categories: (d.categories ?? []).map((c) => c.description),
      genres: (d.genres ?? []).map((g) => g.description),
      releaseDate: d.release_date ? isoDateFromStore(d.release_date.date) : null,
      releaseDateText: d.release_date?.date || null,
      comingSoon: d.release_date?.coming_soon ?? false,
      price: d.price_overview
        ? {
            currency: d.price_overview.currency,
            initialMinor: d.price_overview.initial,
            finalMinor: d.price_overview.final,
            discountPercent: d.price_overview.discount_percent,
          }
        : null,
      recommendations: d.recommendations?.total ?? null,
    };
  });

/** Store api/appdetails: one entry per appid asked for, each checked with AppDetailsEntry. */
export const AppDetailsResponse = z.record(z.string(), z.unknown());

/** One app's entry of store api/appdetails: `{ success: false }` for unknown or region-locked apps. */
export const AppDetailsEntry = z.discriminatedUnion('success', [
  z.object({ success: z.literal(false) }),
  z.object({ success: z.literal(true), data: AppData }),
]);

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** "17 Nov, 2009" (cc=gb) or "Nov 17, 2009" (cc=us) → "2009-11-17"; anything vaguer → null. */
export function isoDateFromStore(text: string): string | null {
  const trimmed = text.trim();
  const dayFirst = /^(\d{1,2}) ([A-Za-z]{3})[a-z]*\.?,? (\d{4})$/.exec(trimmed);
  const monthFirst = /^([A-Za-z]{3})[a-z]*\.? (\d{1,2}),? (\d{4})$/.exec(trimmed);
  let day: string, month: string, year: string;
  if (dayFirst !== null) [, day, month, year] = dayFirst as unknown as [string, string, string, string];
  else if (monthFirst !== null)
    [, month, day, year] = monthFirst as unknown as [string, string, string, string];
  else return null;
  const monthIndex = MONTHS.indexOf(month.toLowerCase());
  if (monthIndex < 0) return null;
  const iso = `${year}-${String(monthIndex + 1).padStart(2, '0')}-${day.padStart(2, '0')}`;
  // Round-trip through Date to reject impossible days such as 31 Feb.
  const parsed = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(iso) ? iso : null;
}

/**
 * Parses `body` as JSON and checks it against `schema`; malformed JSON or a wrong shape throws
 * STEAM_BAD_RESPONSE naming the endpoint and the first offending field.
 */
export function decodeSteamJson<S extends z.ZodType>(endpoint: string, body: string, schema: S): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new CoplayError('STEAM_BAD_RESPONSE', `${endpoint} answered with something that is not JSON.`, {
      details: { endpoint, bodyLength: body.length },
    });
  }
  return decodeSteamValue(endpoint, json, schema);
}

/** Checks already-parsed JSON against `schema`, throwing STEAM_BAD_RESPONSE on a wrong shape. */
export function decodeSteamValue<S extends z.ZodType>(
  endpoint: string,
  json: unknown,
  schema: S,
): z.output<S> {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(top level)';
  throw new CoplayError(
    'STEAM_BAD_RESPONSE',
    `${endpoint} answered with JSON of an unexpected shape at ${where}: ${issue?.message ?? 'invalid'}.`,
    { details: { endpoint, path: where } },
  );
}
