/**
 * The OpenAPI document against the routes: each status a route is made to answer here is one its document
 * lists, and the group size it states is the one served. Requests go to apps set up to give every answer:
 * a small body limit, a Steam stand-in with private, broken and down profiles, no model, a rate limit of one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpGet } from '../../src/steam/http-get.ts';
import { recordedSteamClient, steamFixture } from '../fixtures/recorded-steam-client.ts';
import { buildTestApp, type TestApp } from './test-app.ts';

const PUBLIC_ID = '76561197960287930';
const PRIVATE_ID = '76561198000000001';
const DOWN_ID = '76561198000000002';
const BROKEN_ID = '76561198000000003';

const steam: HttpGet = async (url) => {
  const u = new URL(url);
  const id = u.searchParams.get('steamid') ?? u.searchParams.get('steamids') ?? '';
  if (id.includes(DOWN_ID))
    return { status: 503, headers: { 'retry-after': '120' }, body: 'Service Unavailable' };
  if (id.includes(BROKEN_ID)) return { status: 200, headers: {}, body: '<html>maintenance</html>' };
  if (u.pathname.includes('GetPlayerSummaries'))
    return { status: 200, headers: {}, body: steamFixture('player-summaries') };
  if (u.pathname.includes('GetOwnedGames'))
    return {
      status: 200,
      headers: {},
      body: steamFixture(id === PRIVATE_ID ? 'owned-games-private' : 'owned-games'),
    };
  if (u.pathname.includes('GetFriendList'))
    return id === PRIVATE_ID
      ? { status: 401, headers: {}, body: '' }
      : { status: 200, headers: {}, body: steamFixture('friend-list') };
  if (u.pathname.includes('ResolveVanityURL'))
    return { status: 200, headers: {}, body: steamFixture('resolve-vanity-no-match') };
  return { status: 404, headers: {}, body: '' };
};

interface Call {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  body?: unknown;
  contentType?: string;
}
const sample = { sampleUser: '1' };
const group = (...members: unknown[]): Call => ({
  method: 'POST',
  url: '/api/v1/recommendations',
  body: { members: [sample, ...members] },
});
const resolve = (input: string): Call => ({
  method: 'POST',
  url: '/api/v1/members/resolve',
  body: { input },
});
const friends = (id: string): Call => ({ method: 'GET', url: `/api/v1/members/${id}/friends` });
const feedback = (change: Record<string, unknown>): Call => ({
  method: 'POST',
  url: '/api/v1/feedback',
  body: { members: [sample, { sampleUser: '2' }], appid: 100, kind: 'liked', ...change },
});
const tooBig = { name: 'Hoarder', games: Array.from({ length: 2000 }, (_, i) => ({ appid: i + 1 })) };

/** Each route as the document names it, with a request for each status it answers on the main app. */
const ANSWERS: [route: string, status: number, call: Call][] = [
  ['/api/v1/recommendations', 200, group({ sampleUser: '2' })],
  ['/api/v1/recommendations', 400, group({ sampleUser: '2' }, { sampleUser: '2' }, ...Array(7).fill(sample))],
  ['/api/v1/recommendations', 404, group({ sampleUser: 'nobody' })],
  ['/api/v1/recommendations', 413, group(tooBig)],
  ['/api/v1/recommendations', 415, { ...group({ sampleUser: '2' }), contentType: 'application/xml' }],
  ['/api/v1/recommendations', 422, group({ steamId: PRIVATE_ID })],
  ['/api/v1/recommendations', 502, group({ steamId: BROKEN_ID })],
  ['/api/v1/recommendations', 503, group({ steamId: DOWN_ID })],
  ['/api/v1/games', 200, { method: 'GET', url: '/api/v1/games?search=farm' }],
  ['/api/v1/games', 400, { method: 'GET', url: '/api/v1/games?search=' }],
  ['/api/v1/games/{appid}', 400, { method: 'GET', url: '/api/v1/games/x' }],
  ['/api/v1/games/{appid}', 404, { method: 'GET', url: '/api/v1/games/999999' }],
  ['/api/v1/sample-players', 200, { method: 'GET', url: '/api/v1/sample-players' }],
  ['/api/v1/sample-players', 400, { method: 'GET', url: '/api/v1/sample-players?limit=0' }],
  ['/api/v1/members/resolve', 200, resolve(PUBLIC_ID)],
  ['/api/v1/members/resolve', 400, resolve('not a steam id!')],
  ['/api/v1/members/resolve', 404, resolve('nobody_here')],
  ['/api/v1/members/resolve', 413, resolve('x'.repeat(30_000))],
  ['/api/v1/members/resolve', 415, { ...resolve(PUBLIC_ID), contentType: 'application/xml' }],
  ['/api/v1/members/resolve', 502, resolve(BROKEN_ID)],
  ['/api/v1/members/resolve', 503, resolve(DOWN_ID)],
  ['/api/v1/members/{steamId}/friends', 200, friends(PUBLIC_ID)],
  ['/api/v1/members/{steamId}/friends', 400, friends('123')],
  ['/api/v1/members/{steamId}/friends', 422, friends(PRIVATE_ID)],
  ['/api/v1/members/{steamId}/friends', 502, friends(BROKEN_ID)],
  ['/api/v1/members/{steamId}/friends', 503, friends(DOWN_ID)],
  ['/api/v1/feedback', 201, feedback({})],
  ['/api/v1/feedback', 400, feedback({ kind: 'loved' })],
  ['/api/v1/feedback', 404, feedback({ appid: 999_999 })],
  ['/api/v1/feedback', 413, feedback({ members: [sample, tooBig] })],
  ['/api/v1/feedback', 415, { ...feedback({}), contentType: 'application/xml' }],
  ['/api/v1/feedback/{undoToken}', 400, { method: 'DELETE', url: '/api/v1/feedback/12' }],
  ['/api/v1/feedback/{undoToken}', 404, { method: 'DELETE', url: `/api/v1/feedback/${'A'.repeat(43)}` }],
  ['/api/v1/models', 401, { method: 'GET', url: '/api/v1/models' }],
  ['/api/v1/pipeline/runs', 401, { method: 'GET', url: '/api/v1/pipeline/runs' }],
];

