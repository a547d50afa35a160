import type { MemberInput } from '../contract/recommendations.ts';
import { CoplayError, isCoplayError } from '../errors.ts';
import type { LibraryEntry } from '../model/confidence.ts';
import { parseMemberIdentifier } from '../steam/steam-id.ts';
import type { SteamClient } from '../steam/steam-client.ts';
import type { Store } from '../store/store.ts';

/** A member with their library, ready for the group engine. */
export interface ResolvedMember {
  label: string;
  steamId?: string;
  avatarUrl?: string;
  games: LibraryEntry[];
  /** True when the library came from an expired cache because Steam was unreachable. */
  stale: boolean;
}

export const SAMPLE_DATASET = 'steam200k';

/** Every game of a dataset user ("sample player"). */
async function sampleLibrary(store: Store, userId: string): Promise<LibraryEntry[] | undefined> {
  const byUser = await store.interactions.topGamesByUser([userId], 1_000_000, SAMPLE_DATASET);
  const games = byUser.get(userId);
  if (!games || games.length === 0) return undefined;
  return games.map((g) => ({ appid: g.appid, playtimeMinutes: Math.round(g.hours * 60) }));
}

function describe(member: MemberInput): string {
  if ('steamId' in member) return member.steamId;
  if ('vanity' in member) return member.vanity;
  if ('profileUrl' in member) return member.profileUrl;
  if ('sampleUser' in member) return `sample player ${member.sampleUser}`;
  return member.name;
}

/**
 * Resolves request members to libraries: inline libraries as given, sample players from the bundled
 * dataset, Steam members through the Steam client (which caches, rate-limits and retries). Every error
 * names the member (1-based, as a person counts) so the page can show it next to the right input.
 */
export class MemberResolver {
  constructor(
    private readonly store: Store,
    private readonly steam: SteamClient | undefined,
  ) {}

  async resolveAll(members: readonly MemberInput[]): Promise<ResolvedMember[]> {
    return Promise.all(members.map((member, index) => this.resolveNamed(member, index)));
  }

  private async resolveNamed(member: MemberInput, index: number): Promise<ResolvedMember> {
    try {
      return await this.resolve(member);
    } catch (error) {
      if (!isCoplayError(error)) throw error;
      throw new CoplayError(error.code, `Member ${index + 1} (${describe(member)}): ${error.message}`, {
        cause: error,
        details: { ...error.details, member: index },
      });
    }
  }

  private async resolve(member: MemberInput): Promise<ResolvedMember> {
    if ('games' in member) return { label: member.name, games: member.games, stale: false };
    if ('sampleUser' in member) {
      const games = await sampleLibrary(this.store, member.sampleUser);
      if (!games) throw new CoplayError('MEMBER_UNKNOWN', `no sample player "${member.sampleUser}" in the bundled dataset`);
      return { label: `Player ${member.sampleUser}`, games, stale: false };
    }
    const input = 'steamId' in member ? member.steamId : 'vanity' in member ? member.vanity : member.profileUrl;
    const identifier = parseMemberIdentifier(input);
    if (!this.steam) {
      throw new CoplayError(
        'STEAM_KEY_MISSING',
        'Steam members need a Steam Web API key: set STEAM_API_KEY on the server, or paste the library, or use sample players',
      );
    }
    const steamId =
      identifier.kind === 'steamId' ? identifier.steamId : (await this.steam.resolveVanity(identifier.vanity)).value;
    const [summaries, owned] = await Promise.all([this.steam.getPlayerSummaries([steamId]), this.steam.getOwnedGames(steamId)]);
    const summary = summaries.value[0];
    return {
      label: summary?.personaName ?? steamId,
      steamId,
      ...(summary ? { avatarUrl: summary.avatarUrl } : {}),
      games: owned.value.games.map((g) => ({ appid: g.appid, playtimeMinutes: g.playtimeForeverMinutes })),
      stale: owned.stale || summaries.stale,
    };
  }
}
