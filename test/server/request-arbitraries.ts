/**
 * fast-check arbitraries of API requests, from valid to hostile: valid groups and bodies over the test
 * catalog, the same with one or two fields broken, awkward text and numbers, broken JSON text and URL pieces.
 */
import fc from 'fast-check';
import { MULTIPLAYER_MODES, PLATFORMS } from '../../src/catalog/game.ts';
import { FEEDBACK_KINDS } from '../../src/contract/feedback.ts';
import { STRATEGY_NAMES } from '../../src/group/aggregation-strategy.ts';
import { TEST_GAMES } from './test-app.ts';

export const KNOWN_APPIDS = TEST_GAMES.map((g) => g.appid);
/** The SteamID64 of the recorded public profile. */
export const PUBLIC_ID = '76561197960287930';
/** Dataset users seeded by buildTestApp ("1" … "40"). */
export const SAMPLE_USER_IDS = Array.from({ length: 40 }, (_, i) => String(i + 1));

const SPECIAL_TEXT = [
  '',
  ' ',
  '\t\n ',
  '🎮',
  '👩‍👩‍👧‍👦 squad',
  'مرحبا بالعالم',
  'שלום\u200f',
  '\u202eevil\u202c',
  'e\u0301\u0301\u0301\u0301',
  'Z\u0351\u0356\u0300\u0489',
  '\u0000',
  'a\u0000b',
  '\ud83d',
  '\ude00x',
  'x\udbff',
  '\ufeff',
  '\uffff',
  '%',
  '%25',
  '_',
  '\\',
  "'; drop table games; --",
  '__proto__',
  'constructor',
  'x'.repeat(64),
  'x'.repeat(65),
  'y'.repeat(301),
  PUBLIC_ID,
  '76561197960265728',
  '76561202255233024',
  '7656',
  'gabelogannewell',
  'https://steamcommunity.com/id/gabelogannewell',
  `https://steamcommunity.com/profiles/${PUBLIC_ID}/`,
  'steamcommunity.com',
  'steamcommunity.com/id/%ZZ',
  'http://[::1',
  'javascript:alert(1)',
  '0',
  '-1',
  '1e400',
  'NaN',
  'Infinity',
  'Shooter',
];

const loneSurrogate = fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff');
/** Printable graphemes (emoji, RTL, combining marks), any code point with lone surrogates, and known troublemakers. */
export const awkwardText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), loneSurrogate) }),
  fc.constantFrom(...SPECIAL_TEXT),
);

/** Numbers a client might send, including those JSON cannot hold (NaN and ±Infinity serialise to null). */
export const awkwardNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, -1, 0.5, 1, 2, 8, 9, 20, 100, 101, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 53, 1e21),
  fc.constantFrom(1e308, -1e308, 5e-324, Number.NaN, Number.POSITIVE_INFINITY, 10_000_000, 10_000_001),
);
export const anyJson = fc.jsonValue({ maxDepth: 3 });
export const awkwardValue = fc.oneof(
  awkwardNumber,
  awkwardText,
  fc.constantFrom(null, true, false, [], {}),
  anyJson,
);

// ------------------------------------------------------------------------------------------ valid requests

/** Names a person might give, including emoji, RTL text and combining marks, 1–64 characters once trimmed. */
export const memberName = fc
  .oneof(
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
    fc.constantFrom(
      'Ana',
      '  Ben  ',
      '🎮',
      '👩‍👩‍👧‍👦 squad',
      'مرحبا',
      'שלום\u200f',
      'e\u0301\u0301',
      'x'.repeat(64),
    ),
  )
  .filter((name) => name.trim().length >= 1 && name.trim().length <= 64);

/** A library over the test catalog, sometimes with unknown appids and repeated entries. */
export const library = fc.array(
  fc.record({
    appid: fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(...KNOWN_APPIDS) },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 ** 31 - 1 }) },
    ),
    playtimeMinutes: fc.oneof(
      fc.integer({ min: 0, max: 600_000 }),
      fc.double({ min: 0, max: 10_000_000, noNaN: true }),
    ),
  }),
  { maxLength: 40 },
);

export const inlineMember = fc.record({ name: memberName, games: library });
export const sampleMember = fc.record({ sampleUser: fc.constantFrom(...SAMPLE_USER_IDS) });

const steamId64 = fc
  .bigInt({ min: 76561197960265729n, max: 76561197960265728n + 0xffffffffn })
  .map((id) => String(id));
