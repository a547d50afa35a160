import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorResponseSchema } from '../../contract/errors.ts';
import {
  MAX_MEMBERS,
  MIN_MEMBERS,
  RecommendationRequestSchema,
  RecommendationResponseSchema,
  type RecommendationResponse,
} from '../../contract/recommendations.ts';
import { CoplayError } from '../../errors.ts';
import { recommendGroup } from '../../group/recommend-group.ts';
import type { MemberResolver } from '../member-resolver.ts';
import type { ModelRegistry } from '../model-registry.ts';
import { capsuleImageUrl, presentPlayers, storeUrl } from '../present-game.ts';

export interface RecommendationRoutesOptions {
  models: ModelRegistry;
  members: MemberResolver;
}

/** POST /api/v1/recommendations: a group of 2–8 members in, ranked multiplayer games with reasons out. */
export const recommendationRoutes: FastifyPluginAsyncZod<RecommendationRoutesOptions> = async (app, { models, members }) => {
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
      const body = request.body;
      if (body.members.length < MIN_MEMBERS || body.members.length > MAX_MEMBERS) {
        throw new CoplayError(
          'GROUP_SIZE_OUT_OF_RANGE',
          `A group has ${MIN_MEMBERS} to ${MAX_MEMBERS} members; this one has ${body.members.length}`,
        );
      }
      const served = models.current();
      const resolved = await members.resolveAll(body.members);
      const result = recommendGroup(served.groupModel, {
        members: resolved.map((m) => ({ label: m.label, games: m.games })),
        ...(body.strategy ? { strategy: body.strategy } : {}),
        filters: body.filters,
        limit: body.limit,
      });
      return {
        model: served.info,
        strategy: result.strategy,
        members: result.members.map((m, i) => {
          const r = resolved[i];
          return {
            label: m.label,
            gameCount: m.gameCount,
            knownGameCount: m.knownGameCount,
            ...(r?.steamId ? { steamId: r.steamId } : {}),
            ...(r?.avatarUrl ? { avatarUrl: r.avatarUrl } : {}),
            ...(r?.stale ? { stale: true } : {}),
          };
        }),
        items: result.items.map((item) => ({
          appid: item.appid,
          name: item.game.name,
          score: item.score,
          members: item.members,
          modes: item.game.multiplayer.modes,
          players: presentPlayers(item.game),
          platforms: item.game.platforms,
          price: item.game.priceGbp,
          genres: item.game.genres,
          tags: item.game.tags.slice(0, 8),
          releaseDate: item.game.releaseDate,
          storeUrl: storeUrl(item.appid),
          imageUrl: capsuleImageUrl(item.appid),
          reasons: item.reasons,
        })),
      };
    },
  );
};
