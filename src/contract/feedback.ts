import { z } from 'zod';
import { MemberInputSchema } from './recommendations.ts';

export const FEEDBACK_KINDS = ['liked', 'dismissed', 'played_together'] as const;

export const FeedbackRequestSchema = z
  .object({
    members: z.array(MemberInputSchema).min(1).max(8),
    appid: z.number().int().positive(),
    kind: z.enum(FEEDBACK_KINDS),
    modelVersion: z.string().max(100).nullable().optional(),
  })
  .strict();
export type FeedbackRequest = z.infer<typeof FeedbackRequestSchema>;

export const FeedbackResponseSchema = z.object({ id: z.number().int(), recordedAt: z.string() });
export const FeedbackIdParamsSchema = z.object({ id: z.coerce.number().int().positive() });
