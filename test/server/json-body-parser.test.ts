/**
 * The JSON body parser answers exactly as Fastify's default one (values, status codes, error bodies and
 * headers, for valid, broken, empty, BOM-prefixed and poisoned text), and marks as storable only bodies whose
 * text cannot hold a NUL or a lone surrogate.
 */
import fc from 'fast-check';
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStorableJsonBody, useFastJsonBodyParser } from '../../src/server/json-body-parser.ts';
import { pathToUnstorable } from '../../src/server/reject-unstorable-text.ts';
import { anyJson, awkwardText, brokenJson } from './request-arbitraries.ts';
import { buildTestApp, type TestApp } from './test-app.ts';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

/** A bare app that echoes what its parser made of the body, with Fastify's parser or ours. */
async function echoApp(fast: boolean): Promise<FastifyInstance> {
  const app = Fastify();
  if (fast) useFastJsonBodyParser(app);
  app.post('/', async (request) => ({
    body: request.body,
    storable: isStorableJsonBody(request),
  }));
  await app.ready();
  return app;
}

/** Text that prototype poisoning checks look at: the two keys, spelled plainly or with \u escapes. */
const poisonPiece = fc.constantFrom(
  '"__proto__":{"x":1}',
  '"__proto__" : {"x":1}',
  '"\\u005f_proto__":{"x":1}',
  '"_\\u005Fpr\\u006fto__":{}',
  '"constructor":{"prototype":{"x":1}}',
  '"\\u0063onstructor":{"prototype":{}}',
  '"constructor":{"x":1}',
  '"constructor":"x"',
  '"constructor":null',
  '"protocol":"proto"',
  '"a":"__proto__"',
);
const poisoned = fc
  .tuple(
    poisonPiece,
    fc.constantFrom('', '"members":[{"__proto__":{"y":2}}]', '"n":{"constructor":{"prototype":1}}'),
  )
  .map(([piece, more]) => `{${[piece, more].filter(Boolean).join(',')}}`);

