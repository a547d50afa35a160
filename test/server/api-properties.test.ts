/**
 * Bad input, generated: random and malformed requests to the public API end in a 2xx or a coded 4xx
 * (`{ code, message }`), never a 5xx, on both databases. A failure prints fast-check's seed and the shrunk
 * request; `FC_SEED=<seed> npx vitest run <this file> -t '<test>'` replays it, `PROPERTY_RUNS=2000` digs deeper.
 */
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_LIBRARY_GAMES } from '../../src/contract/recommendations.ts';
import { ERROR_CATALOGUE } from '../../src/errors.ts';
import type { HttpGet } from '../../src/steam/http-get.ts';
import { recordedSteamClient, steamFixture } from '../fixtures/recorded-steam-client.ts';
import { TEST_DIALECTS } from '../store/test-stores.ts';
import {
  anyJson,
  anyMember,
  appidSegment,
  awkwardText,
  bodies,
  brokenJson,
  CONTENT_TYPES,
  gamesQuery,
  validFeedback,
  validRecommendation,
  validResolve,
  withRawNumber,
} from './request-arbitraries.ts';
import { buildTestApp, type TestApp } from './test-app.ts';

// Enough to meet every branch of the generators many times, small enough for a few seconds on a busy machine.
const RUNS = Number(process.env.PROPERTY_RUNS ?? 150);
if (process.env.FC_SEED) fc.configureGlobal({ seed: Number(process.env.FC_SEED) });

/** Steam as recorded: every profile is public with the fixture library; only "gabelogannewell" resolves. */
const recordedSteam: HttpGet = async (url) => {
  const u = new URL(url);
  if (u.pathname.includes('GetPlayerSummaries'))
    return { status: 200, headers: {}, body: steamFixture('player-summaries') };
  if (u.pathname.includes('GetOwnedGames'))
    return { status: 200, headers: {}, body: steamFixture('owned-games') };
  if (u.pathname.includes('ResolveVanityURL')) {
    const name = u.searchParams.get('vanityurl');
    return {
      status: 200,
      headers: {},
      body: steamFixture(name === 'gabelogannewell' ? 'resolve-vanity' : 'resolve-vanity-no-match'),
    };
  }
  return { status: 404, headers: {}, body: '' };
};

// Thousands of generated Steam members must not drain the bucket: a virtual clock never refills it.
const steamClient = () => recordedSteamClient(recordedSteam, { capacity: 1e9, retries: 0 });

const KNOWN_CODES = new Set(Object.keys(ERROR_CATALOGUE));

/** The invariant: 2xx, or a 4xx whose JSON body has a catalogue code and a non-empty message. */
function expectHandled(res: LightMyRequestResponse, request: string): void {
  const context = `${request.slice(0, 600)}\n→ ${res.statusCode} ${res.body.slice(0, 400)}`;
  expect(res.statusCode, context).toBeGreaterThanOrEqual(200);
  expect(res.statusCode, context).toBeLessThan(500);
  if (res.statusCode < 400) return;
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    expect.fail(`error body is not JSON: ${context}`);
  }
  const { code, message } = body as { code?: unknown; message?: unknown };
  expect(KNOWN_CODES.has(String(code)), `unknown code: ${context}`).toBe(true);
  expect(typeof message === 'string' && message.trim().length > 0, `no message: ${context}`).toBe(true);
}

// ------------------------------------------------------------------------------------------------- tests