const vanityName = fc.oneof(fc.constant('gabelogannewell'), fc.stringMatching(/^[A-Za-z0-9_-]{2,32}$/));
/** Any member form, Steam ones included (the recorded Steam knows one vanity name; others are unresolved). */
export const anyMember = fc.oneof(
  { weight: 4, arbitrary: inlineMember },
  { weight: 3, arbitrary: sampleMember },
  { weight: 1, arbitrary: fc.record({ sampleUser: fc.constantFrom('41', '0', 'nobody', '01') }) },
  { weight: 1, arbitrary: fc.record({ steamId: fc.oneof(fc.constant(PUBLIC_ID), steamId64) }) },
  { weight: 1, arbitrary: fc.record({ vanity: vanityName }) },
  {
    weight: 1,
    arbitrary: fc.oneof(
      steamId64.map((id) => ({ profileUrl: `https://steamcommunity.com/profiles/${id}/` })),
      vanityName.map((name) => ({ profileUrl: `steamcommunity.com/id/${name}` })),
    ),
  },
);

export const validFilters = fc
  .record(
    {
      modes: fc.subarray([...MULTIPLAYER_MODES]),
      fitsGroupSize: fc.boolean(),
      platforms: fc.subarray([...PLATFORMS]),
      maxPriceGbp: fc.double({ min: 0, max: 1000, noNaN: true }),
      freeOnly: fc.boolean(),
      hideAdultContent: fc.boolean(),
      minRequiredAge: fc.integer({ min: 0, max: 21 }),
      maxRequiredAge: fc.integer({ min: 0, max: 21 }),
      includeTags: fc.array(fc.constantFrom('FPS', 'farming sim', 'Co-op', 'nothing'), { maxLength: 3 }),
      excludeTags: fc.array(fc.constantFrom('FPS', 'Farming Sim', 'co-op', 'nothing'), { maxLength: 3 }),
      releaseYearFrom: fc.integer({ min: 1980, max: 2100 }),
      releaseYearTo: fc.integer({ min: 1980, max: 2100 }),
      minReviewScore: fc.double({ min: 0, max: 1, noNaN: true }),
      ownership: fc.constantFrom('any', 'all', 'none', 'some'),
    },
    { requiredKeys: [] },
  )
  .map(orderRanges);

/** A lower bound above its upper one is refused (400), so a valid filter set states its ranges in order. */
function orderRanges<T extends Record<string, unknown>>(filters: T): T {
  const ordered: Record<string, unknown> = { ...filters };
  for (const [low, high] of [
    ['minRequiredAge', 'maxRequiredAge'],
    ['releaseYearFrom', 'releaseYearTo'],
  ] as const) {
    const from = ordered[low];
    const to = ordered[high];
    if (typeof from === 'number' && typeof to === 'number' && from > to) {
      ordered[low] = to;
      ordered[high] = from;
    }
  }
  return ordered as T;
}

/** 2–8 members, sometimes one member repeated. */
function group<T>(member: fc.Arbitrary<T>): fc.Arbitrary<T[]> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.array(member, { minLength: 2, maxLength: 8 }) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(member, fc.integer({ min: 2, max: 8 }))
        .map(([m, n]) => Array.from({ length: n }, () => m)),
    },
  );
}

export const validRecommendation = fc.record(
  {
    members: group(anyMember),
    limit: fc.integer({ min: 1, max: 100 }),
    strategy: fc.constantFrom(...STRATEGY_NAMES),
    filters: validFilters,
  },
  { requiredKeys: ['members'] },
);

export const validFeedback = fc.record(
  {
    members: fc.array(anyMember, { minLength: 1, maxLength: 8 }),
    appid: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...KNOWN_APPIDS) },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 ** 31 - 1 }) },
    ),
    kind: fc.constantFrom(...FEEDBACK_KINDS),
    modelVersion: fc.oneof(fc.constant(null), fc.constant('test-1'), fc.string({ maxLength: 100 })),
  },
  { requiredKeys: ['members', 'appid', 'kind'] },
);

export const validResolve = fc.record({
  input: fc.oneof(
    fc.constant(PUBLIC_ID),
    steamId64,
    vanityName,
    steamId64.map((id) => `https://steamcommunity.com/profiles/${id}`),
    vanityName.map((name) => `https://www.steamcommunity.com/id/${name}/games`),
  ),
});

// ----------------------------------------------------------------------------------------- broken requests

type Path = (string | number)[];

function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const found: Path[] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => found.push(...pathsOf(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) found.push(...pathsOf(v, [...prefix, k]));
  return found;
}

type Edit = { where: number; how: 'replace' | 'delete' | 'duplicate' | 'add'; value: unknown };

/** Applies one edit at a node chosen by `where` in [0, 1), shallow nodes more often than deep ones. */
function applyEdit(root: unknown, { where, how, value }: Edit): unknown {
  const copy: unknown = structuredClone(root);
  const paths = pathsOf(copy).sort((a, b) => a.length - b.length);
  const path = paths[Math.floor(where * where * paths.length)] ?? [];
  if (path.length === 0) return how === 'replace' ? value : copy;
  let parent = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const key = path[path.length - 1] as string | number;
  if (how === 'replace') parent[key] = value;
  else if (how === 'delete' && Array.isArray(parent)) parent.splice(key as number, 1);
  else if (how === 'delete') delete parent[key];
  else if (how === 'duplicate' && Array.isArray(parent)) parent.push(structuredClone(parent[key]));
  else parent[typeof key === 'number' ? String(key) : `${key}_extra`] = value;
  return copy;
}

