import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { HttpGet } from '../../src/steam/http-get.ts';
import { MemoryResponseCache } from '../../src/steam/memory-response-cache.ts';
import { RateLimiter } from '../../src/steam/rate-limiter.ts';
import { SteamClient } from '../../src/steam/steam-client.ts';
import { VirtualClock } from '../../src/steam/virtual-clock.ts';
import { buildTestApp, type TestApp } from './test-app.ts';

const STEAM_KEY = 'A1B2C3D4E5F6A7B8C9D0E1F2A3B4C5D6';
const ADMIN_TOKEN = 'admin-token-7f3c9e1b5d';
const OTHER_BEARER = 'someone-elses-token-42';
const STEAM_ID = '76561197960287930';

/**
 * Steam as a misbehaving transport: every call fails with an error quoting the full URL (key included), as
 * some network libraries do.
 */
const leakyTransport: HttpGet = async (url) => {
  throw Object.assign(new Error(`request to ${url} failed, reason: socket hang up`), { code: 'ECONNRESET' });
};

describe('request logs', () => {
  let t: TestApp;
  const lines: string[] = [];
  beforeAll(async () => {
    const clock = new VirtualClock();
    const steam = new SteamClient({
      apiKey: STEAM_KEY,
      http: leakyTransport,
      clock,
      cache: new MemoryResponseCache(),
      limiter: new RateLimiter({ clock }),
      retries: 1,
      backoff: { random: () => 0.5 },
    });
    t = await buildTestApp('sqlite', {
      steam,
      deps: {
        adminToken: ADMIN_TOKEN,
        logger: {
          level: 'info',
          stream: { write: (line: string) => void lines.push(line) },
          secrets: [STEAM_KEY],
        },
      },
    });
    // Careless code of the kind redaction exists for: it logs headers, a Steam URL, an error quoting that URL
    // and the whole configuration.
    t.app.get('/test/careless', async (request) => {
      const url = `https://api.steampowered.com/IPlayerService/GetOwnedGames/v1/?key=${STEAM_KEY}&steamid=${STEAM_ID}`;
      request.log.info({ headers: request.headers, url }, 'calling Steam');
      request.log.error({ err: new Error(`GET ${url} failed`) }, 'Steam call failed');
      request.log.warn(
        { config: loadConfig({ STEAM_API_KEY: STEAM_KEY, ADMIN_TOKEN }), encoded: encodeURIComponent(url) },
        'configuration',
      );
      return { ok: true };
    });
  });
  afterAll(async () => t.close());

  it('never contain the Steam key, the admin token or an Authorization header', async () => {
    const careless = await t.app.inject({
      method: 'GET',
      url: '/test/careless',
      headers: { authorization: `Bearer ${OTHER_BEARER}`, 'x-admin-token': ADMIN_TOKEN },
    });
    expect(careless.statusCode).toBe(200);
    // The admin routes with the right token and a wrong one.
    const admin = await t.app.inject({
      method: 'GET',
      url: '/api/v1/models',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(admin.statusCode).toBe(200);
    const wrong = await t.app.inject({
      method: 'GET',
      url: '/api/v1/models',
      headers: { authorization: `Bearer ${OTHER_BEARER}` },
    });
    expect(wrong.statusCode).toBe(401);
    // A real Steam call whose transport error quotes the URL with key=…
    const resolve = await t.app.inject({
      method: 'POST',
      url: '/api/v1/recommendations',
      headers: { authorization: `Bearer ${OTHER_BEARER}` },
      payload: {
        members: [{ steamId: STEAM_ID }, { name: 'B', games: [{ appid: 200, playtimeMinutes: 60 }] }],
      },
    });
    expect(resolve.statusCode).toBe(503);
    expect(resolve.body).not.toContain(STEAM_KEY);

    const output = lines.join('');
    expect(lines.length).toBeGreaterThan(8);
    for (const secret of [STEAM_KEY, ADMIN_TOKEN, OTHER_BEARER, encodeURIComponent(STEAM_KEY)])
      expect(output, secret).not.toContain(secret);
    // Every line is still one JSON object, and the redacted places are marked.
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const calling = entries.find((e) => e.msg === 'calling Steam') as {
      headers: Record<string, string>;
      url: string;
    };
    expect(calling.headers.authorization).toBe('[Redacted]');
    expect(calling.headers['x-admin-token']).toBe('[Redacted]');
    expect(calling.url).toBe(
      `https://api.steampowered.com/IPlayerService/GetOwnedGames/v1/?key=[Redacted]&steamid=${STEAM_ID}`,
    );
    const failed = entries.find((e) => e.msg === 'Steam call failed') as {
      err: { message: string; stack: string };
    };
    expect(failed.err.message).toContain('?key=[Redacted]&steamid=');
    expect(failed.err.stack).not.toContain(STEAM_KEY);
    const config = entries.find((e) => e.msg === 'configuration') as { config: Record<string, unknown> };
    expect(config.config.STEAM_API_KEY).toBe('[Redacted]');
    expect(config.config.ADMIN_TOKEN).toBe('[Redacted]');
    expect(config.config.DATABASE_URL).toBe('sqlite:var/coplay.db');
  });

  it('never contain a feedback undo token, which would let a reader undo that event', async () => {
    lines.length = 0;
    const recorded = await t.app.inject({
      method: 'POST',
      url: '/api/v1/feedback',
      payload: { members: [{ sampleUser: '2' }, { sampleUser: '3' }], appid: 100, kind: 'liked' },
    });
    expect(recorded.statusCode).toBe(201);
    const { undoToken } = recorded.json() as { undoToken: string };
    const undone = await t.app.inject({ method: 'DELETE', url: `/api/v1/feedback/${undoToken}` });
    expect(undone.statusCode).toBe(200);
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.join('')).not.toContain(undoToken);
    const urls = lines.map((line) => (JSON.parse(line) as { req?: { url: string } }).req?.url);
    expect(urls).toContain('/api/v1/feedback/[Redacted]');
  });

  it('keeps request ids and ordinary query parameters', async () => {
    lines.length = 0;
    await t.app.inject({ method: 'GET', url: '/api/v1/games?search=monkey&keyword=x' });
    const entries = lines.map((line) => JSON.parse(line) as { reqId?: string; req?: { url: string } });
    const incoming = entries.find((e) => e.req !== undefined);
    expect(incoming?.req?.url).toBe('/api/v1/games?search=monkey&keyword=x');
    expect(incoming?.reqId).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(entries.map((e) => e.reqId)).size).toBe(1);
  });
});