for (const dialect of TEST_DIALECTS) {
  // A failure shrinks by rerunning requests, which takes longer than a passing run.
  describe(`${dialect}: generated bad input gets a coded 4xx, never a 5xx`, { timeout: 120_000 }, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(dialect, { steam: steamClient() });
    });
    afterAll(async () => t.close());

    const postText = async (url: string, payload: string, contentType = 'application/json') => {
      const res = await t.app.inject({
        method: 'POST',
        url,
        payload,
        headers: { 'content-type': contentType },
      });
      expectHandled(res, `POST ${url} [${contentType}] ${payload}`);
      return res;
    };
    const postJson = (url: string, body: unknown) => postText(url, JSON.stringify(body) ?? 'null');
    const get = async (url: string) => {
      const res = await t.app.inject({ method: 'GET', url });
      expectHandled(res, `GET ${url}`);
      return res;
    };

    const jsonRoutes = [
      [
        '/api/v1/recommendations',
        bodies(
          fc.oneof(
            validRecommendation,
            // Groups of any size, 0 to 12.
            fc.record({ members: fc.array(anyMember, { maxLength: 12 }) }),
          ),
        ),
      ],
      ['/api/v1/feedback', bodies(validFeedback)],
      ['/api/v1/members/resolve', bodies(fc.oneof(validResolve, fc.record({ input: awkwardText })))],
    ] as const;

    for (const [url, body] of jsonRoutes) {
      it(`POST ${url}: valid bodies, bodies with broken fields, any JSON value`, async () => {
        await fc.assert(
          fc.asyncProperty(body, async (b) => void (await postJson(url, b))),
          { numRuns: RUNS },
        );
      });

      it(`POST ${url}: broken JSON text, odd number literals, bytes`, async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.oneof(
              brokenJson(body),
              withRawNumber(body),
              anyJson.map((v) => JSON.stringify(v)),
              fc.string({ unit: 'binary-ascii', maxLength: 40 }),
            ),
            async (text) => void (await postText(url, text)),
          ),
          { numRuns: RUNS },
        );
      });

      it(`POST ${url}: wrong content types`, async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.constantFrom(...CONTENT_TYPES),
            fc.oneof(
              body.map((b) => JSON.stringify(b) ?? ''),
              awkwardText,
            ),
            async (contentType, payload) => void (await postText(url, payload, contentType)),
          ),
          { numRuns: Math.round(RUNS / 2) },
        );
      });
    }

    it('GET /api/v1/games: search query strings, valid and broken', async () => {
      await fc.assert(
        fc.asyncProperty(gamesQuery, async (query) => void (await get(`/api/v1/games?${query}`))),
        { numRuns: RUNS },
      );
    });

    it('GET /api/v1/games/:appid: appids, unknown appids and broken path segments', async () => {
      await fc.assert(
        fc.asyncProperty(
          appidSegment,
          fc.option(gamesQuery),
          async (segment, query) =>
            void (await get(`/api/v1/games/${segment}${query === null ? '' : `?${query}`}`)),
        ),
        { numRuns: RUNS },
      );
    });

    it('DELETE /api/v1/feedback/:id and GET /api/v1/sample-players: odd ids and query strings', async () => {
      await fc.assert(
        fc.asyncProperty(appidSegment, gamesQuery, async (segment, query) => {
          const res = await t.app.inject({ method: 'DELETE', url: `/api/v1/feedback/${segment}` });
          expectHandled(res, `DELETE /api/v1/feedback/${segment}`);
          await get(`/api/v1/sample-players?${query.replaceAll('search=', 'limit=')}`);
        }),
        { numRuns: RUNS },
      );
    });

    it('refuses NUL characters and lone surrogates with a 400 naming the field, keeps emoji, RTL and combining marks', async () => {
      const group = (name: string) =>
        `{"members":[{"name":${name},"games":[{"appid":100,"playtimeMinutes":60}]},{"sampleUser":"1"}]}`;
      for (const name of ['"a\\u0000b"', '"\\ud83d"', '"x\\ude00"', '"\\udbff\\udbff"']) {
        const res = await postText('/api/v1/recommendations', group(name));
        expect(res.statusCode, name).toBe(400);
        expect(res.json().code).toBe('INVALID_INPUT');
        expect(res.json().message).toMatch(/^body\.members\.0\.name: /);
      }
      const feedback = await postText(
        '/api/v1/feedback',
        '{"members":[{"sampleUser":"\\ud800"}],"appid":100,"kind":"liked"}',
      );
      expect(feedback.statusCode).toBe(400);
      expect(feedback.json().message).toMatch(/^body\.members\.0\.sampleUser: /);
      const search = await get('/api/v1/games?search=a%00');
      expect(search.statusCode).toBe(400);
      expect(search.json().message).toMatch(/^querystring\.search: /);

      const names = ['👩‍👩‍👧‍👦 squad', 'مرحبا', 'שלום\u200f', 'e\u0301\u0301', '\u202eevil'];
      const ok = await postJson('/api/v1/recommendations', {
        members: names.map((name) => ({ name, games: [{ appid: 100, playtimeMinutes: 60 }] })),
      });
      expect(ok.statusCode).toBe(200);
      expect(ok.json().members.map((m: { label: string }) => m.label)).toEqual(names);
    });

    it('survives JSON nested 100,000 deep', async () => {
      const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
      for (const url of ['/api/v1/recommendations', '/api/v1/feedback']) {
        const res = await postText(url, `{"members":${deep}}`);
        expect(res.statusCode).toBe(400);
      }
    });

    it('a valid body with a non-JSON content type is refused as 415 with a code', async () => {
      const body = JSON.stringify({ members: [{ sampleUser: '1' }, { sampleUser: '2' }] });
      const res = await postText('/api/v1/recommendations', body, 'application/xml');
      expect(res.statusCode).toBe(415);
      expect(res.json().code).toBe('INVALID_INPUT');
    });

    it('serves a 20,000-game inline library, refuses one game more, and answers 413 past the body limit', async () => {
      const library = (n: number) =>
        Array.from({ length: n }, (_, i) => ({ appid: 1_000_000 + i, playtimeMinutes: i % 5000 }));
      const big = {
        name: 'Hoarder',
        games: [
          ...library(MAX_LIBRARY_GAMES - 2),
          ...[100, 200].map((a) => ({ appid: a, playtimeMinutes: 60 })),
        ],
      };
      const ok = await postJson('/api/v1/recommendations', { members: [big, { sampleUser: '1' }] });
      expect(ok.statusCode).toBe(200);
      expect(ok.json().members[0]).toMatchObject({ gameCount: MAX_LIBRARY_GAMES, knownGameCount: 2 });

      const tooMany = await postJson('/api/v1/recommendations', {
        members: [{ name: 'Hoarder', games: library(MAX_LIBRARY_GAMES + 1) }, { sampleUser: '1' }],
      });
      expect(tooMany.statusCode).toBe(400);
      expect(tooMany.json().code).toBe('INVALID_INPUT');

      // Three 20,000-game libraries are about 2.5 MB, past the default 2 MB limit.
      const members = [0, 1, 2].map((k) => ({ name: `H${k}`, games: library(MAX_LIBRARY_GAMES) }));
      const tooBig = await postJson('/api/v1/recommendations', { members });
      expect(tooBig.statusCode).toBe(413);
      expect(tooBig.json().code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('feedback past the body limit is refused with 413', async () => {
      const res = await postJson('/api/v1/feedback', {
        members: [{ name: 'x'.repeat(10), games: [] }],
        appid: 100,
        kind: 'liked',
        modelVersion: 'v'.repeat(3 * 1024 * 1024),
      });
      expect(res.statusCode).toBe(413);
      expect(res.json().code).toBe('PAYLOAD_TOO_LARGE');
    });
  });
}
