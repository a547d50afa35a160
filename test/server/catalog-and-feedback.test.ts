import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTrainingData } from '../../src/pipeline/training-data.ts';
import { createErrorHandler } from '../../src/server/error-handler.ts';
import { feedbackRoutes } from '../../src/server/routes/feedback.ts';
import { compiledSerializerCompiler, compiledValidatorCompiler } from '../../src/server/zod-compilers.ts';
import type { HttpGet } from '../../src/steam/http-get.ts';
import type { Store } from '../../src/store/store.ts';
import { recordedSteamClient, steamFixture } from '../fixtures/recorded-steam-client.ts';
import { TEST_DIALECTS } from '../store/test-stores.ts';
import { buildTestApp, type TestApp } from './test-app.ts';

const GABE = '76561197960287930';

/** Steam as recorded: gabelogannewell resolves, steamisdown gets 503s, any other vanity name is unknown. */
const recordedSteam: HttpGet = async (url) => {
  const vanity = new URL(url).searchParams.get('vanityurl');
  if (vanity === 'steamisdown') return { status: 503, headers: {}, body: 'Service Unavailable' };
  if (vanity === null) return { status: 404, headers: {}, body: '' };
  return {
    status: 200,
    headers: {},
    body: steamFixture(vanity === 'gabelogannewell' ? 'resolve-vanity' : 'resolve-vanity-no-match'),
  };
};

