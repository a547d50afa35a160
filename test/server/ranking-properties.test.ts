/**
 * Ranking invariants on generated valid groups, through the real API: what every answer promises (no repeats,
 * at most `limit` items, fits in [0, 1], members in request order, exact ownership filters, who owns what)
 * and what each strategy's contract promises about the order of its list. A failure prints fast-check's seed
 * and the shrunk group; `FC_SEED=<seed> npx vitest run <this file> -t '<test>'` replays it.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecommendationResponse } from '../../src/contract/recommendations.ts';
import { inlineMember, sampleMember, SAMPLE_USER_IDS, validFilters } from './request-arbitraries.ts';
import { buildTestApp, TEST_GAMES, testLibraries, type TestApp } from './test-app.ts';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 150);
if (process.env.FC_SEED) fc.configureGlobal({ seed: Number(process.env.FC_SEED) });

type Member = { name: string; games: { appid: number; playtimeMinutes: number }[] } | { sampleUser: string };
interface Request {
  members: Member[];
  limit?: number;
  strategy?: 'average' | 'least_misery' | 'average_without_misery' | 'fair';
  filters?: Record<string, unknown> & { ownership?: 'any' | 'all' | 'none' | 'some' };
}

const OWNERSHIP = ['any', 'all', 'none', 'some'] as const;
/** average_without_misery demotes a game any member fits below this (its default threshold). */
const MISERY = 0.35;
const MULTIPLAYER_APPIDS = new Set(TEST_GAMES.filter((g) => g.multiplayer.isMultiplayer).map((g) => g.appid));
const SAMPLE_LIBRARIES = testLibraries();

const groups = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.oneof(inlineMember, sampleMember), { minLength: 2, maxLength: 8 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.oneof(inlineMember, sampleMember), fc.integer({ min: 2, max: 8 }))
      .map(([m, n]) => Array.from({ length: n }, () => m)),
  },
);
const requests: fc.Arbitrary<Request> = fc.record(
  {
    members: groups,
    limit: fc.integer({ min: 1, max: 100 }),
    strategy: fc.constantFrom('average', 'least_misery', 'average_without_misery', 'fair'),
    // Ownership alone most of the time, so the expected list length is known; other filters sometimes.
    filters: fc.oneof(
      { weight: 3, arbitrary: fc.record({ ownership: fc.constantFrom(...OWNERSHIP) }, { requiredKeys: [] }) },
      { weight: 1, arbitrary: validFilters },
    ),
  },
  { requiredKeys: ['members'] },
) as fc.Arbitrary<Request>;

/** Each member's library as appid → largest playtime, the way the request states it. */
function ownedBy(member: Member): Map<number, number> {
  const games =
    'games' in member
      ? member.games
      : (SAMPLE_LIBRARIES.get(member.sampleUser) ?? expect.fail(`no sample ${member.sampleUser}`));
  const owned = new Map<number, number>();
  for (const g of games) owned.set(g.appid, Math.max(owned.get(g.appid) ?? 0, g.playtimeMinutes));
  return owned;
}

const label = (member: Member) => ('games' in member ? member.name.trim() : `Player ${member.sampleUser}`);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

