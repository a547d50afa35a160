import { z } from 'zod';
import { MemberInputSchema } from './recommendations.ts';

export const FEEDBACK_KINDS = ['liked', 'dismissed', 'played_together'] as const;

/** An undo token: 32 random bytes in base64url, i.e. 43 letters, digits, "-" or "_". */
export const UNDO_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export const FeedbackRequestSchema = z
  .object({
    members: z.array(MemberInputSchema).min(1).max(8),
    appid: z.number().int().positive(),
    kind: z.enum(FEEDBACK_KINDS),
    modelVersion: z.string().max(100).nullable().optional(),
    undoToken: z
      .string()
      .regex(UNDO_TOKEN_PATTERN, 'not an undo token (32 random bytes in base64url: 43 characters)')
      .optional()
      .describe(
        'Optional: the undo token, chosen by the client (32 random bytes, base64url). It makes the POST safe to ' +
          'retry: the same token with the same feedback answers 200 with the event already recorded.',
      ),
  })
  .strict();
export type FeedbackRequest = z.infer<typeof FeedbackRequestSchema>;

export const FeedbackResponseSchema = z.object({
  id: z.number().int(),
  recordedAt: z.string(),
  undoToken: z
    .string()
    .regex(UNDO_TOKEN_PATTERN)
    .describe(
      'The only way to undo this event (DELETE /api/v1/feedback/{undoToken}); given out once, the server keeps only its hash',
    ),
});

export const FeedbackUndoParamsSchema = z.object({
  undoToken: z
    .string()
    .regex(
      UNDO_TOKEN_PATTERN,
      'not an undo token (the 43-character undoToken that recording the feedback returned)',
    )
    .describe('The undoToken the POST that recorded the event returned'),
});
