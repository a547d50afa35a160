/**
 * What a caller reads when a request breaks the contract: pasted libraries refuse keys they do not know, a
 * member that fits no form is told the forms (and one that nearly fits, what is wrong in it, with its full
 * path), ranges the wrong way round are refused naming both ends, and a body over the limit says the limit.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './test-app.ts';

const sample = { sampleUser: '1' };
const FORMS =
  'a member is one of {"steamId"}, {"vanity"}, {"profileUrl"}, {"sampleUser"} or ' +
  '{"name", "games": [{"appid", "playtimeMinutes"}, …]}';

describe('request validation messages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp('sqlite');
  });
  afterAll(async () => t.close());

  const recommend = (body: unknown) =>
    t.app.inject({ method: 'POST', url: '/api/v1/recommendations', payload: body as object });
  const refusal = (res: LightMyRequestResponse) => ({ status: res.statusCode, ...res.json() });

  it('refuses a library entry with a key it does not know, such as Steam’s playtime_forever, by name', async () => {
    for (const key of ['playtime_forever', 'playtime', 'hours']) {
      const res = await recommend({
        members: [sample, { name: 'Alice', games: [{ appid: 100, [key]: 600 }] }],
      });
      expect(refusal(res)).toEqual({
        status: 400,
        code: 'INVALID_INPUT',
        message: `body.members.1.games.0: Unrecognized key: "${key}"`,
      });
    }
    // Without a playtime the game is owned and unplayed, as before.
    const owned = await recommend({ members: [sample, { name: 'Alice', games: [{ appid: 100 }] }] });
    expect(owned.statusCode).toBe(200);
  });

  it('tells a member that nearly fits a form what is wrong in it, with the full path', async () => {
    const cases: [unknown, string][] = [
      [{ name: 'Alice', games: [{ appid: 1.5 }] }, 'body.members.1.games.0.appid: expected an integer'],
      [
        { name: 'Alice', games: [{ appid: 100 }, { appid: '550' }] },
        'body.members.1.games.1.appid: Invalid input: expected number, received string',
      ],
      [
        { name: 'Alice', games: 'none' },
        'body.members.1.games: Invalid input: expected array, received string',
      ],
      [{ name: '  ', games: [] }, 'body.members.1.name: Too small: expected string to have >=1 characters'],
      [{ steamId: 42 }, 'body.members.1.steamId: Invalid input: expected string, received number'],
    ];
    for (const [member, message] of cases) {
      const res = await recommend({ members: [sample, member] });
      expect(refusal(res), JSON.stringify(member)).toEqual({ status: 400, code: 'INVALID_INPUT', message });
    }
  });

  it('lists the member forms when a member fits none by its keys, after what is wrong with them', async () => {
    const cases: [unknown, string][] = [
      [{ steamid: '76561197960287930' }, 'body.members.1: Unrecognized key: "steamid"; '],
      [{ name: 'Alice' }, 'body.members.1: missing "games"; '],
      ['gabelogannewell', 'body.members.1: Invalid input: expected object, received string; '],
      [{}, 'body.members.1: '],
      [{ steamId: '76561197960287930', vanity: 'x' }, 'body.members.1: '],
    ];
    for (const [member, start] of cases) {
      const res = await recommend({ members: [sample, member] });
      expect(refusal(res), JSON.stringify(member)).toEqual({
        status: 400,
        code: 'INVALID_INPUT',
        message: `${start}${FORMS}`,
      });
    }
  });

  it('refuses a filter range the wrong way round naming both ends; equal ends are a range of one', async () => {
    const cases: [Record<string, number>, string][] = [
      [
        { minRequiredAge: 18, maxRequiredAge: 3 },
        'body.filters.minRequiredAge: minRequiredAge (18) is above maxRequiredAge (3): no game can match both',
      ],
      [
        { releaseYearFrom: 2020, releaseYearTo: 1990 },
        'body.filters.releaseYearFrom: releaseYearFrom (2020) is above releaseYearTo (1990): no game can match both',
      ],
    ];
    for (const [filters, message] of cases) {
      const res = await recommend({ members: [sample, { sampleUser: '2' }], filters });
      expect(refusal(res)).toEqual({ status: 400, code: 'INVALID_INPUT', message });
    }
    const equal = await recommend({
      members: [sample, { sampleUser: '2' }],
      filters: { minRequiredAge: 0, maxRequiredAge: 0, releaseYearFrom: 2020, releaseYearTo: 2020 },
    });
    expect(equal.statusCode).toBe(200);
  });

  it('answers every group size outside 2–8 with GROUP_SIZE_OUT_OF_RANGE, and past 64 before reading members', async () => {
    for (const n of [0, 1, 9, 64]) {
      const res = await recommend({ members: Array.from({ length: n }, () => sample) });
      expect(refusal(res)).toEqual({
        status: 400,
        code: 'GROUP_SIZE_OUT_OF_RANGE',
        message: `A group has 2 to 8 members; this one has ${n}`,
      });
    }
    const huge = await recommend({ members: Array.from({ length: 65 }, () => ({})) });
    expect(refusal(huge)).toEqual({
      status: 400,
      code: 'INVALID_INPUT',
      message: 'body.members: A group has 2 to 8 members; this one has 65',
    });
  });

  it('refuses a misspelt query parameter by name instead of ignoring it', async () => {
    for (const url of ['/api/v1/games?search=farm&limt=5', '/api/v1/sample-players?limt=5']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(refusal(res), url).toEqual({
        status: 400,
        code: 'INVALID_INPUT',
        message: 'querystring: Unrecognized key: "limt"',
      });
    }
  });

  it('names the request part when the whole value is wrong', async () => {
    const res = await recommend([sample, sample]);
    expect(res.json().message).toBe('body: Invalid input: expected object, received array');
  });
});

describe('a body over the limit', () => {
  it('says the limit in bytes and MB, and the setting that raises it', async () => {
    for (const [limit, said] of [
      [2 * 1024 * 1024, '2,097,152 bytes (2 MB)'],
      [1_500_000, '1,500,000 bytes (1.4 MB)'],
      [4096, '4,096 bytes.'],
    ] as const) {
      const t = await buildTestApp('sqlite', { deps: { bodyLimitBytes: limit } });
      try {
        const games = Array.from({ length: 60_000 }, (_, i) => ({ appid: i + 1, playtimeMinutes: 1 }));
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/recommendations',
          payload: { members: [sample, { name: 'Hoarder', games }] },
        });
        expect(res.statusCode).toBe(413);
        expect(res.json().code).toBe('PAYLOAD_TOO_LARGE');
        expect(res.json().message).toContain(`at most ${said}`);
        expect(res.json().message).toContain('BODY_LIMIT_BYTES');
      } finally {
        await t.close();
      }
    }
  });
});
