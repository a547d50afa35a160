/**
 * Steam's rules for naming a member: a SteamID64, a steamcommunity.com profile URL or a vanity (custom URL)
 * name. Pure and shared: the server refuses bad input with them (src/steam/steam-id.ts) and the page uses
 * the same rules and words to say what is wrong while the user types.
 */

/** What a user typed to name a Steam member: a SteamID64 ready to use, or a vanity name still to resolve. */
export type MemberIdentifier = { kind: 'steamId'; steamId: string } | { kind: 'vanity'; vanity: string };

/** A parse: the identifier, or the problem as a clause ("a SteamID64 has 17 digits; this one has 16"). */
export type ParsedIdentifier = { ok: true; id: MemberIdentifier } | { ok: false; problem: string };

// Individual accounts are universe 1, type 1, instance 1: 0x0110000100000000 + account id (1 … 2^32 - 1).
const STEAM_ID64_MIN = 76561197960265728n + 1n;
const STEAM_ID64_MAX = 76561197960265728n + 0xffffffffn;
const VANITY_PATTERN = /^[A-Za-z0-9_-]{2,32}$/;
const COMMUNITY_HOSTS = new Set(['steamcommunity.com', 'www.steamcommunity.com']);

/** True when `value` is a SteamID64 of an individual account (17 digits, inside the valid account range). */
export function isSteamId64(value: string): boolean {
  if (!/^\d{17}$/.test(value)) return false;
  const id = BigInt(value);
  return id >= STEAM_ID64_MIN && id <= STEAM_ID64_MAX;
}

/** True when `value` fits Steam's custom-URL rules: 2–32 letters, digits, `_` or `-`. */
export function isVanityName(value: string): boolean {
  return VANITY_PATTERN.test(value);
}

const problem = (why: string): ParsedIdentifier => ({ ok: false, problem: why });

/**
 * Parses a SteamID64, a steamcommunity.com profile URL (`/profiles/<id>` or `/id/<vanity>`, scheme and www
 * optional, trailing paths ignored) or a bare vanity name, after trimming.
 */
export function parseIdentifier(input: string): ParsedIdentifier {
  const text = input.trim();
  if (text === '') return problem('it is empty');
  if (/^\d+$/.test(text) && (text.length === 17 || text.startsWith('7656'))) return steamIdFrom(text);
  if (text.includes('/') || /^(www\.)?steamcommunity\.com$/i.test(text)) return fromUrl(text);
  if (isVanityName(text)) return { ok: true, id: { kind: 'vanity', vanity: text } };
  if (text.length < 2 || text.length > 32)
    return problem(`a vanity name is 2–32 characters long; this one has ${text.length}`);
  return problem('a vanity name may contain only letters, digits, "_" and "-"');
}

function fromUrl(text: string): ParsedIdentifier {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return problem('this is not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return problem(`a profile URL starts with https://, not ${url.protocol}//`);
  if (!COMMUNITY_HOSTS.has(url.hostname.toLowerCase()))
    return problem(`a profile URL is on steamcommunity.com, not ${url.hostname}`);
  const [section, value] = url.pathname.split('/').filter((segment) => segment !== '');
  if (section === 'profiles' && value !== undefined) return steamIdFrom(value);
  if (section === 'id' && value !== undefined) {
    if (isVanityName(value)) return { ok: true, id: { kind: 'vanity', vanity: value } };
    return problem(`"${value}" is not a vanity name (2–32 letters, digits, "_" or "-")`);
  }
  return problem('a profile URL looks like steamcommunity.com/id/<name> or steamcommunity.com/profiles/<id>');
}

function steamIdFrom(value: string): ParsedIdentifier {
  if (isSteamId64(value)) return { ok: true, id: { kind: 'steamId', steamId: value } };
  if (!/^\d+$/.test(value)) return problem(`"${value}" is not a SteamID64 (17 digits)`);
  if (value.length !== 17) return problem(`a SteamID64 has 17 digits; this one has ${value.length}`);
  return problem(`"${value}" is outside the range of players' SteamID64s (a player's starts with 7656119)`);
}
