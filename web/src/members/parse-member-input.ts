import { isSteamId64, parseIdentifier } from '../../../src/contract/member-identifier.ts';

export { isSteamId64 };

/** A Steam member as the page keeps it: a SteamID64, or a vanity name still to resolve. */
export type SteamRef = { kind: 'steam'; steamId: string } | { kind: 'vanity'; vanity: string };

export type ParsedMemberInput = { ok: true; ref: SteamRef } | { ok: false; message: string };

/**
 * Parses a SteamID64, a steamcommunity.com profile URL or a vanity name with the server's own rules
 * (src/contract/member-identifier.ts), with a sentence saying what is wrong while the user types.
 */
export function parseMemberInput(input: string): ParsedMemberInput {
  if (input.trim() === '')
    return { ok: false, message: 'Type a Steam profile URL, SteamID64 or custom URL name' };
  const parsed = parseIdentifier(input);
  if (!parsed.ok)
    return { ok: false, message: parsed.problem.charAt(0).toUpperCase() + parsed.problem.slice(1) };
  return {
    ok: true,
    ref: parsed.id.kind === 'steamId' ? { kind: 'steam', steamId: parsed.id.steamId } : parsed.id,
  };
}
