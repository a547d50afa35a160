import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUndiciHttpGet } from './undici-http-get.ts';

const ORIGIN = 'https://api.steampowered.com';

describe('createUndiciHttpGet', () => {
  let agent: MockAgent;

  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
  });

  afterEach(async () => {
    await agent.close();
  });

  it('returns status, lower-cased headers and the body of any status', async () => {
    const seen: Array<Record<string, string>> = [];
    agent
      .get(ORIGIN)
      .intercept({ path: '/a?x=1' })
      .reply((opts) => {
        seen.push(opts.headers as Record<string, string>);
        return {
          statusCode: 503,
          data: 'down',
          responseOptions: { headers: { 'Retry-After': '7', 'set-cookie': ['a=1', 'b=2'] } },
        };
      });
    const get = createUndiciHttpGet({ dispatcher: agent, userAgent: 'coplay-test' });
    const response = await get(`${ORIGIN}/a?x=1`, { signal: AbortSignal.timeout(1_000) });
    expect(response).toEqual({
      status: 503,
      headers: { 'retry-after': '7', 'set-cookie': 'a=1, b=2' },
      body: 'down',
    });
    expect(seen[0]).toMatchObject({ accept: 'application/json', 'user-agent': 'coplay-test' });
  });

  it('rejects when the signal aborts a slow reply', async () => {
    agent.get(ORIGIN).intercept({ path: '/slow' }).reply(200, 'late').delay(500);
    const get = createUndiciHttpGet({ dispatcher: agent });
    const started = Date.now();
    await expect(get(`${ORIGIN}/slow`, { signal: AbortSignal.timeout(10) })).rejects.toMatchObject({
      name: 'TimeoutError',
    });
    expect(Date.now() - started).toBeLessThan(400);
  });

  it('rejects on a transport error', async () => {
    agent
      .get(ORIGIN)
      .intercept({ path: '/reset' })
      .replyWithError(Object.assign(new Error('reset'), { code: 'ECONNRESET' }));
    const get = createUndiciHttpGet({ dispatcher: agent });
    await expect(get(`${ORIGIN}/reset`, { signal: AbortSignal.timeout(1_000) })).rejects.toMatchObject({
      code: 'ECONNRESET',
    });
  });
});