/** The feedback routes over `store` with a Steam client, answering errors as the app does. */
async function feedbackAppWithSteam(store: Store): Promise<FastifyInstance> {
  const app = Fastify();
  app.setValidatorCompiler(compiledValidatorCompiler);
  app.setSerializerCompiler(compiledSerializerCompiler);
  app.setErrorHandler(createErrorHandler());
  await app.register(feedbackRoutes, { store, steam: recordedSteamClient(recordedSteam, { retries: 0 }) });
  return app;
}

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

    const postFeedback = (payload: unknown, app = t.app) =>
      app.inject({ method: 'POST', url: '/api/v1/feedback', payload: payload as object });
    const undo = (token: string, app = t.app) =>
      app.inject({ method: 'DELETE', url: `/api/v1/feedback/${token}` });

    it('stores feedback, answers with an undo token, and undoes it with that token only', async () => {
      const res = await postFeedback({
        members: [{ sampleUser: '2' }, { steamId: '76561197960287930' }],
        appid: 101,
        kind: 'played_together',
        modelVersion: 'test-1',
      });
      expect(res.statusCode).toBe(201);
      const { id, undoToken } = res.json();
      expect(undoToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const events = await t.store.feedback.list();
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ id, appid: 101, kind: 'played_together', modelVersion: 'test-1' });
      expect(events[0]?.memberKeys).toEqual(['sample:2', 'steam:76561197960287930']);

      // A stranger counting through the sequential ids undoes nothing: an id is not a token.
      for (const guess of [String(id), String(id + 1), '1']) {
        const byId = await undo(guess);
        expect(byId.statusCode).toBe(400);
        expect(byId.json()).toMatchObject({ code: 'INVALID_INPUT' });
        expect(byId.json().message).toMatch(/undoToken.*not an undo token/);
      }
      const unknown = await undo('A'.repeat(43));
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json()).toMatchObject({ code: 'NOT_FOUND' });
      expect(unknown.json().message).toMatch(/no feedback event to undo with this undo token/);
      expect(await t.store.feedback.list()).toHaveLength(1);

      const undone = await undo(undoToken);
      expect(undone.statusCode).toBe(200);
      expect(undone.json()).toEqual({ undone: true });
      expect(await t.store.feedback.list()).toHaveLength(0);
      expect((await undo(undoToken)).statusCode).toBe(404);

      const unknownGame = await postFeedback({
        members: [{ sampleUser: '2' }],
        appid: 555555,
        kind: 'liked',
      });
      expect(unknownGame.statusCode).toBe(404);
      const badKind = await postFeedback({ members: [{ sampleUser: '2' }], appid: 101, kind: 'meh' });
      expect(badKind.statusCode).toBe(400);
    });

    it('gives each event its own token: one undoes only its own event', async () => {
      const first = (
        await postFeedback({ members: [{ sampleUser: '4' }], appid: 102, kind: 'liked' })
      ).json();
      const second = (
        await postFeedback({ members: [{ sampleUser: '6' }], appid: 103, kind: 'liked' })
      ).json();
      expect(first.undoToken).not.toBe(second.undoToken);
      expect((await undo(first.undoToken)).statusCode).toBe(200);
      expect((await t.store.feedback.list()).map((event) => event.id)).toEqual([second.id]);
      expect((await undo(second.undoToken)).statusCode).toBe(200);
    });

    it('is safe to retry with an undo token the client chose: 201, then 200 with the same event', async () => {
      const undoToken = 'RetrySafeToken_0123456789abcdefghijklmnopqr';
      expect(undoToken).toHaveLength(43);
      const body = { members: [{ sampleUser: '8' }], appid: 104, kind: 'played_together', undoToken };
      const before = await t.store.feedback.count();
      const first = await postFeedback(body);
      expect(first.statusCode).toBe(201);
      const retry = await postFeedback(body);
      expect(retry.statusCode).toBe(200);
      expect(retry.json()).toEqual(first.json());
      expect(await t.store.feedback.count()).toBe(before + 1);
      const reused = await postFeedback({ ...body, appid: 105 });
      expect(reused.statusCode).toBe(400);
      expect(reused.json().message).toMatch(/already belongs to other feedback/);
      expect((await postFeedback({ ...body, undoToken: 'short' })).statusCode).toBe(400);
      expect((await undo(undoToken)).statusCode).toBe(200);
    });

    it('answers 404 MEMBER_UNKNOWN for a sample player the dataset lacks, as recommendations do', async () => {
      const before = await t.store.feedback.count();
      const res = await postFeedback({
        members: [{ sampleUser: '2' }, { sampleUser: 'nobody' }],
        appid: 205,
        kind: 'liked',
      });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: 'MEMBER_UNKNOWN', details: { member: 1 } });
      expect(res.json().message).toBe(
        'Member 2 (sample player nobody): no sample player "nobody" in the bundled dataset',
      );
      const recommend = await t.app.inject({
        method: 'POST',
        url: '/api/v1/recommendations',
        payload: { members: [{ sampleUser: '2' }, { sampleUser: 'nobody' }] },
      });
      expect(recommend.statusCode).toBe(404);
      expect(recommend.json()).toMatchObject({ code: 'MEMBER_UNKNOWN', message: res.json().message });
      expect(await t.store.feedback.count()).toBe(before);
    });

    it('keys pasted members by their library, not their name, and trains on neither them nor vanity names', async () => {
      const me = (appid: number) => ({ name: 'Me', games: [{ appid, playtimeMinutes: 60 }] });
      for (const payload of [
        { members: [me(100), { sampleUser: '1' }], appid: 101, kind: 'liked' },
        { members: [me(200), { sampleUser: '3' }], appid: 201, kind: 'liked' },
        // Without a Steam client the vanity name cannot be resolved: kept, but not a training user.
        {
          members: [{ vanity: 'GabeLoganNewell' }, { sampleUser: '5' }],
          appid: 205,
          kind: 'played_together',
        },
      ])
        expect((await postFeedback(payload)).statusCode).toBe(201);
      const events = (await t.store.feedback.list()).slice(-3);
      const [a, b, vanity] = events.map((event) => event.memberKeys);
      const inlineA = a?.find((key) => key.startsWith('inline:'));
      const inlineB = b?.find((key) => key.startsWith('inline:'));
      expect(inlineA).toMatch(/^inline:[0-9a-f]{16}$/);
      expect(inlineB).toMatch(/^inline:[0-9a-f]{16}$/);
      expect(inlineA).not.toBe(inlineB);
      expect(events[0]?.groupKey).not.toBe(events[1]?.groupKey);
      expect(vanity).toEqual(['sample:5', 'vanity:gabelogannewell']);

      const { libraries } = await loadTrainingData(t.store);
      const keys = [...libraries.keys()];
      expect(keys.filter((key) => !key.startsWith('steam200k:') && !key.startsWith('steam:'))).toEqual([]);
      expect(libraries.get('steam200k:1')).toContainEqual(expect.objectContaining({ appid: 101 }));
      expect(libraries.get('steam200k:5')).toContainEqual(expect.objectContaining({ appid: 205 }));
    });

    it('with a Steam client, stores a vanity member under the SteamID64 it resolves to', async () => {
      const steamApp = await feedbackAppWithSteam(t.store);
      try {
        await t.store.libraries.replace(GABE, [
          { appid: 100, playtimeForeverMinutes: 600, playtime2WeeksMinutes: null },
        ]);
        for (const member of [
          { vanity: 'gabelogannewell' },
          { profileUrl: 'https://steamcommunity.com/id/gabelogannewell/' },
        ]) {
          const res = await postFeedback(
            { members: [member, { sampleUser: '2' }], appid: 205, kind: 'played_together' },
            steamApp,
          );
          expect(res.statusCode).toBe(201);
          const stored = (await t.store.feedback.list()).find((event) => event.id === res.json().id);
          expect(stored?.memberKeys).toEqual(['sample:2', `steam:${GABE}`]);
          expect((await undo(res.json().undoToken, steamApp)).statusCode).toBe(200);
        }
        const kept = await postFeedback(
          { members: [{ vanity: 'gabelogannewell' }, { sampleUser: '2' }], appid: 205, kind: 'liked' },
          steamApp,
        );
        const { libraries } = await loadTrainingData(t.store);
        expect(libraries.get(`steam:${GABE}`)).toEqual([
          { appid: 100, playtimeMinutes: 600 },
          { appid: 205, playtimeMinutes: 60 },
        ]);
        expect((await undo(kept.json().undoToken, steamApp)).statusCode).toBe(200);

        const unknown = await postFeedback(
          { members: [{ sampleUser: '2' }, { vanity: 'nosuchname' }], appid: 205, kind: 'liked' },
          steamApp,
        );
        expect(unknown.statusCode).toBe(404);
        expect(unknown.json()).toMatchObject({ code: 'STEAM_ID_UNRESOLVED', details: { member: 1 } });
        expect(unknown.json().message).toMatch(/^Member 2 \(nosuchname\): No Steam profile/);

        // Steam down and nothing cached: the feedback is still kept, under a key training skips.
        const down = await postFeedback(
          { members: [{ vanity: 'steamisdown' }, { sampleUser: '2' }], appid: 205, kind: 'liked' },
          steamApp,
        );
        expect(down.statusCode).toBe(201);
        const stored = (await t.store.feedback.list()).find((event) => event.id === down.json().id);
        expect(stored?.memberKeys).toEqual(['sample:2', 'vanity:steamisdown']);
        expect((await undo(down.json().undoToken, steamApp)).statusCode).toBe(200);
      } finally {
        await steamApp.close();
        await t.store.libraries.replace(GABE, []);
      }
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