describe('the OpenAPI document lists what the routes answer', () => {
  let t: TestApp;
  let responses: (route: string, method: string) => string[];
  beforeAll(async () => {
    t = await buildTestApp('sqlite', {
      steam: recordedSteamClient(steam, { retries: 0 }),
      deps: { bodyLimitBytes: 20_000 },
    });
    const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    responses = (route, method) => Object.keys(doc.paths[route]?.[method.toLowerCase()]?.responses ?? {});
  });
  afterAll(async () => t.close());

  const send = (app: TestApp['app'], call: Call) =>
    app.inject({
      method: call.method,
      url: call.url,
      ...(call.body === undefined
        ? {}
        : {
            payload: JSON.stringify(call.body),
            headers: { 'content-type': call.contentType ?? 'application/json' },
          }),
    });

  it.each(ANSWERS)('%s answers %i, and its document lists it', async (route, status, call) => {
    const res = await send(t.app, call);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(status);
    expect(responses(route, call.method)).toContain(String(status));
  });

  it('every route answers 429 past the rate limit, and its document lists it', async () => {
    const limited = await buildTestApp('sqlite', { deps: { rateLimit: { max: 1, windowMs: 60_000 } } });
    try {
      const routes = [...new Map(ANSWERS.map(([route, , call]) => [route, call])).entries()];
      for (const [route, call] of routes) {
        await send(limited.app, call);
        const res = await send(limited.app, call);
        expect(res.statusCode, route).toBe(429);
        expect(res.json().code).toBe('RATE_LIMITED');
        expect(responses(route, call.method), route).toContain('429');
      }
    } finally {
      await limited.close();
    }
  });

  it('POST /api/v1/recommendations answers 503 before a model is loaded, as documented', async () => {
    const modelless = await buildTestApp('sqlite', { withModel: false });
    try {
      const res = await send(modelless.app, group({ sampleUser: '2' }));
      expect(res.json()).toMatchObject({ code: 'MODEL_NOT_READY' });
      expect(res.statusCode).toBe(503);
      expect(responses('/api/v1/recommendations', 'POST')).toContain('503');
    } finally {
      await modelless.close();
    }
  });

  it('states the group size the route serves: 2 to 8 members', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    const body = doc.paths['/api/v1/recommendations'].post.requestBody.content['application/json'].schema;
    expect(body.properties.members).toMatchObject({ minItems: 2, maxItems: 8 });
    for (const n of [2, 8]) {
      const res = await send(t.app, {
        ...group(),
        body: { members: Array.from({ length: n }, () => sample) },
      });
      expect(res.statusCode).toBe(200);
    }
    for (const n of [1, 9]) {
      const res = await send(t.app, {
        ...group(),
        body: { members: Array.from({ length: n }, () => sample) },
      });
      expect(res.json()).toMatchObject({ code: 'GROUP_SIZE_OUT_OF_RANGE' });
    }
  });

  it('documents each error response by the codes it comes with', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    const recommend = doc.paths['/api/v1/recommendations'].post.responses;
    expect(recommend['413'].description).toContain('PAYLOAD_TOO_LARGE');
    expect(recommend['503'].description).toMatch(/MODEL_NOT_READY.*STEAM_UNAVAILABLE/);
    expect(recommend['400'].description).toContain('GROUP_SIZE_OUT_OF_RANGE');
  });
});
