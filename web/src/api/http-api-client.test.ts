import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error.ts';
import { createHttpApiClient } from './http-api-client.ts';

type Call = { url: string; init: RequestInit | undefined };

function client(respond: (call: Call) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const api = createHttpApiClient('http://coplay.test', async (url, init) => {
    const call = { url, init };
    calls.push(call);
    return respond(call);
  });
  return { api, calls };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

const TOKEN = 'Jk3v_Qx9-0aZbY7cW2eR5tU8iO1pL4sD6fG3hH2jK0m';

describe('createHttpApiClient', () => {
  it('posts JSON and validates the reply with the contract', async () => {
    const { api, calls } = client(() =>
      json(201, { id: 7, recordedAt: '2024-01-01T00:00:00.000Z', undoToken: TOKEN }),
    );
    const receipt = await api.sendFeedback({ members: [{ sampleUser: '1' }], appid: 550, kind: 'liked' });
    expect(receipt).toMatchObject({ id: 7, undoToken: TOKEN });
    expect(calls[0]?.url).toBe('http://coplay.test/api/v1/feedback');
    expect(calls[0]?.init?.method).toBe('POST');
    const body = JSON.parse(String(calls[0]?.init?.body));
    expect(body).toEqual({
      members: [{ sampleUser: '1' }],
      appid: 550,
      kind: 'liked',
      undoToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
  });

  it('sends feedback again, with the same undo token, once after a lost answer or a 503, never after a 400', async () => {
    const lost = () => {
      throw new TypeError('network down');
    };
    const busy = () =>
      json(503, { code: 'DATABASE_UNAVAILABLE', message: 'restarting' }, { 'retry-after': '5' });
    const stored = () => json(200, { id: 7, recordedAt: '2024-01-01T00:00:00.000Z', undoToken: TOKEN });
    const refused = () => json(400, { code: 'INVALID_INPUT', message: 'no' });
    const feedback = { members: [{ sampleUser: '1' }], appid: 550, kind: 'liked' as const };
    const sent = async (...answers: (() => Response)[]) => {
      const { api, calls } = client(() => (answers.shift() as () => Response)());
      const outcome = await api.sendFeedback(feedback).then(
        (receipt) => receipt.id,
        (error: ApiError) => error.status,
      );
      // Every attempt carries the same body, undo token included.
      expect(new Set(calls.map((call) => call.init?.body)).size).toBe(1);
      return [outcome, calls.length];
    };
    expect(await sent(lost, stored)).toEqual([7, 2]);
    expect(await sent(busy, stored)).toEqual([7, 2]);
    expect(await sent(lost, busy)).toEqual([503, 2]);
    expect(await sent(refused)).toEqual([400, 1]);
  });

  it('refuses a feedback receipt without an undo token', async () => {
    const { api } = client(() => json(201, { id: 7, recordedAt: '2024-01-01T00:00:00.000Z' }));
    await expect(
      api.sendFeedback({ members: [{ sampleUser: '1' }], appid: 550, kind: 'liked' }),
    ).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });

  it('undoes feedback by its undo token, and reports an unknown token as the server’s 404', async () => {
    const { api, calls } = client(({ url }) =>
      url.endsWith(TOKEN)
        ? json(200, { undone: true })
        : json(404, { code: 'NOT_FOUND', message: 'no feedback event to undo with this undo token' }),
    );
    await api.undoFeedback(TOKEN);
    expect(calls[0]?.url).toBe(`http://coplay.test/api/v1/feedback/${TOKEN}`);
    expect(calls[0]?.init?.method).toBe('DELETE');
    await expect(api.undoFeedback('B'.repeat(43))).rejects.toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });

  it('turns an error body into an ApiError with the member index and Retry-After', async () => {
    const { api } = client(() =>
      json(
        503,
        { code: 'STEAM_UNAVAILABLE', message: 'Member 2: Steam is down', details: { member: 1 } },
        { 'retry-after': '30' },
      ),
    );
    const error = await api.resolveMember('gabe').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 503,
      code: 'STEAM_UNAVAILABLE',
      memberIndex: 1,
      retryAfterSeconds: 30,
    });
  });

  it('reports an unreachable server as NETWORK, and a reply of the wrong shape as BAD_RESPONSE', async () => {
    const down = client(() => Promise.reject(new TypeError('fetch failed')));
    await expect(down.api.samplePlayers(5)).rejects.toMatchObject({ code: 'NETWORK', status: 0 });
    const proxy = client(() => new Response('<html>Bad gateway</html>', { status: 502 }));
    await expect(proxy.api.samplePlayers(5)).rejects.toMatchObject({ code: 'NETWORK', status: 502 });
    const odd = client(() => json(200, { players: [] }));
    await expect(odd.api.samplePlayers(5)).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });

  it('lets an abort through untouched', async () => {
    const controller = new AbortController();
    const { api } = client(({ init }) => {
      controller.abort();
      return Promise.reject(init?.signal?.reason ?? new DOMException('aborted', 'AbortError'));
    });
    await expect(api.samplePlayers(5, controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });
});
