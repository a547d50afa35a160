import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpGet } from '../../src/steam/http-get.ts';
import { recordedSteamClient, steamFixture } from '../fixtures/recorded-steam-client.ts';
import { TEST_DIALECTS } from '../store/test-stores.ts';
import { buildTestApp, type TestApp } from './test-app.ts';

const PUBLIC_ID = '76561197960287930';
const PRIVATE_ID = '76561198000000001';
const DOWN_ID = '76561198000000002';

/** Steam as recorded: one public profile with a library, one with private game details, one that is down. */
const recordedSteam: HttpGet = async (url) => {
  const u = new URL(url);
  const steamid = u.searchParams.get('steamid') ?? u.searchParams.get('steamids') ?? '';
  if (steamid.includes(DOWN_ID))
    return { status: 503, headers: { 'retry-after': '120' }, body: 'Service Unavailable' };
  if (u.pathname.includes('GetPlayerSummaries'))
    return { status: 200, headers: {}, body: steamFixture('player-summaries') };
  if (u.pathname.includes('GetOwnedGames')) {
    return {
      status: 200,
      headers: {},
      body: steamFixture(steamid === PRIVATE_ID ? 'owned-games-private' : 'owned-games'),
    };
  }
  if (u.pathname.includes('ResolveVanityURL')) {
    return {
      status: 200,
      headers: {},
      body: steamFixture(
        u.searchParams.get('vanityurl') === 'gabelogannewell' ? 'resolve-vanity' : 'resolve-vanity-no-match',
      ),
    };
  }
  return { status: 404, headers: {}, body: '' };
};

const steamClient = () => recordedSteamClient(recordedSteam);

