import { describe, expect, it } from 'vitest';
import type { Game } from '../../src/catalog/game.ts';
import { libraryToRow, type LibraryEntry } from '../../src/model/confidence.ts';
import type { Recommender } from '../../src/model/recommender.ts';
import { normaliseFitsInto } from '../../src/group/normalise-fits.ts';
import { ItemKnnTrainer } from '../../src/model/item-knn.ts';
import { fitGroupModel, type FittedGroupModel } from '../../src/group/fit-group-model.ts';
import { recommendGroup, type GroupMember } from '../../src/group/recommend-group.ts';
import { STRATEGY_NAMES } from '../../src/group/aggregation-strategy.ts';
import { makeGame } from '../fixtures/make-game.ts';

// Two taste clusters: shooters (appids 100–119) and farming games (200–219), plus single-player games
// (300–304) that must never be recommended, and a few catalog games with special facts.
const shooters = Array.from({ length: 20 }, (_, i) =>
  makeGame(100 + i, { tags: ['FPS', 'Shooter'], genres: ['Action'] }),
);
const farms = Array.from({ length: 20 }, (_, i) =>
  makeGame(200 + i, {
    tags: ['Farming Sim', 'Relaxing'],
    genres: ['Simulation'],
    online: i < 5 ? 2 : i < 10 ? null : 8,
  }),
);
const single = Array.from({ length: 5 }, (_, i) =>
  makeGame(300 + i, { modes: [], categories: ['Single-player'] }),
);
const adult = makeGame(400, { genres: ['Sexual Content', 'Nudity'], tags: ['Nudity', 'FPS'] });
const games: Game[] = [...shooters, ...farms, ...single, adult];

function clusterLibraries(): Map<string, LibraryEntry[]> {
  const libraries = new Map<string, LibraryEntry[]>();
  for (let u = 0; u < 60; u++) {
    const base = u % 2 === 0 ? 100 : 200;
    const picks = [0, 1, 2, 3, 4, 5, 6, 7].map((k) => base + ((u * 3 + k * 5) % 20));
    libraries.set(
      `u${u}`,
      [...new Set(picks)].map((appid, k) => ({ appid, playtimeMinutes: 60 * (k + 1) * 7 })),
    );
  }
  return libraries;
}

let fitted: FittedGroupModel | undefined;
async function model(): Promise<FittedGroupModel> {
  fitted ??= await fitGroupModel(
    { games, libraries: clusterLibraries() },
    {
      cf: new ItemKnnTrainer({ neighbours: 20 }),
      cfWeight: 0.8,
      confidence: {},
      matrix: { minItemsPerUser: 1, minUsersPerItem: 1 },
      minUsersForCf: 1,
    },
  );
  return fitted;
}

const shooterFan: GroupMember = {
  label: 'Ana',
  games: [
    { appid: 100, playtimeMinutes: 6000 },
    { appid: 101, playtimeMinutes: 3000 },
    { appid: 300, playtimeMinutes: 900 },
  ],
};
const farmer: GroupMember = {
  label: 'Ben',
  games: [
    { appid: 200, playtimeMinutes: 5000 },
    { appid: 201, playtimeMinutes: 2000 },
  ],
};
const both: GroupMember = {
  label: 'Cy',
  games: [
    { appid: 102, playtimeMinutes: 2000 },
    { appid: 202, playtimeMinutes: 2000 },
  ],
};

