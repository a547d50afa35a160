import { z } from 'zod';

/** Strict like the bodies: a misspelt parameter (`?limt=5`) is refused by name, not ignored. */
export const SamplePlayersQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(24),
  })
  .strict();

export const SamplePlayerSchema = z.object({
  id: z.string(),
  gameCount: z.number().int(),
  topGames: z.array(z.object({ appid: z.number().int(), name: z.string(), hours: z.number() })),
});
export const SamplePlayersResponseSchema = z.object({ items: z.array(SamplePlayerSchema) });

export const ResolveRequestSchema = z.object({ input: z.string().trim().min(1).max(300) }).strict();
export const ResolvedMemberSchema = z.object({
  steamId: z.string(),
  personaName: z.string().nullable(),
  avatarUrl: z.string().nullable(),
  profileUrl: z.string().nullable(),
  visibility: z.enum(['public', 'private', 'unknown']),
});
export const SteamIdParamsSchema = z.object({
  steamId: z.string().regex(/^\d{17}$/, 'a SteamID64 is 17 digits'),
});
export const FriendsResponseSchema = z.object({ items: z.array(ResolvedMemberSchema), stale: z.boolean() });
