import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  DATABASE_UNAVAILABLE_RESPONSE,
  errorResponse,
  RATE_LIMITED_RESPONSES,
} from '../../contract/errors.ts';
import {
  AppidParamsSchema,
  GameSchema,
  GameSearchQuerySchema,
  GameSearchResponseSchema,
} from '../../contract/games.ts';
import { CoplayError } from '../../errors.ts';
import type { Store } from '../../store/store.ts';
import { presentGame } from '../present-game.ts';

/** Catalog look-ups: GET /api/v1/games?search=… and GET /api/v1/games/:appid. */
export const gameRoutes: FastifyPluginAsyncZod<{ store: Store }> = async (app, { store }) => {
  app.get(
    '/api/v1/games',
    {
      schema: {
        summary: 'Search the catalog by name',
        tags: ['games'],
        querystring: GameSearchQuerySchema,
        response: {
          200: GameSearchResponseSchema,
          400: errorResponse(
            'INVALID_INPUT: the query string breaks the schema (the message names the field)',
          ),
          ...RATE_LIMITED_RESPONSES,
          503: DATABASE_UNAVAILABLE_RESPONSE,
        },
      },
    },
    async (request) => ({
      items: (await store.games.search(request.query.search, request.query.limit)).map(presentGame),
    }),
  );
  app.get(
    '/api/v1/games/:appid',
    {
      schema: {
        summary: 'One catalog entry',
        tags: ['games'],
        params: AppidParamsSchema,
        response: {
          200: GameSchema,
          400: errorResponse('INVALID_INPUT: the appid is not a positive integer'),
          404: errorResponse('GAME_NOT_FOUND: no game with that appid is in the catalog'),
          ...RATE_LIMITED_RESPONSES,
          503: DATABASE_UNAVAILABLE_RESPONSE,
        },
      },
    },
    async (request) => {
      const game = await store.games.get(request.params.appid);
      if (!game)
        throw new CoplayError('GAME_NOT_FOUND', `no game with appid ${request.params.appid} in the catalog`);
      return presentGame(game);
    },
  );
};
