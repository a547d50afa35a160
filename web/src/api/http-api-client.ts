import type { z } from 'zod';
import { ErrorResponseSchema } from '../../../src/contract/errors.ts';
import { FeedbackResponseSchema } from '../../../src/contract/feedback.ts';
import {
  FriendsResponseSchema,
  ResolvedMemberSchema,
  SamplePlayersResponseSchema,
} from '../../../src/contract/members.ts';
import { RecommendationResponseSchema } from '../../../src/contract/recommendations.ts';
import type { ApiClient } from './api-client.ts';
import { ApiError, isAbortError } from './api-error.ts';

type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

const UNREACHABLE =
  "Can't reach the Coplay server: check that it is running (npm start) and your connection, then try again.";

function retryAfter(response: Response): number | undefined {
  const header = response.headers.get('retry-after');
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** The ApiError for a failed reply: the server's `{code, message, details}` when it sent one. */
export async function errorFrom(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => undefined);
  const parsed = ErrorResponseSchema.safeParse(body);
  const seconds = retryAfter(response);
  if (parsed.success) {
    return new ApiError(response.status, parsed.data.code, parsed.data.message, {
      ...(parsed.data.details ? { details: parsed.data.details } : {}),
      ...(seconds !== undefined ? { retryAfterSeconds: seconds } : {}),
    });
  }
  // A proxy or a half-started server answers with something that is not Coplay's error shape.
  const code = response.status === 502 || response.status === 504 ? 'NETWORK' : `HTTP_${response.status}`;
  const message =
    code === 'NETWORK' ? UNREACHABLE : `The server answered ${response.status} ${response.statusText}`.trim();
  return new ApiError(
    response.status,
    code,
    message,
    seconds !== undefined ? { retryAfterSeconds: seconds } : {},
  );
}

/** How long the page waits before sending a feedback POST again. */
export const FEEDBACK_RETRY_MS = 500;

/** 32 random bytes in base64url: an undo token as the server makes them. */
function newUndoToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

/** The page's API client over fetch: validates every reply with the shared zod contract. */
export function createHttpApiClient(
  baseUrl = '',
  fetchImpl: FetchLike = (input, init) => fetch(input, init),
): ApiClient {
  async function call<S extends z.ZodType>(
    path: string,
    init: RequestInit,
    schema: S | null,
  ): Promise<z.infer<S>> {
    let response: Response;
    try {
      response = await fetchImpl(`${baseUrl}${path}`, {
        ...init,
        headers: { accept: 'application/json', ...(init.body ? { 'content-type': 'application/json' } : {}) },
      });
    } catch (error) {
      if (isAbortError(error)) throw error;
      throw new ApiError(0, 'NETWORK', UNREACHABLE);
    }
    if (!response.ok) throw await errorFrom(response);
    const body: unknown = await response.json().catch(() => undefined);
    if (schema === null) return undefined as z.infer<S>;
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new ApiError(
        response.status,
        'BAD_RESPONSE',
        `The server's answer to ${path} was not what the page expects`,
      );
    }
    return parsed.data;
  }
  const json = (method: string, body: unknown, signal?: AbortSignal): RequestInit => ({
    method,
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
  const get = (signal?: AbortSignal): RequestInit => (signal ? { signal } : {});

  return {
    async samplePlayers(limit, signal) {
      return (await call(`/api/v1/sample-players?limit=${limit}`, get(signal), SamplePlayersResponseSchema))
        .items;
    },
    resolveMember: (input, signal) =>
      call('/api/v1/members/resolve', json('POST', { input }, signal), ResolvedMemberSchema),
    friends: (steamId, signal) =>
      call(`/api/v1/members/${encodeURIComponent(steamId)}/friends`, get(signal), FriendsResponseSchema),
    recommend: (request, signal) =>
      call('/api/v1/recommendations', json('POST', request, signal), RecommendationResponseSchema),
    async sendFeedback(request) {
      // The page chooses the undo token, which makes the POST safe to send again: if the answer is lost (no
      // network, or 503 while the database restarts), one retry gets the event the server may have stored.
      const body = { ...request, undoToken: request.undoToken ?? newUndoToken() };
      const post = () => call('/api/v1/feedback', json('POST', body), FeedbackResponseSchema);
      try {
        return await post();
      } catch (error) {
        if (!(error instanceof ApiError) || !(error.code === 'NETWORK' || error.status === 503)) throw error;
        await new Promise((resolve) => setTimeout(resolve, FEEDBACK_RETRY_MS));
        return post();
      }
    },
    async undoFeedback(undoToken) {
      await call(`/api/v1/feedback/${encodeURIComponent(undoToken)}`, { method: 'DELETE' }, null);
    },
  };
}
