import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  DATABASE_UNAVAILABLE_RESPONSE,
  errorResponse,
  JSON_BODY_RESPONSES,
  RATE_LIMITED_RESPONSES,
} from '../../contract/errors.ts';
import {
  FriendsResponseSchema,
  ResolvedMemberSchema,
  ResolveRequestSchema,
  SamplePlayersQuerySchema,
  SamplePlayersResponseSchema,
  SteamIdParamsSchema,
} from '../../contract/members.ts';
import { CoplayError } from '../../errors.ts';
import type { PlayerSummary } from '../../steam/steam-types.ts';
import type { SteamClient } from '../../steam/steam-client.ts';
import type { Store } from '../../store/store.ts';
import { SAMPLE_DATASET } from '../member-resolver.ts';

/**
 * Sample players have 8–150 matched games: enough for their recommendations to say something, and not the
 * dataset's 500-game collectors, who look like no one's friend.
 */
const SAMPLE_MIN_GAMES = 8;
const SAMPLE_MAX_GAMES = 150;

const STEAM_BAD_RESPONSE = errorResponse(
  'STEAM_BAD_RESPONSE: Steam answered with something that is not the expected JSON',
);
const STEAM_UNAVAILABLE_RESPONSE = errorResponse(
  'STEAM_UNAVAILABLE: Steam is down, rate-limited or timing out and nothing is cached; DATABASE_UNAVAILABLE: ' +
    "the database holding Steam's cached answers cannot be reached (Retry-After with both)",
);

function steamOrFail(steam: SteamClient | undefined): SteamClient {
  if (!steam) {
    throw new CoplayError(
      'STEAM_KEY_MISSING',
      'Looking up Steam profiles needs STEAM_API_KEY set on the server; sample players work without it',
    );
  }
  return steam;
}

function presentSummary(summary: PlayerSummary | undefined, steamId: string) {
  return {
    steamId,
    personaName: summary?.personaName ?? null,
    avatarUrl: summary?.avatarUrl ?? null,
    profileUrl: summary?.profileUrl ?? null,
    visibility:
      summary === undefined
        ? ('unknown' as const)
        : summary.visibility === 'public'
          ? ('public' as const)
          : ('private' as const),
  };
}

/** Members: sample players from the bundled dataset, Steam profile resolution and friend lists. */
export const memberRoutes: FastifyPluginAsyncZod<{ store: Store; steam: SteamClient | undefined }> = async (
  app,
  { store, steam },
) => {
  app.get(
    '/api/v1/sample-players',
    {
      schema: {
        summary: 'Players from the bundled dataset, to try Coplay without Steam',
        tags: ['members'],
        querystring: SamplePlayersQuerySchema,
        response: {
          200: SamplePlayersResponseSchema,
          400: errorResponse(
            'INVALID_INPUT: the query string breaks the schema (the message names the field)',
          ),
          ...RATE_LIMITED_RESPONSES,
          503: DATABASE_UNAVAILABLE_RESPONSE,
        },
      },
    },
    async (request) => {
      const users = await store.interactions.listUsersByGameCount(
        SAMPLE_MIN_GAMES,
        SAMPLE_MAX_GAMES,
        request.query.limit,
        SAMPLE_DATASET,
      );
      const top = await store.interactions.topGamesByUser(
        users.map((u) => u.userId),
        3,
        SAMPLE_DATASET,
      );
      const games = await store.games.getMany([...new Set([...top.values()].flat().map((g) => g.appid))]);
      return {
        items: users.map(({ userId, games: gameCount }) => ({
          id: userId,
          gameCount,
          topGames: (top.get(userId) ?? []).map((g) => ({
            appid: g.appid,
            name: games.get(g.appid)?.name ?? `App ${g.appid}`,
            hours: g.hours,
          })),
        })),
      };
    },
  );
  app.post(
    '/api/v1/members/resolve',
    {
      schema: {
        summary: 'Resolve a SteamID64, profile URL or vanity name to a Steam profile',
        tags: ['members'],
        body: ResolveRequestSchema,
        response: {
          200: ResolvedMemberSchema,
          400: errorResponse(
            'INVALID_INPUT: the body breaks the schema; STEAM_ID_INVALID: not a SteamID64, profile URL or ' +
              'vanity name; STEAM_KEY_MISSING: no STEAM_API_KEY on the server',
          ),
          404: errorResponse('STEAM_ID_UNRESOLVED: no Steam profile has that vanity name'),
          ...JSON_BODY_RESPONSES,
          ...RATE_LIMITED_RESPONSES,
          502: STEAM_BAD_RESPONSE,
          503: STEAM_UNAVAILABLE_RESPONSE,
        },
      },
    },
    async (request) => {
      const client = steamOrFail(steam);
      const steamId = await client.resolveMember(request.body.input);
      const summaries = await client.getPlayerSummaries([steamId]);
      return presentSummary(summaries.value[0], steamId);
    },
  );
  app.get(
    '/api/v1/members/:steamId/friends',
    {
      schema: {
        summary: "A member's Steam friends (needs a public friend list)",
        tags: ['members'],
        params: SteamIdParamsSchema,
        response: {
          200: FriendsResponseSchema,
          400: errorResponse(
            'INVALID_INPUT: the SteamID64 is not 17 digits; STEAM_KEY_MISSING: no STEAM_API_KEY on the server',
          ),
          422: errorResponse('STEAM_FRIENDS_PRIVATE: the friend list is private'),
          ...RATE_LIMITED_RESPONSES,
          502: STEAM_BAD_RESPONSE,
          503: STEAM_UNAVAILABLE_RESPONSE,
        },
      },
    },
    async (request) => {
      const client = steamOrFail(steam);
      const friends = await client.getFriendList(request.params.steamId);
      const ids = friends.value.map((f) => f.steamId);
      const summaries = ids.length > 0 ? await client.getPlayerSummaries(ids) : { value: [], stale: false };
      const byId = new Map(summaries.value.map((s) => [s.steamId, s]));
      return {
        items: ids.map((id) => presentSummary(byId.get(id), id)),
        stale: friends.stale || summaries.stale,
      };
    },
  );
};