describe('recommendGroup', () => {
  it('recommends from the member’s taste cluster and explains with their own games', async () => {
    const result = recommendGroup(await model(), {
      members: [shooterFan, { ...shooterFan, label: 'Ana 2' }],
      limit: 5,
    });
    expect(result.items).toHaveLength(5);
    for (const item of result.items) expect(item.appid).toBeGreaterThanOrEqual(100);
    const unowned = result.items.filter((i) => !i.members[0]?.owns);
    expect(unowned.length).toBeGreaterThan(0);
    expect(unowned.every((i) => i.appid < 120)).toBe(true);
    const because = unowned[0]?.reasons.find((r) => r.kind === 'because');
    expect(because?.text).toMatch(/^Ana/);
    expect(because?.appids?.every((a) => a === 100 || a === 101)).toBe(true);
  });

  it('says "played" only of games the member has played, and cites owned unplayed ones as such', async () => {
    // Ana 3 owns 101 and 102 without ever starting them; her played shooter is 100.
    const unplayedToo: GroupMember = {
      label: 'Ana 3',
      games: [
        { appid: 100, playtimeMinutes: 6000 },
        { appid: 101, playtimeMinutes: 0 },
        { appid: 102, playtimeMinutes: 0 },
      ],
    };
    const neverPlayed: GroupMember = {
      label: 'Dee',
      games: [
        { appid: 103, playtimeMinutes: 0 },
        { appid: 104, playtimeMinutes: 0 },
      ],
    };
    const result = recommendGroup(await model(), { members: [unplayedToo, neverPlayed], limit: 10 });
    const reasons = result.items.flatMap((item) => item.reasons.filter((r) => r.kind === 'because'));
    const ana = reasons.filter((r) => r.member === 0);
    const dee = reasons.filter((r) => r.member === 1);
    expect(ana.length).toBeGreaterThan(0);
    expect(dee.length).toBeGreaterThan(0);
    for (const reason of ana) {
      expect(reason.appids).toEqual([100]);
      expect(reason.text).toMatch(/^Ana 3 played /);
    }
    for (const reason of dee) {
      expect(reason.appids?.every((a) => a === 103 || a === 104)).toBe(true);
      expect(reason.text).toMatch(/^Dee owns .* \(not played yet\)$/);
    }
  });

  it('folds a library in with playtimes clipped as training clipped them (5,000 h per game)', async () => {
    const { confidence } = await model();
    // 11,000 h weighs what 5,000 h weighs; below the clip, hours still count.
    expect(confidence(11_000 * 60)).toBe(confidence(5_000 * 60));
    expect(confidence(50 * 60)).toBeLessThan(confidence(5_000 * 60));
  });

  it('never recommends single-player or adult games by default, and never the same game twice', async () => {
    for (const strategy of STRATEGY_NAMES) {
      const result = recommendGroup(await model(), {
        members: [shooterFan, farmer, both],
        strategy,
        limit: 40,
      });
      const appids = result.items.map((i) => i.appid);
      expect(new Set(appids).size).toBe(appids.length);
      expect(appids.some((a) => a >= 300 && a < 400)).toBe(false);
      expect(appids).not.toContain(400);
      expect(result.items.length).toBeLessThanOrEqual(40);
    }
  });

  it('shows adult content only when asked to', async () => {
    const result = recommendGroup(await model(), {
      members: [shooterFan, farmer],
      limit: 100,
      filters: { hideAdultContent: false },
    });
    expect(result.items.map((i) => i.appid)).toContain(400);
  });

  it('holds ownership filters exactly', async () => {
    const members = [shooterFan, farmer, both];
    const owned = (appid: number) => members.filter((m) => m.games.some((g) => g.appid === appid)).length;
    const none = recommendGroup(await model(), { members, limit: 50, filters: { ownership: 'none' } });
    expect(none.items.length).toBeGreaterThan(0);
    expect(none.items.every((i) => owned(i.appid) === 0 && i.members.every((m) => !m.owns))).toBe(true);
    const some = recommendGroup(await model(), { members, limit: 50, filters: { ownership: 'some' } });
    expect(some.items.map((i) => i.appid).sort()).toEqual([100, 101, 102, 200, 201, 202]);
    const sameGame: GroupMember[] = [
      {
        label: 'A',
        games: [
          { appid: 105, playtimeMinutes: 10 },
          { appid: 106, playtimeMinutes: 10 },
        ],
      },
      { label: 'B', games: [{ appid: 105, playtimeMinutes: 99 }] },
    ];
    const all = recommendGroup(await model(), {
      members: sameGame,
      limit: 50,
      filters: { ownership: 'all' },
    });
    expect(all.items.map((i) => i.appid)).toEqual([105]);
    expect(all.items[0]?.members.map((m) => m.playtimeMinutes)).toEqual([10, 99]);
  });

  it('drops games whose known player limit is below the group size, keeps unknown limits marked', async () => {
    const group = [farmer, both, shooterFan];
    const result = recommendGroup(await model(), {
      members: group,
      limit: 100,
      filters: { fitsGroupSize: true },
    });
    const appids = result.items.map((i) => i.appid);
    for (let i = 0; i < 5; i++) expect(appids).not.toContain(200 + i);
    expect(appids).toContain(205);
    expect(result.items.find((i) => i.appid === 205)?.playerLimitKnown).toBe(false);
    expect(result.items.find((i) => i.appid === 215)?.playerLimitKnown).toBe(true);
  });

  it('respects limit, is deterministic, and keeps member order', async () => {
    const query = { members: [farmer, shooterFan, both], limit: 7 };
    const a = recommendGroup(await model(), query);
    const b = recommendGroup(await model(), query);
    expect(a.items).toHaveLength(7);
    expect(a.items.map((i) => [i.appid, i.score])).toEqual(b.items.map((i) => [i.appid, i.score]));
    expect(a.members.map((m) => m.label)).toEqual(['Ben', 'Ana', 'Cy']);
    for (const item of a.items) {
      expect(item.members).toHaveLength(3);
      for (const m of item.members) {
        expect(m.fit).toBeGreaterThanOrEqual(0);
        expect(m.fit).toBeLessThanOrEqual(1);
      }
    }
  });

  it('ignores unknown appids in libraries', async () => {
    const strange: GroupMember = {
      label: 'Zed',
      games: [{ appid: 999_999, playtimeMinutes: 100 }, ...farmer.games],
    };
    const result = recommendGroup(await model(), { members: [strange, shooterFan], limit: 5 });
    expect(result.members[0]).toMatchObject({ gameCount: 3, knownGameCount: 2 });
    expect(result.items).toHaveLength(5);
  });

  it('least misery favours the game both members like over one only a single member loves', async () => {
    const m = await model();
    const lm = recommendGroup(m, {
      members: [shooterFan, farmer],
      strategy: 'least_misery',
      limit: 3,
      filters: { ownership: 'none' },
    });
    const avg = recommendGroup(m, {
      members: [shooterFan, farmer],
      strategy: 'average',
      limit: 3,
      filters: { ownership: 'none' },
    });
    const minFit = (items: typeof lm.items) =>
      Math.min(...items.map((i) => Math.min(...i.members.map((x) => x.fit))));
    expect(minFit(lm.items)).toBeGreaterThanOrEqual(minFit(avg.items) - 1e-6);
  });

  it('gives the scores, fits, ranking and reasons of the plain per-member path', async () => {
    const fitted = await model();
    const { model: inner } = fitted;
    // Only scoreInto and explain: recommendGroup then scores one member at a time over the whole catalog.
    const plain: Recommender = {
      algorithm: inner.algorithm,
      itemCount: inner.itemCount,
      scoreInto: (row, out) => inner.scoreInto(row, out),
      explain: (row, item) => inner.explain(row, item),
      toParts: () => inner.toParts(),
    };
    for (const strategy of STRATEGY_NAMES) {
      for (const filters of [
        {},
        { ownership: 'none' as const },
        { fitsGroupSize: true, hideAdultContent: false },
      ]) {
        const query = { members: [farmer, both, shooterFan], strategy, filters, limit: 15 };
        expect(recommendGroup(fitted, query)).toEqual(recommendGroup({ ...fitted, model: plain }, query));
      }
    }
  });

  it('fits every member over the whole pool, whatever the filters keep', async () => {
    const fitted = await model();
    const members = [farmer, shooterFan];
    const pool = fitted.catalog.multiplayerColumns;
    const expected = members.map((member) => {
      const scores = new Float32Array(fitted.model.itemCount);
      fitted.model.scoreInto(libraryToRow(member.games, fitted.catalog.columnOf, fitted.confidence), scores);
      const fits = new Float32Array(pool.length);
      normaliseFitsInto(scores, pool, fits);
      return new Map(Array.from(pool, (column, p) => [column, fits[p]]));
    });
    const result = recommendGroup(fitted, { members, limit: 100, filters: { modes: ['online_coop'] } });
    expect(result.items.length).toBeGreaterThan(0);
    for (const item of result.items) {
      item.members.forEach((m, i) => expect(m.fit).toBeCloseTo(expected[i]?.get(item.column) ?? NaN, 6));
    }
  });

  it('applies the player limit of each request’s own group size, in any order of requests', async () => {
    const fitted = await model();
    const limited = (appids: number[]) => appids.filter((a) => a >= 200 && a < 205);
    const pair = () =>
      recommendGroup(fitted, { members: [farmer, both], limit: 100, filters: { fitsGroupSize: true } });
    const trio = () =>
      recommendGroup(fitted, {
        members: [farmer, both, shooterFan],
        limit: 100,
        filters: { fitsGroupSize: true },
      });
    for (const result of [pair(), trio(), pair()]) {
      const appids = result.items.map((i) => i.appid);
      if (result.members.length === 2) expect(limited(appids).length).toBeGreaterThan(0);
      else expect(limited(appids)).toEqual([]);
    }
  });

  it('keeps games past their player limit for every group size when that filter is off', async () => {
    const fitted = await model();
    const limited = (appids: number[]) => appids.filter((a) => a >= 200 && a < 205).sort();
    const groups = [
      [farmer, both, shooterFan],
      [farmer, both],
      [farmer, both, shooterFan],
    ];
    const found = groups.map((members) =>
      limited(
        recommendGroup(fitted, { members, limit: 100, filters: { freeOnly: false } }).items.map(
          (i) => i.appid,
        ),
      ),
    );
    expect(found[0]?.length).toBeGreaterThan(0);
    expect(found[1]).toEqual(found[0]);
    expect(found[2]).toEqual(found[0]);
  });
});