const shooterFan = {
  name: 'Ana',
  games: [
    { appid: 100, playtimeMinutes: 3000 },
    { appid: 101, playtimeMinutes: 600 },
    { appid: 99999, playtimeMinutes: 5 },
  ],
};
const farmer = {
  name: 'Ben',
  games: [
    { appid: 200, playtimeMinutes: 4000 },
    { appid: 201, playtimeMinutes: 100 },
  ],
};

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: POST /api/v1/recommendations`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect, { steam: steamClient() });
    });
    afterAll(async () => t.close());

    const post = (payload: unknown) =>
      t.app.inject({ method: 'POST', url: '/api/v1/recommendations', payload: payload as object });

    it('recommends for inline libraries and sample players, in request order, with reasons', async () => {
      const res = await post({ members: [shooterFan, { sampleUser: '3' }, farmer], limit: 10 });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.model).toEqual({
        version: 'test-1',
        algorithm: 'item-knn',
        trainedAt: '2026-11-25T00:00:00.000Z',
      });
      expect(body.strategy).toBe('fair');
      expect(body.members.map((m: { label: string }) => m.label)).toEqual(['Ana', 'Player 3', 'Ben']);
      expect(body.members[0]).toMatchObject({ gameCount: 3, knownGameCount: 2 });
      expect(body.items).toHaveLength(10);
      for (const item of body.items) {
        expect(item.members).toHaveLength(3);
        expect(item.reasons.some((r: { kind: string }) => r.kind === 'ownership')).toBe(true);
        expect(item.storeUrl).toBe(`https://store.steampowered.com/app/${item.appid}/`);
      }
      expect(new Set(body.items.map((i: { appid: number }) => i.appid)).size).toBe(10);
    });

    it('says who owns a game and what it costs the others', async () => {
      const res = await post({ members: [shooterFan, farmer], limit: 60, filters: { ownership: 'some' } });
      const item = res.json().items.find((i: { appid: number }) => i.appid === 100);
      expect(item.members.map((m: { owns: boolean }) => m.owns)).toEqual([true, false]);
      expect(item.members[0].playtimeMinutes).toBe(3000);
      expect(item.reasons.find((r: { kind: string }) => r.kind === 'ownership').text).toBe(
        '1 of 2 own it; the other pays £7.19',
      );
    });

    it('holds the "discover" filter: no result is owned by any member', async () => {
      const res = await post({
        members: [shooterFan, farmer, { sampleUser: '2' }],
        filters: { ownership: 'none' },
        limit: 30,
      });
      expect(res.statusCode).toBe(200);
      for (const item of res.json().items)
        expect(item.members.every((m: { owns: boolean }) => !m.owns)).toBe(true);
    });

    it('rejects groups of fewer than 2 or more than 8 members', async () => {
      for (const n of [1, 9]) {
        const res = await post({ members: Array.from({ length: n }, () => farmer) });
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({ code: 'GROUP_SIZE_OUT_OF_RANGE' });
        expect(res.json().message).toContain('2 to 8');
      }
    });

    it('rejects malformed bodies with a message naming the field', async () => {
      const cases = [
        { members: 'nope' },
        { members: [farmer, { name: 'X', games: [{ appid: -1, playtimeMinutes: 1 }] }] },
        { members: [farmer, farmer], limit: 1000 },
        { members: [farmer, farmer], strategy: 'dictator' },
        { members: [farmer, farmer], filters: { ownership: 'mine' } },
        { members: [farmer, { steamId: '1', vanity: 'x' }] },
      ];
      for (const payload of cases) {
        const res = await post(payload);
        expect(res.statusCode, JSON.stringify(payload)).toBe(400);
        expect(res.json().code).toBe('INVALID_INPUT');
        expect(res.json().message.length).toBeGreaterThan(5);
      }
    });

    it('names the member with an invalid SteamID or profile URL', async () => {
      const res = await post({ members: [farmer, { profileUrl: 'https://example.com/not-steam' }] });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'STEAM_ID_INVALID', details: { member: 1 } });
      expect(res.json().message).toMatch(/^Member 2/);
    });

    it('explains a private profile and how to fix it', async () => {
      const res = await post({ members: [farmer, { steamId: PRIVATE_ID }] });
      expect(res.statusCode).toBe(422);
      expect(res.json().code).toBe('STEAM_PROFILE_PRIVATE');
      expect(res.json().message).toMatch(/^Member 2/);
      expect(res.json().message).toMatch(/Public|paste/i);
    });

    it('serves Steam members: vanity names resolve and libraries are stored for training', async () => {
      const res = await post({
        members: [
          farmer,
          { vanity: 'gabelogannewell' },
          { profileUrl: `https://steamcommunity.com/profiles/${PUBLIC_ID}/` },
        ],
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().members[1]).toMatchObject({ label: 'Rabscuttle', steamId: PUBLIC_ID });
      const stored = await t.store.libraries.get(PUBLIC_ID);
      expect(stored.games.length).toBeGreaterThan(0);
    });

    it('answers 404 for an unknown vanity name and for an unknown sample player', async () => {
      const vanity = await post({ members: [farmer, { vanity: 'nobody_here_123' }] });
      expect(vanity.statusCode).toBe(404);
      expect(vanity.json().code).toBe('STEAM_ID_UNRESOLVED');
      const sample = await post({ members: [farmer, { sampleUser: 'no-such-user' }] });
      expect(sample.statusCode).toBe(404);
      expect(sample.json().code).toBe('MEMBER_UNKNOWN');
    });

    it('answers 503 with Retry-After when Steam is down and nothing is cached', async () => {
      const res = await post({ members: [farmer, { steamId: DOWN_ID }] });
      expect(res.statusCode).toBe(503);
      expect(res.json().code).toBe('STEAM_UNAVAILABLE');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    });
  });
}

describe('without a Steam key or a model', () => {
  it('asks for STEAM_API_KEY when a Steam member is given and no key is configured', async () => {
    const t = await buildTestApp('sqlite');
    try {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/recommendations',
        payload: { members: [farmer, { steamId: PUBLIC_ID }] },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('STEAM_KEY_MISSING');
      expect(res.json().message).toContain('STEAM_API_KEY');
    } finally {
      await t.close();
    }
  });

  it('is not ready and answers 503 MODEL_NOT_READY until a model is loaded', async () => {
    const t = await buildTestApp('sqlite', { withModel: false });
    try {
      const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({ ready: false, database: true, model: null });
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/recommendations',
        payload: { members: [farmer, shooterFan] },
      });
      expect(res.statusCode).toBe(503);
      expect(res.json().code).toBe('MODEL_NOT_READY');
      expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});
