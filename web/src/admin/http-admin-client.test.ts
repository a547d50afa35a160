import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error.ts';
import { createHttpAdminClient } from './http-admin-client.ts';

/** A fetch that records requests and answers with the given status and JSON body. */
function answering(status: number, body: unknown) {
  const seen: { url: string; init: RequestInit | undefined }[] = [];
  const fetchImpl = async (url: string, init?: RequestInit) => {
    seen.push({ url, init });
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  };
  return { seen, fetchImpl };
}

describe('createHttpAdminClient', () => {
  it('POSTs a run request with the token as a Bearer header and returns the 202 body', async () => {
    const server = answering(202, { queued: true, runId: null, message: 'run requested' });
    const client = createHttpAdminClient('http://coplay.test', server.fetchImpl);
    await expect(client.startRun('s3cret')).resolves.toEqual({
      queued: true,
      runId: null,
      message: 'run requested',
    });
    expect(server.seen[0]?.url).toBe('http://coplay.test/api/v1/pipeline/runs');
    expect(server.seen[0]?.init?.method).toBe('POST');
    expect((server.seen[0]?.init?.headers as Record<string, string>).authorization).toBe('Bearer s3cret');
  });

  it("turns the server's 401 and 409 into ApiErrors with their codes", async () => {
    const denied = createHttpAdminClient(
      '',
      answering(401, { code: 'UNAUTHORIZED', message: 'no' }).fetchImpl,
    );
    await expect(denied.models('x')).rejects.toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    const busy = createHttpAdminClient(
      '',
      answering(409, { code: 'PIPELINE_BUSY', message: 'run 3' }).fetchImpl,
    );
    const error = await busy.startRun('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'PIPELINE_BUSY', message: 'run 3' });
  });

  it('refuses a reply that does not match the contract', async () => {
    const client = createHttpAdminClient('', answering(200, { runs: [{ id: 'one' }] }).fetchImpl);
    await expect(client.pipelineRuns('x')).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });
});