/** `valid` with one or two fields replaced by awkward values, deleted, repeated or joined by strangers. */
export function mutated(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const edit = fc.record({
    where: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
    how: fc.constantFrom('replace', 'replace', 'delete', 'duplicate', 'add'),
    value: awkwardValue,
  }) as fc.Arbitrary<Edit>;
  return fc
    .tuple(valid, fc.array(edit, { minLength: 1, maxLength: 2 }))
    .map(([body, edits]) => edits.reduce<unknown>(applyEdit, body));
}

/** Valid bodies, bodies with a field or two broken, and any JSON value at all. */
export function bodies(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 3, arbitrary: valid },
    { weight: 5, arbitrary: mutated(valid) },
    { weight: 1, arbitrary: anyJson },
  );
}

/** A JSON text broken at one place: cut short, a character inserted, or one replaced. */
export function brokenJson(body: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  return fc
    .tuple(
      body.map((b) => JSON.stringify(b) ?? ''),
      fc.nat(),
      fc.constantFrom('cut', 'insert', 'replace'),
      fc.constantFrom('{', '}', '[', ']', '"', ',', ':', '\\', '\\u', '\\ud800', '\u0000', 'x', '1e999', ' '),
    )
    .map(([text, at, how, piece]) => {
      const i = text.length === 0 ? 0 : at % text.length;
      if (how === 'cut') return text.slice(0, i);
      if (how === 'insert') return text.slice(0, i) + piece + text.slice(i);
      return text.slice(0, i) + piece + text.slice(i + 1);
    });
}

/** Number literals that JSON.stringify never writes but a JSON parser accepts (1e400 parses to Infinity). */
export const rawNumberLiteral = fc.constantFrom(
  '1e400',
  '-1e400',
  '1e-400',
  '-0',
  '2e1',
  '20.0',
  '1E2',
  '123456789012345678901234567890',
  '0.1e1',
  '4.9e-324',
);

/** `body` as JSON text with a raw number literal where a number is expected (the limit, an appid). */
export function withRawNumber(body: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  return fc
    .tuple(body, rawNumberLiteral)
    .map(([b, literal]) =>
      (JSON.stringify(b) ?? 'null').replace(/("limit"|"appid"|"playtimeMinutes"):[^,}\]]*/, `$1:${literal}`),
    );
}

export const CONTENT_TYPES = [
  'text/plain',
  'text/plain; charset=utf-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/xml',
  'application/octet-stream',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/JSON',
  'application/vnd.api+json',
  'application/json, text/plain',
  'garbage',
  ';;;',
];

/** UTF-8 percent-encoding of any string (lone surrogates become U+FFFD, as a browser would send them). */
export function percentEncode(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

/** Query-string or path pieces as they may arrive: encoded text, numbers, and broken escapes. */
export const urlPiece = fc.oneof(
  { weight: 4, arbitrary: awkwardText.map(percentEncode) },
  { weight: 2, arbitrary: awkwardNumber.map((n) => percentEncode(String(n))) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '%',
      '%G1',
      '%ED%A0%80',
      '%C0%AF',
      '%FF',
      '%00',
      '+',
      '%20%20',
      '99999999999',
      '2147483648',
      '9007199254740993',
      '1e3',
      '0x10',
      '-5',
      '5.5',
      '',
      '550',
      '100',
    ),
  },
);

const searchTerm = fc.oneof(
  fc.constantFrom('Shooter', 'farm', 'FARM 1', 'Solo', 'e', '%', '_', '\\', 'Shooter 2'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }),
);
/** Search query strings: valid ones, and pairs of odd keys and broken values. */
export const gamesQuery = fc.oneof(
  {
    weight: 2,
    arbitrary: fc
      .tuple(searchTerm, fc.option(fc.integer({ min: 1, max: 100 })))
      .map(([term, limit]) => `search=${percentEncode(term)}${limit === null ? '' : `&limit=${limit}`}`),
  },
  {
    weight: 2,
    arbitrary: fc
      .array(
        fc.tuple(
          fc.constantFrom('search', 'search', 'limit', 'limit', 'search[]', 'limit[0]', 'x', ''),
          urlPiece,
        ),
        { maxLength: 4 },
      )
      .map((pairs) => pairs.map(([k, v]) => (k === '' ? v : `${k}=${v}`)).join('&')),
  },
);

/** Path segments for /api/v1/games/:appid: catalog appids, unknown ones, and broken pieces. */
export const appidSegment = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...KNOWN_APPIDS).map(String) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 ** 31 - 1 }).map(String) },
  { weight: 2, arbitrary: urlPiece },
);
