import { z } from 'zod';
import { MULTIPLAYER_MODES, PLATFORMS } from '../catalog/game.ts';

/** The group size Coplay serves: 2 to 8 members. */
export const MIN_MEMBERS = 2;
export const MAX_MEMBERS = 8;
export const MAX_LIBRARY_GAMES = 20_000;

export const StrategySchema = z
  .enum(['average', 'least_misery', 'average_without_misery', 'fair'])
  .describe(
    'fair = "everyone happy" (default), average = "crowd favourite", least_misery = "no one left out"',
  );

const LibraryGameSchema = z.object({
  appid: z.number().int().positive(),
  playtimeMinutes: z.number().min(0).max(10_000_000).default(0),
});

/** One group member, given in any of five ways. */
export const MemberInputSchema = z.union([
  z.object({ steamId: z.string().min(1).max(64) }).strict(),
  z.object({ vanity: z.string().min(1).max(64) }).strict(),
  z.object({ profileUrl: z.string().min(1).max(300) }).strict(),
  z.object({ sampleUser: z.string().min(1).max(64) }).strict(),
  z
    .object({
      name: z.string().trim().min(1).max(64),
      games: z.array(LibraryGameSchema).max(MAX_LIBRARY_GAMES),
    })
    .strict(),
]);
export type MemberInput = z.infer<typeof MemberInputSchema>;

export const FiltersSchema = z
  .object({
    modes: z.array(z.enum(MULTIPLAYER_MODES)).max(MULTIPLAYER_MODES.length),
    fitsGroupSize: z.boolean(),
    platforms: z.array(z.enum(PLATFORMS)).max(PLATFORMS.length),
    maxPriceGbp: z.number().min(0).max(1000),
    freeOnly: z.boolean(),
    hideAdultContent: z.boolean(),
    minRequiredAge: z.number().int().min(0).max(21),
    maxRequiredAge: z.number().int().min(0).max(21),
    includeTags: z.array(z.string().min(1).max(64)).max(50),
    excludeTags: z.array(z.string().min(1).max(64)).max(50),
    releaseYearFrom: z.number().int().min(1980).max(2100),
    releaseYearTo: z.number().int().min(1980).max(2100),
    minReviewScore: z.number().min(0).max(1),
    ownership: z.enum(['any', 'all', 'none', 'some']),
  })
  .partial()
  .strict();
export type Filters = z.infer<typeof FiltersSchema>;

export const RecommendationRequestSchema = z
  .object({
    members: z.array(MemberInputSchema).min(1).max(64),
    limit: z.number().int().min(1).max(100).default(20),
    strategy: StrategySchema.optional(),
    filters: FiltersSchema.default({}),
  })
  .strict();
export type RecommendationRequest = z.infer<typeof RecommendationRequestSchema>;

export const ReasonSchema = z.object({
  kind: z.enum(['because', 'ownership', 'modes', 'player_limit']),
  text: z.string(),
  member: z.number().int().optional(),
  appids: z.array(z.number().int()).optional(),
});

export const PlayersSchema = z.object({
  online: z.number().int().nullable(),
  local: z.number().int().nullable(),
  lan: z.number().int().nullable(),
  splitScreen: z.number().int().nullable(),
  dropInDropOut: z.boolean().nullable(),
  /** Largest known count, null when unknown. */
  max: z.number().int().nullable(),
});

export const RecommendedItemSchema = z.object({
  appid: z.number().int(),
  name: z.string(),
  score: z.number(),
  members: z.array(z.object({ fit: z.number(), owns: z.boolean(), playtimeMinutes: z.number().nullable() })),
  modes: z.array(z.enum(MULTIPLAYER_MODES)),
  players: PlayersSchema,
  platforms: z.array(z.enum(PLATFORMS)).nullable(),
  price: z.number().nullable(),
  genres: z.array(z.string()),
  tags: z.array(z.string()),
  releaseDate: z.string().nullable(),
  storeUrl: z.string(),
  imageUrl: z.string(),
  reasons: z.array(ReasonSchema),
});
export type RecommendedItem = z.infer<typeof RecommendedItemSchema>;

export const ModelInfoSchema = z.object({
  version: z.string(),
  algorithm: z.string(),
  trainedAt: z.string(),
});

export const RecommendationResponseSchema = z.object({
  model: ModelInfoSchema,
  strategy: StrategySchema,
  members: z.array(
    z.object({
      label: z.string(),
      steamId: z.string().optional(),
      avatarUrl: z.string().optional(),
      gameCount: z.number().int(),
      knownGameCount: z.number().int(),
      stale: z.boolean().optional(),
    }),
  ),
  items: z.array(RecommendedItemSchema),
});
export type RecommendationResponse = z.infer<typeof RecommendationResponseSchema>;
