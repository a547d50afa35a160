import type { MemberInput } from '../contract/recommendations.ts';
import { CoplayError, isCoplayError } from '../errors.ts';
import type { LibraryEntry } from '../model/confidence.ts';
import { parseMemberIdentifier } from '../steam/steam-id.ts';
import type { SteamClient } from '../steam/steam-client.ts';
import type { OwnedGame, PlayerSummary } from '../steam/steam-types.ts';
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

/** A Steam member's identifier as typed: SteamID64, vanity name or profile URL. */
export function steamInputOf(
  member: Extract<MemberInput, { steamId: string } | { vanity: string } | { profileUrl: string }>,
): string {
  return 'steamId' in member ? member.steamId : 'vanity' in member ? member.vanity : member.profileUrl;
}

/** `error` as told of the member at `index` (1-based in the text, as a person counts), for the page to place. */
export function errorForMember(error: CoplayError, member: MemberInput, index: number): CoplayError {
  return new CoplayError(error.code, `Member ${index + 1} (${describe(member)}): ${error.message}`, {
    cause: error,
    details: { ...error.details, member: index },
  });
}

/** MEMBER_UNKNOWN for a sample player the bundled dataset does not have. */
export function unknownSamplePlayer(id: string): CoplayError {
  return new CoplayError('MEMBER_UNKNOWN', `no sample player "${id}" in the bundled dataset`);
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
    private readonly onStoreError?: (error: unknown) => void,
  ) {}

  /**
   * Every member, in order; the first failure fails the group and gives up the other members' Steam calls
   * still queued or in flight, which would only spend the rate limit on an answer nobody reads. So does
   * `signal` (the client went away).
   */
  async resolveAll(members: readonly MemberInput[], signal?: AbortSignal): Promise<ResolvedMember[]> {
    const group = new AbortController();
    const giveUp = (): void => group.abort(signal?.reason);
    signal?.addEventListener('abort', giveUp, { once: true });
    if (signal?.aborted) giveUp();
    try {
      return await Promise.all(
        members.map((member, index) =>
          this.resolveNamed(member, index, group.signal).catch((error: unknown) => {
            group.abort(error);
            throw error;
          }),
        ),
      );
    } finally {
      signal?.removeEventListener('abort', giveUp);
    }
  }

  private async resolveNamed(
    member: MemberInput,
    index: number,
    signal: AbortSignal,
  ): Promise<ResolvedMember> {
    try {
      return await this.resolve(member, signal);
    } catch (error) {
      if (!isCoplayError(error)) throw error;
      throw errorForMember(error, member, index);
    }
  }

  private async resolve(member: MemberInput, signal: AbortSignal): Promise<ResolvedMember> {
    if ('games' in member) return { label: member.name, games: member.games, stale: false };
    if ('sampleUser' in member) {
      const games = await sampleLibrary(this.store, member.sampleUser);
      if (!games) throw unknownSamplePlayer(member.sampleUser);
      return { label: `Player ${member.sampleUser}`, games, stale: false };
    }
    const identifier = parseMemberIdentifier(steamInputOf(member));
    if (!this.steam) {
      throw new CoplayError(
        'STEAM_KEY_MISSING',
        'Steam members need a Steam Web API key: set STEAM_API_KEY on the server, or paste the library, or use sample players',
      );
    }
    const steamId =
      identifier.kind === 'steamId'
        ? identifier.steamId
        : (await this.steam.resolveVanity(identifier.vanity, { signal })).value;
    const [summaries, owned] = await Promise.all([
      this.steam.getPlayerSummaries([steamId], { signal }),
      this.steam.getOwnedGames(steamId, { signal }),
    ]);
    const summary = summaries.value[0];
    if (owned.source === 'live') await this.remember(steamId, summary, owned.value.games, owned.fetchedAt);
    return {
      label: summary?.personaName ?? steamId,
      steamId,
      ...(summary ? { avatarUrl: summary.avatarUrl } : {}),
      games: owned.value.games.map((g) => ({ appid: g.appid, playtimeMinutes: g.playtimeForeverMinutes })),
      stale: owned.stale || summaries.stale,
    };
  }

  /**
   * Keeps a freshly fetched library so the pipeline can learn from the players who use Coplay. A failure to
   * store it must not fail the recommendation the player is waiting for, so it is logged upstream, not thrown.
   */
  private async remember(
    steamId: string,
    summary: PlayerSummary | undefined,
    games: OwnedGame[],
    fetchedAt: Date,
  ): Promise<void> {
    try {
      await this.store.transaction(async (tx) => {
        if (summary) {
          await tx.players.upsert({
            steamId,
            personaName: summary.personaName,
            avatarUrl: summary.avatarUrl,
            profileVisibility:
              summary.visibility === 'public' ? 3 : summary.visibility === 'friends_only' ? 2 : 1,
            fetchedAt,
          });
        }
        await tx.libraries.replace(
          steamId,
          games.map((g) => ({
            appid: g.appid,
            playtimeForeverMinutes: g.playtimeForeverMinutes,
            playtime2WeeksMinutes: g.playtime2WeeksMinutes,
          })),
          fetchedAt,
        );
      });
    } catch (error) {
      this.onStoreError?.(error);
    }
  }
}
