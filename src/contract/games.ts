import { z } from 'zod';
import { MULTIPLAYER_MODES, PLATFORMS } from '../catalog/game.ts';
import { PlayersSchema } from './recommendations.ts';

export const GameSchema = z.object({
  appid: z.number().int(),
  name: z.string(),
  releaseDate: z.string().nullable(),
  developers: z.array(z.string()),
  publishers: z.array(z.string()),
  platforms: z.array(z.enum(PLATFORMS)).nullable(),
  requiredAge: z.number().int().nullable(),
  genres: z.array(z.string()),
  categories: z.array(z.string()),
  tags: z.array(z.string()),
  price: z.number().nullable(),
  positiveRatings: z.number().int().nullable(),
  negativeRatings: z.number().int().nullable(),
  isMultiplayer: z.boolean(),
  modes: z.array(z.enum(MULTIPLAYER_MODES)),
  players: PlayersSchema,
  storeUrl: z.string(),
  imageUrl: z.string(),
});
export type GameView = z.infer<typeof GameSchema>;

/** Strict like the bodies: a misspelt parameter (`?search=farm&limt=5`) is refused by name, not ignored. */
export const GameSearchQuerySchema = z
  .object({
    search: z.string().trim().min(1).max(100),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

export const GameSearchResponseSchema = z.object({ items: z.array(GameSchema) });

export const AppidParamsSchema = z.object({ appid: z.coerce.number().int().positive() });
