import { CoplayError } from '../errors.ts';

/** What a user typed to name a Steam member: a SteamID64 ready to use, or a vanity name still to resolve. */
export type MemberIdentifier = { kind: 'steamId'; steamId: string } | { kind: 'vanity'; vanity: string };

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

/**
 * Parses a SteamID64, a steamcommunity.com profile URL (`/profiles/<id>` or `/id/<vanity>`, scheme and www
 * optional, trailing paths ignored) or a bare vanity name. Throws STEAM_ID_INVALID saying what was wrong.
 */
export function parseMemberIdentifier(input: string): MemberIdentifier {
  const text = input.trim();
  if (text === '') throw invalid(input, 'it is empty');
  if (/^\d+$/.test(text) && (text.length === 17 || text.startsWith('7656'))) return steamIdFrom(text, input);
  if (text.includes('/') || /^(www\.)?steamcommunity\.com$/i.test(text)) return fromUrl(text, input);
  if (isVanityName(text)) return { kind: 'vanity', vanity: text };
  if (text.length < 2 || text.length > 32) {
    throw invalid(input, `a vanity name is 2–32 characters long, this one has ${text.length}`);
  }
  throw invalid(input, 'a vanity name may contain only letters, digits, "_" and "-"');
}

function fromUrl(text: string, input: string): MemberIdentifier {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw invalid(input, 'it is not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalid(input, `a profile URL starts with https://, not ${url.protocol}//`);
  }
  if (!COMMUNITY_HOSTS.has(url.hostname.toLowerCase())) {
    throw invalid(input, `a profile URL is on steamcommunity.com, not ${url.hostname}`);
  }
  const [section, value] = url.pathname.split('/').filter((segment) => segment !== '');
  if (section === 'profiles' && value !== undefined) return steamIdFrom(value, input);
  if (section === 'id' && value !== undefined) {
    if (isVanityName(value)) return { kind: 'vanity', vanity: value };
    throw invalid(input, `"${value}" is not a vanity name (2–32 letters, digits, "_" or "-")`);
  }
  throw invalid(
    input,
    'a profile URL looks like steamcommunity.com/id/<name> or steamcommunity.com/profiles/<id>',
  );
}

function steamIdFrom(value: string, input: string): MemberIdentifier {
  if (isSteamId64(value)) return { kind: 'steamId', steamId: value };
  if (!/^\d+$/.test(value)) throw invalid(input, `"${value}" is not a SteamID64 (17 digits)`);
  if (value.length !== 17) {
    throw invalid(input, `a SteamID64 has 17 digits, "${value}" has ${value.length}`);
  }
  throw invalid(input, `"${value}" is outside the range of SteamID64s of individual accounts (7656119…)`);
}

function invalid(input: string, why: string): CoplayError {
  const shown = input.length > 80 ? `${input.slice(0, 77)}...` : input;
  return new CoplayError(
    'STEAM_ID_INVALID',
    `"${shown}" is not a SteamID64, steamcommunity.com profile URL or vanity name: ${why}.`,
  );
}
