import type { z } from 'zod';
import {
  ModelListResponseSchema,
  PipelineRunListResponseSchema,
  StartRunResponseSchema,
} from '../../../src/contract/admin.ts';
import { ApiError, isAbortError } from '../api/api-error.ts';
import { errorFrom } from '../api/http-api-client.ts';
import type { AdminClient } from './admin-client.ts';

type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** The admin page's client over fetch: sends the token as a Bearer header and validates every reply. */
export function createHttpAdminClient(
  baseUrl = '',
  fetchImpl: FetchLike = (input, init) => fetch(input, init),
): AdminClient {
  async function call<S extends z.ZodType>(
    method: string,
    path: string,
    token: string,
    schema: S,
  ): Promise<z.infer<S>> {
    let response: Response;
    try {
      response = await fetchImpl(`${baseUrl}${path}`, {
        method,
        headers: { accept: 'application/json', authorization: `Bearer ${token}` },
      });
    } catch (error) {
      if (isAbortError(error)) throw error;
      throw new ApiError(0, 'NETWORK', "Can't reach the Coplay server: check that it is running.");
    }
    if (!response.ok) throw await errorFrom(response);
    const parsed = schema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success)
      throw new ApiError(response.status, 'BAD_RESPONSE', `The server's answer to ${path} was unexpected`);
    return parsed.data;
  }
  return {
    models: (token) => call('GET', '/api/v1/models', token, ModelListResponseSchema),
    pipelineRuns: (token) =>
      call('GET', '/api/v1/pipeline/runs?limit=20', token, PipelineRunListResponseSchema),
    startRun: (token) => call('POST', '/api/v1/pipeline/runs', token, StartRunResponseSchema),
  };
}
