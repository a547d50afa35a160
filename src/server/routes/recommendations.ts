import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorResponseSchema } from '../../contract/errors.ts';
import {
  RecommendationRequestSchema,
  RecommendationResponseSchema,
  type RecommendationResponse,
} from '../../contract/recommendations.ts';
import type { MemberResolver } from '../member-resolver.ts';
import type { ModelRegistry } from '../model-registry.ts';
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
          400: ErrorResponseSchema,
          404: ErrorResponseSchema,
          422: ErrorResponseSchema,
          503: ErrorResponseSchema,
        },
      },
    },
    async (request): Promise<RecommendationResponse> => {
      return recommendForRequest(models.current(), members, request.body, onEngineTime);
    },
  );
};
