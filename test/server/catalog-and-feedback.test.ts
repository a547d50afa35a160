import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../store/test-stores.ts';
import { buildTestApp, type TestApp } from './test-app.ts';

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: games, sample players, feedback and docs routes`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect);
    });
    afterAll(async () => t.close());

    it('searches and shows games, 404 for an unknown appid, 400 for a bad one', async () => {
      const search = await t.app.inject({ method: 'GET', url: '/api/v1/games?search=farm&limit=5' });
      expect(search.statusCode).toBe(200);
      expect(search.json().items).toHaveLength(5);
      expect(search.json().items[0].name).toMatch(/^Farm/);
      const one = await t.app.inject({ method: 'GET', url: '/api/v1/games/100' });
      expect(one.json()).toMatchObject({
        appid: 100,
        name: 'Shooter 0',
        modes: ['online_coop'],
        players: { online: 4, max: 4 },
      });
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/games/123456' })).statusCode).toBe(404);
      const bad = await t.app.inject({ method: 'GET', url: '/api/v1/games/abc' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().code).toBe('INVALID_INPUT');
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/games' })).statusCode).toBe(400);
    });

    it('lists sample players with their most-played games', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/sample-players?limit=5' });
      expect(res.statusCode).toBe(200);
      const items = res.json().items;
      expect(items).toHaveLength(5);
      for (const p of items) {
        expect(p.gameCount).toBeGreaterThanOrEqual(8);
        expect(p.topGames.length).toBe(3);
        expect(p.topGames[0].hours).toBeGreaterThanOrEqual(p.topGames[1].hours);
      }
    });

    it('stores feedback, lists it, and undoes it', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/feedback',
        payload: {
          members: [{ sampleUser: '2' }, { steamId: '76561197960287930' }],
          appid: 101,
          kind: 'played_together',
          modelVersion: 'test-1',
        },
      });
      expect(res.statusCode).toBe(201);
      const { id } = res.json();
      const events = await t.store.feedback.list();
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ id, appid: 101, kind: 'played_together', modelVersion: 'test-1' });
      expect(events[0]?.memberKeys).toEqual(['sample:2', 'steam:76561197960287930']);
      expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/feedback/${id}` })).statusCode).toBe(200);
      expect(await t.store.feedback.list()).toHaveLength(0);
      expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/feedback/${id}` })).statusCode).toBe(404);
      const unknownGame = await t.app.inject({
        method: 'POST',
        url: '/api/v1/feedback',
        payload: { members: [{ sampleUser: '2' }], appid: 555555, kind: 'liked' },
      });
      expect(unknownGame.statusCode).toBe(404);
      const badKind = await t.app.inject({
        method: 'POST',
        url: '/api/v1/feedback',
        payload: { members: [{ sampleUser: '2' }], appid: 101, kind: 'meh' },
      });
      expect(badKind.statusCode).toBe(400);
    });

    it('serves an OpenAPI document covering every route, and the docs viewer', async () => {
      const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
      expect(doc.openapi).toMatch(/^3\./);
      for (const path of [
        '/api/v1/recommendations',
        '/api/v1/games',
        '/api/v1/games/{appid}',
        '/api/v1/sample-players',
        '/api/v1/members/resolve',
        '/api/v1/members/{steamId}/friends',
        '/api/v1/feedback',
        '/healthz',
        '/readyz',
      ]) {
        expect(Object.keys(doc.paths)).toContain(path);
      }
      expect(doc.paths['/api/v1/recommendations'].post.requestBody).toBeDefined();
      const viewer = await t.app.inject({ method: 'GET', url: '/api/docs' });
      expect([200, 302]).toContain(viewer.statusCode);
    });

    it('guards the admin routes: 401 without an admin token configured', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/v1/models',
        headers: { authorization: 'Bearer guess' },
      });
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('UNAUTHORIZED');
    });

    it('asks for a Steam key on Steam-only routes when none is configured', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/members/resolve',
        payload: { input: 'gabelogannewell' },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('STEAM_KEY_MISSING');
      const friends = await t.app.inject({ method: 'GET', url: '/api/v1/members/76561197960287930/friends' });
      expect(friends.statusCode).toBe(400);
    });
  });
}
