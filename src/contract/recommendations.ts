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

/**
 * Strict like every request object: a library pasted with Steam's own field name (`playtime_forever`) or a
 * typo must be refused by name, not read as a library of unplayed games.
 */
const LibraryGameSchema = z
  .object({
    // zod words a fraction "expected int, received number".
    appid: z
      .number()
      .int({ error: (issue) => (issue.code === 'invalid_type' ? 'expected an integer' : undefined) })
      .positive(),
    playtimeMinutes: z.number().min(0).max(10_000_000).default(0),
  })
  .strict();

/**
 * One group member, given in any of five ways. The union's own message is what a caller reads when a
 * member fits none of the forms by its keys (the error handler otherwise names the problem in the form it
 * nearly fits), so it lists them.
 */
export const MemberInputSchema = z.union(
  [
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
  ],
  {
    error:
      'a member is one of {"steamId"}, {"vanity"}, {"profileUrl"}, {"sampleUser"} or ' +
      '{"name", "games": [{"appid", "playtimeMinutes"}, …]}',
  },
);
export type MemberInput = z.infer<typeof MemberInputSchema>;

/** The filters that state a range, as [lower bound, upper bound]: a lower bound above its upper one matches nothing. */
const FILTER_RANGES = [
  ['minRequiredAge', 'maxRequiredAge'],
  ['releaseYearFrom', 'releaseYearTo'],
] as const;

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
  .strict()
  // Refused rather than answered with an empty list, which would read as "no game fits this group".
  .superRefine((filters, context) => {
    for (const [low, high] of FILTER_RANGES) {
      const from = filters[low];
      const to = filters[high];
      if (from !== undefined && to !== undefined && from > to) {
        context.addIssue({
          code: 'custom',
          path: [low],
          input: from,
          message: `${low} (${from}) is above ${high} (${to}): no game can match both`,
        });
      }
    }
  })
  .meta({
    description:
      'All optional. A range must be in order (minRequiredAge ≤ maxRequiredAge, releaseYearFrom ≤ ' +
      'releaseYearTo): one the wrong way round is refused with 400 INVALID_INPUT naming both fields.',
  });
export type Filters = z.infer<typeof FiltersSchema>;

/**
 * Past this many members a request is refused before any member is read: zod checks an array's length before
 * its items, and a body of 700,000 `{}` members would otherwise cost seconds and a gigabyte of issues.
 */
const MAX_MEMBERS_READ = 64;

export const RecommendationRequestSchema = z
  .object({
    // Validation takes any number up to MAX_MEMBERS_READ so that recommendForRequest answers every other
    // size with GROUP_SIZE_OUT_OF_RANGE and its message (the web page shows that code's text as is); the
    // document states the sizes served.
    members: z
      .array(MemberInputSchema)
      .max(MAX_MEMBERS_READ, {
        error: (issue) =>
          `A group has ${MIN_MEMBERS} to ${MAX_MEMBERS} members; this one has ${(issue.input as unknown[]).length}`,
      })
      .meta({
        minItems: MIN_MEMBERS,
        maxItems: MAX_MEMBERS,
        description:
          `The group: ${MIN_MEMBERS} to ${MAX_MEMBERS} members, in the order the answer keeps. Another number ` +
          `of members is refused with 400 GROUP_SIZE_OUT_OF_RANGE (more than ${MAX_MEMBERS_READ}: 400 ` +
          'INVALID_INPUT, before any member is read).',
      }),
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