/** JSON text of every kind: valid, broken, poisoned, with escapes (JSON.stringify escapes lone surrogates), BOM. */
const anyText = fc.oneof(
  anyJson.map((v) => JSON.stringify(v)),
  fc.dictionary(awkwardText, fc.oneof(awkwardText, anyJson)).map((v) => JSON.stringify(v)),
  brokenJson(anyJson),
  poisoned,
  poisoned.map((text) => `{"nested":[${text}]}`),
  fc.constantFrom(
    '',
    ' ',
    '\ufeff',
    '\ufeff{}',
    '\ufeff{"a":"\\u0000"}',
    'null',
    '"\\u0000"',
    '{"a":"\u0000"}',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

describe('the JSON body parser', () => {
  let standard: FastifyInstance;
  let fast: FastifyInstance;
  beforeAll(async () => {
    [standard, fast] = await Promise.all([echoApp(false), echoApp(true)]);
  });
  afterAll(async () => {
    await Promise.all([standard.close(), fast.close()]);
  });

  const post = (app: FastifyInstance, payload: string | Buffer) =>
    app.inject({ method: 'POST', url: '/', payload, headers: { 'content-type': 'application/json' } });
  const answer = (res: LightMyRequestResponse) => {
    const { date: _date, ...headers } = res.headers;
    const parsed = res.statusCode === 200 ? (res.json() as { body: unknown }).body : res.json();
    return { status: res.statusCode, headers: { ...headers, 'content-length': undefined }, parsed };
  };

  it('answers what Fastify’s own parser answers: the same value, or the same error and headers', async () => {
    await fc.assert(
      fc.asyncProperty(anyText, async (text) => {
        const [a, b] = await Promise.all([post(standard, text), post(fast, text)]);
        expect(answer(b), text).toEqual(answer(a));
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses poisoned bodies, empty bodies and broken JSON with Fastify’s codes', async () => {
    const cases = [
      ['{"__proto__":{"x":1}}', 'FST_ERR_CTP_INVALID_JSON_BODY'],
      ['{"a":[{"\\u005f_proto__":{}}]}', 'FST_ERR_CTP_INVALID_JSON_BODY'],
      ['{"constructor":{"prototype":{}}}', 'FST_ERR_CTP_INVALID_JSON_BODY'],
      ['{"a":', 'FST_ERR_CTP_INVALID_JSON_BODY'],
      ['\ufeff', 'FST_ERR_CTP_INVALID_JSON_BODY'],
      ['', 'FST_ERR_CTP_EMPTY_JSON_BODY'],
    ] as const;
    for (const [text, code] of cases) {
      const res = await post(fast, text);
      expect(res.statusCode, text).toBe(400);
      expect(res.json().code, text).toBe(code);
      expect(res.headers.connection, text).toBe('close');
    }
    // The words alone, as values or in longer keys, are no poisoning.
    const ok = await post(fast, '{"protocol":"__proto__","constructor":"x","c":{"constructor":{"a":1}}}');
    expect(ok.statusCode).toBe(200);
    expect(ok.json().body).toEqual({ protocol: '__proto__', constructor: 'x', c: { constructor: { a: 1 } } });
    expect((await post(fast, '\ufeff{"a":1}')).json().body).toEqual({ a: 1 });
  });

  it('marks a body storable only when its text has no \\u escape, and a storable body holds no unstorable text', async () => {
    await fc.assert(
      fc.asyncProperty(anyText, async (text) => {
        const res = await post(fast, text);
        if (res.statusCode !== 200) return;
        const { body, storable } = res.json() as { body: unknown; storable: boolean };
        expect(storable, text).toBe(!text.includes('\\u'));
        // Escapes survive the echo as JSON text, so the body as parsed is the body as echoed.
        if (storable) expect(pathToUnstorable(body), text).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
    expect((await post(fast, '{"a":"b"}')).json().storable).toBe(true);
    expect((await post(fast, '{"a":"\\u0041"}')).json().storable).toBe(false);
    expect((await post(fast, '{"__proto__x":"b"}')).json().storable).toBe(true);
    // A lone surrogate sent as bytes arrives as U+FFFD: UTF-8 cannot carry one.
    const bytes = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d]);
    const replaced = (await post(fast, bytes)).json();
    expect(replaced).toEqual({ body: { a: '\ufffd\ufffd\ufffd' }, storable: true });
  });

  it('leaves other content types alone', async () => {
    const res = await fast.inject({
      method: 'POST',
      url: '/',
      payload: '{"a":1}',
      headers: { 'content-type': 'text/plain' },
    });
    expect(res.json()).toEqual({ body: '{"a":1}', storable: false });
  });
});

describe('unstorable text in the app', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp('sqlite');
  });
  afterAll(async () => t.close());

  const post = (payload: string, contentType = 'application/json') =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/recommendations',
      payload,
      headers: { 'content-type': contentType },
    });

  it('is refused with a 400 naming the field, on a connection kept open, wherever it hides', async () => {
    const cases = [
      ['{"members":[{"name":"a\\u0000b","games":[]},{"sampleUser":"1"}]}', 'body.members.0.name'],
      ['{"members":[{"name":"A","games":[]},{"sampleUser":"1"}],"k\\ud800":1}', 'body.k\ud800'],
      [
        '{"members":[{"sampleUser":"1"}],"filters":{"includeTags":["x","\\udfff"]}}',
        'body.filters.includeTags.1',
      ],
      ['"\\u0000"', 'body'],
    ] as const;
    for (const [payload, field] of cases) {
      const res = await post(payload);
      expect(res.statusCode, payload).toBe(400);
      expect(res.headers.connection, payload).not.toBe('close');
      expect(res.json(), payload).toEqual({
        code: 'INVALID_INPUT',
        message: `${field}: text must be valid Unicode without NUL characters or lone surrogates`,
      });
    }
  });

  it('is refused in a body of another content type too', async () => {
    const res = await post('a\u0000b', 'text/plain');
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/^body: text must be valid Unicode/);
  });

  it('is not mistaken for escaped text that is fine', async () => {
    const res = await post(
      '{"members":[{"name":"\\u0041na \\ud83c\\udfae","games":[{"appid":100,"playtimeMinutes":60}]},{"name":"back\\\\u0000slash","games":[]}]}',
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().members.map((m: { label: string }) => m.label)).toEqual(['Ana 🎮', 'back\\u0000slash']);
  });
});
