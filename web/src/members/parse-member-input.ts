/**
 * The server's rules for naming a Steam member (src/steam/steam-id.ts), repeated here so the page can say
 * what is wrong while the user types; the web app may import only src/contract, hence the copy.
 */

/** A Steam member as the page keeps it: a SteamID64, or a vanity name still to resolve. */
export type SteamRef = { kind: 'steam'; steamId: string } | { kind: 'vanity'; vanity: string };

export type ParsedMemberInput = { ok: true; ref: SteamRef } | { ok: false; message: string };

// Individual accounts are universe 1, type 1, instance 1: 0x0110000100000000 + account id (1 … 2^32 - 1).
const STEAM_ID64_MIN = 76561197960265728n + 1n;
const STEAM_ID64_MAX = 76561197960265728n + 0xffffffffn;
const VANITY_PATTERN = /^[A-Za-z0-9_-]{2,32}$/;
const COMMUNITY_HOSTS = new Set(['steamcommunity.com', 'www.steamcommunity.com']);

/** True when `value` is a SteamID64 of an individual account (17 digits starting 7656119…). */
export function isSteamId64(value: string): boolean {
  if (!/^\d{17}$/.test(value)) return false;
  const id = BigInt(value);
  return id >= STEAM_ID64_MIN && id <= STEAM_ID64_MAX;
}

const fail = (message: string): ParsedMemberInput => ({ ok: false, message });

function steamIdFrom(value: string): ParsedMemberInput {
  if (isSteamId64(value)) return { ok: true, ref: { kind: 'steam', steamId: value } };
  if (!/^\d+$/.test(value)) return fail(`"${value}" is not a SteamID64 (17 digits)`);
  if (value.length !== 17) return fail(`A SteamID64 has 17 digits; this one has ${value.length}`);
  return fail('A SteamID64 of a player starts with 7656119');
}

function fromUrl(text: string): ParsedMemberInput {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return fail('This is not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return fail('A profile URL starts with https://');
  if (!COMMUNITY_HOSTS.has(url.hostname.toLowerCase())) {
    return fail(`A profile URL is on steamcommunity.com, not ${url.hostname}`);
  }
  const [section, value] = url.pathname.split('/').filter((segment) => segment !== '');
  if (section === 'profiles' && value !== undefined) return steamIdFrom(value);
  if (section === 'id' && value !== undefined) {
    if (VANITY_PATTERN.test(value)) return { ok: true, ref: { kind: 'vanity', vanity: value } };
    return fail(`"${value}" is not a custom URL name (2–32 letters, digits, _ or -)`);
  }
  return fail('A profile URL looks like steamcommunity.com/id/<name> or steamcommunity.com/profiles/<id>');
}

/** Parses a SteamID64, a steamcommunity.com profile URL or a vanity name, with a message saying what is wrong. */
export function parseMemberInput(input: string): ParsedMemberInput {
  const text = input.trim();
  if (text === '') return fail('Type a Steam profile URL, SteamID64 or custom URL name');
  if (/^\d+$/.test(text) && (text.length === 17 || text.startsWith('7656'))) return steamIdFrom(text);
  if (text.includes('/') || /^(www\.)?steamcommunity\.com$/i.test(text)) return fromUrl(text);
  if (VANITY_PATTERN.test(text)) return { ok: true, ref: { kind: 'vanity', vanity: text } };
  if (text.length < 2 || text.length > 32) {
    return fail(`A custom URL name is 2–32 characters long; this one has ${text.length}`);
  }
  return fail('A custom URL name may contain only letters, digits, _ and -');
}
