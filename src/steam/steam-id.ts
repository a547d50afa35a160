import { parseIdentifier, type MemberIdentifier } from '../contract/member-identifier.ts';
import { CoplayError } from '../errors.ts';

export { isSteamId64, isVanityName, type MemberIdentifier } from '../contract/member-identifier.ts';

/**
 * Parses a SteamID64, a steamcommunity.com profile URL (`/profiles/<id>` or `/id/<vanity>`, scheme and www
 * optional, trailing paths ignored) or a bare vanity name. Throws STEAM_ID_INVALID saying what was wrong.
 */
export function parseMemberIdentifier(input: string): MemberIdentifier {
  const parsed = parseIdentifier(input);
  if (!parsed.ok) throw invalid(input, parsed.problem);
  return parsed.id;
}

function invalid(input: string, why: string): CoplayError {
  const shown = input.length > 80 ? `${input.slice(0, 77)}...` : input;
  return new CoplayError(
    'STEAM_ID_INVALID',
    `"${shown}" is not a SteamID64, steamcommunity.com profile URL or vanity name: ${why}.`,
  );
}
