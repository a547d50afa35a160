import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponse, JSON_BODY_RESPONSES, RATE_LIMITED_RESPONSES } from '../../contract/errors.ts';
import {
  RecommendationRequestSchema,
  RecommendationResponseSchema,
  type RecommendationResponse,
} from '../../contract/recommendations.ts';
import type { MemberResolver } from '../member-resolver.ts';
import type { ModelRegistry } from '../model-registry.ts';
import { CoplayError } from '../../errors.ts';
import { recommendForRequest, type EngineTimeObserver } from '../recommend-for-request.ts';

export interface RecommendationRoutesOptions {
  models: ModelRegistry;
  members: MemberResolver;
  /** Hears the engine time of each answered request (the metrics). */
  onEngineTime?: EngineTimeObserver;
}

/** POST /api/v1/recommendations: a group of 2–8 members in, ranked multiplayer games with reasons out. */
export const recommendationRoutes: FastifyPluginAsyncZod<RecommendationRoutesOptions> = async (
  app,
  { models, members, onEngineTime },
) => {
  app.post(
    '/api/v1/recommendations',
    {
      schema: {
        summary: 'Recommend multiplayer games for a group',
        tags: ['recommendations'],
        body: RecommendationRequestSchema,
        response: {
          200: RecommendationResponseSchema,
          400: errorResponse(
            'INVALID_INPUT: the body breaks the schema (the message names the field); GROUP_SIZE_OUT_OF_RANGE: ' +
              'not 2 to 8 members; STEAM_ID_INVALID: a member is not a SteamID64, profile URL or vanity name; ' +
              'STEAM_KEY_MISSING: a Steam member without STEAM_API_KEY on the server',
          ),
          404: errorResponse(
            'MEMBER_UNKNOWN: no such sample player; STEAM_ID_UNRESOLVED: no Steam profile has that vanity name',
          ),
          ...JSON_BODY_RESPONSES,
          422: errorResponse("STEAM_PROFILE_PRIVATE: a Steam member's game details are private"),
          ...RATE_LIMITED_RESPONSES,
          500: errorResponse('INTERNAL: the server could not rank the group (its engine threads failed)'),
          502: errorResponse(
            'STEAM_BAD_RESPONSE: Steam answered with something that is not the expected JSON',
          ),
          503: errorResponse(
            'MODEL_NOT_READY: no trained model is published yet; STEAM_UNAVAILABLE: Steam is down, ' +
              'rate-limited or timing out and nothing is cached; DATABASE_UNAVAILABLE: the database cannot be ' +
              'reached right now (Retry-After with the last two)',
          ),
        },
      },
    },
    async (request, reply): Promise<RecommendationResponse> => {
      // A client that goes away before its answer (a closed tab, a new search) takes its members' Steam
      // calls with it: they would spend the rate limit on an answer nobody reads.
      const gone = new AbortController();
      const onClose = (): void => {
        if (!reply.raw.writableEnded)
          gone.abort(new CoplayError('INVALID_INPUT', 'the client closed the connection before the answer'));
      };
      reply.raw.once('close', onClose);
      try {
        return await recommendForRequest(models, members, request.body, onEngineTime, gone.signal);
      } finally {
        reply.raw.off('close', onClose);
      }
    },
  );
};
