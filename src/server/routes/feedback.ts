import { createHash, randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  DATABASE_UNAVAILABLE_RESPONSE,
  errorResponse,
  JSON_BODY_RESPONSES,
  RATE_LIMITED_RESPONSES,
} from '../../contract/errors.ts';
import {
  FeedbackRequestSchema,
  FeedbackResponseSchema,
  FeedbackUndoParamsSchema,
} from '../../contract/feedback.ts';
import type { MemberInput } from '../../contract/recommendations.ts';
import { CoplayError, isCoplayError } from '../../errors.ts';
import type { SteamClient } from '../../steam/steam-client.ts';
import { parseMemberIdentifier, type MemberIdentifier } from '../../steam/steam-id.ts';
import type { Store } from '../../store/store.ts';
import { errorForMember, SAMPLE_DATASET, steamInputOf, unknownSamplePlayer } from '../member-resolver.ts';

export interface FeedbackRoutesOptions {
  store: Store;
  /** Resolves vanity members to their SteamID64; absent when the server has no STEAM_API_KEY. */
  steam?: SteamClient;
}

/**
 * The key each member's feedback is stored under, which the pipeline's trainingKeyOfMember reads:
 * - `sample:<id>` for a sample player, once the bundled dataset is known to have them: an unknown one is the
 *   404 MEMBER_UNKNOWN the recommendation route gives, not a training user made of feedback alone.
 * - `steam:<SteamID64>` for a Steam member, so the feedback joins the library stored for them. A vanity name
 *   (bare or in a profile URL) is resolved through the Steam client, which caches it: the recommendation this
 *   feedback is about has just resolved it. A name Steam does not know is the recommendation route's 404
 *   STEAM_ID_UNRESOLVED. With no Steam client, or while Steam cannot answer and nothing is cached, the key is
 *   `vanity:<name>`: the event is still kept (feedback is recorded while Steam is down) and its other
 *   members still train, but the pipeline leaves `vanity:` members out of training rather than make a second
 *   user apart from their Steam library.
 * - `inline:<hash of the appids>` for a pasted library, which the pipeline never trains on. Its library is
 *   not stored, so a training row would hold only the feedback, and nothing ties two pastes to one person: a
 *   name ("Me") merges strangers, and a hash of the library splits one person whenever they paste it again
 *   with a game more while merging everyone with the same few games. The hash (not the name) keeps unrelated
 *   groups' group keys apart and stores nothing the user typed about themselves.
 */
async function memberKeys(
  members: readonly MemberInput[],
  store: Store,
  steam: SteamClient | undefined,
  log: FastifyBaseLogger,
): Promise<string[]> {
  const sampleIds = members.flatMap((member) => ('sampleUser' in member ? [member.sampleUser] : []));
  const known =
    sampleIds.length === 0
      ? new Map()
      : await store.interactions.topGamesByUser(sampleIds, 1, SAMPLE_DATASET);
  return Promise.all(
    members.map(async (member, index) => {
      if ('sampleUser' in member) {
        if (known.has(member.sampleUser)) return `sample:${member.sampleUser}`;
        throw errorForMember(unknownSamplePlayer(member.sampleUser), member, index);
      }
      if ('games' in member) {
        const appids = [...new Set(member.games.map((game) => game.appid))].sort((a, b) => a - b);
        return `inline:${createHash('sha256').update(appids.join(',')).digest('hex').slice(0, 16)}`;
      }
      let id: MemberIdentifier;
      try {
        id = parseMemberIdentifier(steamInputOf(member));
      } catch (error) {
        throw isCoplayError(error) ? errorForMember(error, member, index) : error;
      }
      if (id.kind === 'steamId') return `steam:${id.steamId}`;
      const vanityKey = `vanity:${id.vanity.toLowerCase()}`;
      if (!steam) return vanityKey;
      try {
        return `steam:${(await steam.resolveVanity(id.vanity)).value}`;
      } catch (error) {
        if (!isCoplayError(error)) throw error;
        if (error.code === 'STEAM_ID_UNRESOLVED' || error.code === 'STEAM_ID_INVALID')
          throw errorForMember(error, member, index);
        log.warn(
          { err: error, vanity: id.vanity },
          'feedback stored under a vanity key: Steam did not resolve it',
        );
        return vanityKey;
      }
    }),
  );
}

/**
 * POST /api/v1/feedback records liked / dismissed / played_together and answers with an undo token;
 * DELETE /api/v1/feedback/:undoToken undoes that event. Ids are sequential, so they never undo anything.
 */
export const feedbackRoutes: FastifyPluginAsyncZod<FeedbackRoutesOptions> = async (app, { store, steam }) => {
  app.post(
    '/api/v1/feedback',
    {
      schema: {
        summary: "Record a group's feedback on a recommended game",
        description:
          'Answers with an undoToken, the only way to undo the event later; the server keeps only its hash.',
        tags: ['feedback'],
        body: FeedbackRequestSchema,
        response: {
          201: FeedbackResponseSchema,
          200: FeedbackResponseSchema.describe('A retry with the same undoToken: the event already recorded'),
          400: errorResponse('INVALID_INPUT or STEAM_ID_INVALID: the body or a member is malformed'),
          404: errorResponse(
            'GAME_NOT_FOUND, MEMBER_UNKNOWN (no such sample player) or STEAM_ID_UNRESOLVED (no such vanity name)',
          ),
          ...JSON_BODY_RESPONSES,
          ...RATE_LIMITED_RESPONSES,
          503: DATABASE_UNAVAILABLE_RESPONSE,
        },
      },
    },
    async (request, reply) => {
      const { members, appid, kind, modelVersion } = request.body;
      if (!(await store.games.get(appid)))
        throw new CoplayError('GAME_NOT_FOUND', `no game with appid ${appid} in the catalog`);
      const keys = await memberKeys(members, store, steam, request.log);
      // A token the client chose makes a retry safe: the same token again answers with the same event.
      const undoToken = request.body.undoToken ?? randomBytes(32).toString('base64url');
      const { id, createdAt, created } = await store.feedback.recordOnce({
        memberKeys: keys,
        appid,
        kind,
        modelVersion: modelVersion ?? null,
        undoToken,
      });
      return reply.status(created ? 201 : 200).send({ id, recordedAt: createdAt.toISOString(), undoToken });
    },
  );
  app.delete(
    '/api/v1/feedback/:undoToken',
    {
      schema: {
        summary: 'Undo a feedback event',
        description:
          'Takes the undoToken its POST returned. Events recorded before undo tokens existed cannot be undone.',
        tags: ['feedback'],
        params: FeedbackUndoParamsSchema,
        response: {
          200: z.object({ undone: z.literal(true) }),
          400: errorResponse('INVALID_INPUT: the path does not hold a well-formed undo token'),
          404: errorResponse('NOT_FOUND: no event has this undo token, or it was already undone'),
          ...RATE_LIMITED_RESPONSES,
          503: DATABASE_UNAVAILABLE_RESPONSE,
        },
      },
    },
    async (request) => {
      if (!(await store.feedback.undo(request.params.undoToken))) {
        throw new CoplayError(
          'NOT_FOUND',
          'no feedback event to undo with this undo token: it is unknown, or the event was already undone',
        );
      }
      return { undone: true as const };
    },
  );
};
