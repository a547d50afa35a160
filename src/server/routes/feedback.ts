import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponseSchema } from '../../contract/errors.ts';
import {
  FeedbackIdParamsSchema,
  FeedbackRequestSchema,
  FeedbackResponseSchema,
} from '../../contract/feedback.ts';
import type { MemberInput } from '../../contract/recommendations.ts';
import { CoplayError } from '../../errors.ts';
import { parseMemberIdentifier } from '../../steam/steam-id.ts';
import type { Store } from '../../store/store.ts';

/**
 * A stable key per member, without calling Steam: feedback must be recorded even while Steam is down.
 * Vanity names stay vanity keys; the pipeline resolves them when it trains.
 */
export function memberKey(member: MemberInput): string {
  if ('sampleUser' in member) return `sample:${member.sampleUser}`;
  if ('games' in member) return `inline:${member.name}`;
  const raw = 'steamId' in member ? member.steamId : 'vanity' in member ? member.vanity : member.profileUrl;
  const id = parseMemberIdentifier(raw);
  return id.kind === 'steamId' ? `steam:${id.steamId}` : `vanity:${id.vanity.toLowerCase()}`;
}

/** POST /api/v1/feedback records liked / dismissed / played_together; DELETE undoes one. */
export const feedbackRoutes: FastifyPluginAsyncZod<{ store: Store }> = async (app, { store }) => {
  app.post(
    '/api/v1/feedback',
    {
      schema: {
        summary: "Record a group's feedback on a recommended game",
        tags: ['feedback'],
        body: FeedbackRequestSchema,
        response: { 201: FeedbackResponseSchema, 400: ErrorResponseSchema, 404: ErrorResponseSchema },
      },
    },
    async (request, reply) => {
      const { members, appid, kind, modelVersion } = request.body;
      if (!(await store.games.get(appid)))
        throw new CoplayError('GAME_NOT_FOUND', `no game with appid ${appid} in the catalog`);
      const recordedAt = new Date();
      const id = await store.feedback.record({
        memberKeys: members.map(memberKey),
        appid,
        kind,
        modelVersion: modelVersion ?? null,
        createdAt: recordedAt,
      });
      return reply.status(201).send({ id, recordedAt: recordedAt.toISOString() });
    },
  );
  app.delete(
    '/api/v1/feedback/:id',
    {
      schema: {
        summary: 'Undo a feedback event',
        tags: ['feedback'],
        params: FeedbackIdParamsSchema,
        response: { 200: z.object({ undone: z.literal(true) }), 404: ErrorResponseSchema },
      },
    },
    async (request) => {
      if (!(await store.feedback.undo(request.params.id))) {
        throw new CoplayError('NOT_FOUND', `no feedback event ${request.params.id} to undo`);
      }
      return { undone: true as const };
    },
  );
};
