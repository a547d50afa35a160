import { z } from 'zod';

/** Every error body the API sends: a stable code, a message that says what to do, optional details. */
export const ErrorResponseSchema = z.object({
  code: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type ErrorResponse = z.infer<typeof ErrorResponseSchema>;

/**
 * The error body as one of a route's documented responses: `when` names the codes it comes with and why,
 * and is that response's description in the OpenAPI document.
 */
export function errorResponse(when: string) {
  return ErrorResponseSchema.describe(when);
}

/** Responses every rate-limited route can give (all but the probes and the scrape). */
export const RATE_LIMITED_RESPONSES = {
  429: errorResponse(
    'RATE_LIMITED: more requests from this address than RATE_LIMIT_MAX per RATE_LIMIT_WINDOW_MS (Retry-After says when to retry)',
  ),
};

/** Responses every route that reads a JSON body can give, before its own validation. */
export const JSON_BODY_RESPONSES = {
  413: errorResponse("PAYLOAD_TOO_LARGE: the body is over the server's BODY_LIMIT_BYTES (2 MB by default)"),
  415: errorResponse('INVALID_INPUT: the body is not sent as application/json'),
};

/** A 503 for a route that reads the database: it cannot be reached right now (Retry-After). */
export const DATABASE_UNAVAILABLE_RESPONSE = errorResponse(
  'DATABASE_UNAVAILABLE: the database cannot be reached right now (Retry-After says when to retry)',
);