// A failure shrinks by rerunning requests, which takes longer than a passing run.
describe('ranking invariants on generated groups', { timeout: 120_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp('sqlite');
  });
  afterAll(async () => t.close());

  async function recommend(request: Request): Promise<RecommendationResponse> {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/recommendations', payload: request });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    return res.json();
  }

  it('every answer: members in order, no repeats, ≤ limit, fits in [0, 1], exact ownership', async () => {
    await fc.assert(
      fc.asyncProperty(requests, async (request) => {
        const body = await recommend(request);
        const limit = request.limit ?? 20;
        const ownership = request.filters?.ownership ?? 'any';
        const owned = request.members.map(ownedBy);

        expect(body.strategy).toBe(request.strategy ?? 'fair');
        expect(body.members.map((m) => m.label)).toEqual(request.members.map(label));
        body.members.forEach((m, i) => {
          const member = request.members[i]!;
          const listed = 'games' in member ? member.games : SAMPLE_LIBRARIES.get(member.sampleUser)!;
          expect(m.gameCount).toBe(listed.length);
          expect(m.knownGameCount).toBeLessThanOrEqual(m.gameCount);
        });
        expect(body.items.length).toBeLessThanOrEqual(limit);
        expect(new Set(body.items.map((i) => i.appid)).size).toBe(body.items.length);

        for (const item of body.items) {
          expect(MULTIPLAYER_APPIDS.has(item.appid), `${item.appid} is not a multiplayer game`).toBe(true);
          expect(Number.isFinite(item.score)).toBe(true);
          expect(item.members).toHaveLength(request.members.length);
          item.members.forEach((m, i) => {
            expect(m.fit).toBeGreaterThanOrEqual(0);
            expect(m.fit).toBeLessThanOrEqual(1);
            // Who owns it and for how long, member by member in request order.
            expect(m.owns).toBe(owned[i]!.has(item.appid));
            expect(m.playtimeMinutes).toBe(owned[i]!.get(item.appid) ?? null);
          });
          const owners = item.members.filter((m) => m.owns).length;
          if (ownership === 'all') expect(owners).toBe(request.members.length);
          if (ownership === 'none') expect(owners).toBe(0);
          if (ownership === 'some') expect(owners).toBeGreaterThan(0);
        }

        // With no filter but ownership, nothing is lost: the list is as long as the limit or the pool allows.
        const onlyOwnership = Object.keys(request.filters ?? {}).every((k) => k === 'ownership');
        if (onlyOwnership) {
          const passing = [...MULTIPLAYER_APPIDS].filter((appid) => {
            const n = owned.filter((o) => o.has(appid)).length;
            return ownership === 'all'
              ? n === owned.length
              : ownership === 'none'
                ? n === 0
                : ownership === 'some'
                  ? n > 0
                  : true;
          });
          expect(body.items.length).toBe(Math.min(limit, passing.length));
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('each strategy keeps the order its contract states', async () => {
    await fc.assert(
      fc.asyncProperty(requests, async (request) => {
        const body = await recommend(request);
        const fits = body.items.map((item) => item.members.map((m) => m.fit));
        const scores = body.items.map((item) => item.score);
        const nonIncreasing = (xs: number[], slack = 0) =>
          xs.forEach(
            (x, i) => i === 0 || expect(x, `position ${i} of ${xs}`).toBeLessThanOrEqual(xs[i - 1]! + slack),
          );
        switch (body.strategy) {
          case 'average':
            // The crowd favourite: the mean fit, best first.
            fits.forEach((f, i) => expect(scores[i]).toBeCloseTo(mean(f), 5));
            nonIncreasing(scores);
            break;
          case 'least_misery':
            // The least happy member's fit is the score, best first; the mean only breaks exact ties.
            fits.forEach((f, i) => expect(scores[i]).toBeCloseTo(Math.min(...f), 5));
            nonIncreasing(scores);
            break;
          case 'average_without_misery': {
            // Games nobody fits below the threshold first, then the demoted ones; by mean fit within each.
            const miserable = fits.map((f) => f.some((x) => x < MISERY));
            const firstMiserable = miserable.indexOf(true);
            if (firstMiserable >= 0) expect(miserable.slice(firstMiserable).every(Boolean)).toBe(true);
            fits.forEach((f, i) => expect(scores[i]).toBeCloseTo(mean(f), 5));
            const cut = firstMiserable < 0 ? scores.length : firstMiserable;
            nonIncreasing(scores.slice(0, cut));
            // The demoted ones are ranked by mean − 1 in single precision, exact to about 1e-7.
            nonIncreasing(scores.slice(cut), 1e-6);
            break;
          }
          case 'fair':
            // A list-level greedy pick: no per-position order is promised, only a valid list (tested above).
            for (const s of scores) expect(s >= 0 && s <= 1).toBe(true);
            break;
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('filters never change a member’s fit, and the same request gets the same answer', async () => {
    await fc.assert(
      fc.asyncProperty(requests, async (request) => {
        const filtered = await recommend(request);
        expect(await recommend(request)).toEqual(filtered);
        const unfiltered = await recommend({ ...request, filters: {}, limit: 100 });
        const fitsOf = new Map(unfiltered.items.map((i) => [i.appid, i.members.map((m) => m.fit)]));
        for (const item of filtered.items) {
          const before = fitsOf.get(item.appid);
          if (before !== undefined) expect(item.members.map((m) => m.fit)).toEqual(before);
        }
      }),
      { numRuns: Math.round(RUNS / 2) },
    );
  });

  it('sample players and repeated members are each counted once per member', async () => {
    const res = await recommend({
      members: [{ sampleUser: '2' }, { sampleUser: '2' }, { sampleUser: SAMPLE_USER_IDS[3]! }],
      filters: { ownership: 'all' },
      limit: 100,
    });
    const shared = [...ownedBy({ sampleUser: '2' }).keys()].filter(
      (appid) => ownedBy({ sampleUser: '4' }).has(appid) && MULTIPLAYER_APPIDS.has(appid),
    );
    expect(res.items.map((i) => i.appid).sort()).toEqual(shared.sort());
  });
});
