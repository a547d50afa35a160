import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSteamDbMultiplayer } from '../datasets/read-steam-db-multiplayer.ts';
import { readSteamStoreCatalog } from '../datasets/read-steam-store-catalog.ts';
import type { Game } from './game.ts';
import { mergeGame } from './merge-game.ts';
import type { SteamDbEntry, StoreCatalogEntry } from './source-records.ts';

const STORE: StoreCatalogEntry = {
  appid: 42,
  name: 'Store Name™',
  releaseDate: '2018-05-01',
  english: true,
  developers: ['Dev'],
  publishers: ['Pub'],
  platforms: ['windows', 'linux'],
  requiredAge: 12,
  categories: ['Single-player', 'Online Co-op'],
  genres: ['Indie'],
  steamspyTags: ['Indie', 'Co-op'],
  achievements: 3,
  positiveRatings: 90,
  negativeRatings: 10,
  averagePlaytimeMinutes: 0,
  medianPlaytimeMinutes: 0,
  ownersMin: 0,
  ownersMax: 20000,
  priceGbp: 4.99,
};
const STEAM_DB: SteamDbEntry = {
  appid: 42,
  name: 'Steam-db Name',
  flags: [2, 36, 38, 22, 1, 9],
  tags: ['Action', 'Multiplayer', 'Co-op', 'PvP'],
  players: null,
};

describe('mergeGame', () => {
  it('takes store facts from the 2019 row and the ranked tag list from steam-db', () => {
    const game = mergeGame(STORE, STEAM_DB);
    expect(game).toMatchObject({
      appid: 42,
      name: 'Store Name™',
      releaseDate: '2018-05-01',
      developers: ['Dev'],
      publishers: ['Pub'],
      platforms: ['windows', 'linux'],
      requiredAge: 12,
      genres: ['Indie'],
      categories: ['Single-player', 'Online Co-op'],
      tags: ['Action', 'Multiplayer', 'Co-op', 'PvP'],
      priceGbp: 4.99,
      positiveRatings: 90,
      negativeRatings: 10,
      ownersMin: 0,
      ownersMax: 20000,
      sources: ['steam_store_2019', 'steam_db_2021'],
    });
    // Online PvP comes from the 2021 flag 36, online co-op from both snapshots.
    expect(game.multiplayer.modes).toEqual(['online_coop', 'online_pvp']);
  });

  it("reads SteamSpy's 0 median playtime as unknown, and keeps a known one", () => {
    expect(mergeGame(STORE, null).medianPlaytimeMinutes).toBeNull();
    expect(mergeGame({ ...STORE, medianPlaytimeMinutes: 95 }, null).medianPlaytimeMinutes).toBe(95);
  });

  it('falls back to the store top tags when steam-db has none', () => {
    expect(mergeGame(STORE, { ...STEAM_DB, tags: [] }).tags).toEqual(['Indie', 'Co-op']);
    expect(mergeGame(STORE, null)).toMatchObject({ tags: ['Indie', 'Co-op'], sources: ['steam_store_2019'] });
  });

  it('leaves store facts unknown for a steam-db-only game and names its Steam-declared flags only', () => {
    expect(mergeGame(null, STEAM_DB)).toMatchObject({
      name: 'Steam-db Name',
      releaseDate: null,
      developers: [],
      publishers: [],
      platforms: null,
      requiredAge: null,
      genres: [],
      categories: ['Single-player', 'Online PvP', 'Online Co-op', 'Steam Achievements'],
      priceGbp: null,
      positiveRatings: null,
      negativeRatings: null,
      ownersMin: null,
      ownersMax: null,
      medianPlaytimeMinutes: null,
      sources: ['steam_db_2021'],
    });
  });

  it('refuses two records of different games, or none', () => {
    expect(() => mergeGame(STORE, { ...STEAM_DB, appid: 43 })).toThrow(/different appids/);
    expect(() => mergeGame(null, null)).toThrow(TypeError);
  });
});

describe('mergeGame on the bundled catalog', () => {
  const games = new Map<number, Game>();
  beforeAll(async () => {
    const data = resolve(import.meta.dirname, '../../data');
    const store = new Map<number, StoreCatalogEntry>();
    const steamDb = new Map<number, SteamDbEntry>();
    for await (const row of readSteamStoreCatalog(`${data}/steam-store-games.csv.gz`)) {
      if ('value' in row) store.set(row.value.appid, row.value);
    }
    for await (const row of readSteamDbMultiplayer(`${data}/steam-db-multiplayer.jsonl.gz`)) {
      if ('value' in row) steamDb.set(row.value.appid, row.value);
    }
    for (const appid of new Set([...store.keys(), ...steamDb.keys()])) {
      games.set(appid, mergeGame(store.get(appid) ?? null, steamDb.get(appid) ?? null));
    }
  });

  const game = (appid: number): Game => {
    const found = games.get(appid);
    if (found === undefined) throw new Error(`appid ${appid} missing from the merged catalog`);
    return found;
  };

  it('has one game per appid of either source: 27,075 + 16,862 − 6,337 shared = 37,600', () => {
    expect(games.size).toBe(37_600);
    const both = [...games.values()].filter((entry) => entry.sources.length === 2);
    expect(both).toHaveLength(6_337);
  });

  it('Left 4 Dead 2: online co-op for 4 (Co-optimus), versus (Steam id 36), LAN and couch co-op', () => {
    const l4d2 = game(550);
    expect(l4d2.multiplayer.modes).toEqual(
      expect.arrayContaining(['online_coop', 'online_pvp', 'local_coop', 'split_screen', 'lan']),
    );
    expect(l4d2.multiplayer.limits).toEqual({
      online: 4,
      local: 2,
      lan: 4,
      splitScreen: 2,
      dropInDropOut: true,
    });
    expect(l4d2).toMatchObject({ name: 'Left 4 Dead 2', releaseDate: '2009-11-19', priceGbp: 7.19 });
  });

  it('CS:GO: online PvP from its PvP tag next to its online co-op mode, nothing local', () => {
    const csgo = game(730).multiplayer;
    expect(csgo.isMultiplayer).toBe(true);
    expect(csgo.modes).toEqual(['online_coop', 'online_pvp']);
    expect(csgo.limits.online).toBe(2);
  });

  it('Portal 2 and Stardew Valley: online and couch co-op with Co-optimus limits, no PvP', () => {
    const portal = game(620).multiplayer;
    expect(portal.modes).toEqual(expect.arrayContaining(['online_coop', 'local_coop', 'split_screen']));
    expect(portal.modes).not.toContain('online_pvp');
    expect(portal.limits).toMatchObject({ online: 2, local: 2 });
    const stardew = game(413150).multiplayer;
    expect(stardew.modes).toEqual(
      expect.arrayContaining(['online_coop', 'local_coop', 'split_screen', 'lan']),
    );
    expect(stardew.modes.filter((mode) => mode.endsWith('_pvp'))).toEqual([]);
    expect(stardew.limits).toEqual({ online: 4, local: 4, lan: 4, splitScreen: 4, dropInDropOut: false });
  });

  it('Skyrim: single-player only, no modes, no limits', () => {
    expect(game(72850)).toMatchObject({
      sources: ['steam_store_2019'],
      multiplayer: {
        isMultiplayer: false,
        modes: [],
        limits: { online: null, local: null, lan: null, splitScreen: null, dropInDropOut: null },
      },
    });
  });

  it('Cuphead: couch co-op only, despite the Online Co-op id steam-db derived from its "Co-op" tag', () => {
    expect(game(268910).multiplayer.modes).toEqual(['local_coop', 'split_screen', 'remote_play_together']);
  });

  it('It Takes Two (2021, steam-db only): no store facts, categories from Steam flags, co-op for 2', () => {
    expect(game(1426210)).toMatchObject({
      name: 'It Takes Two',
      releaseDate: null,
      platforms: null,
      priceGbp: null,
      sources: ['steam_db_2021'],
      categories: [
        'Online Co-op',
        'Shared/Split Screen Co-op',
        'Steam Achievements',
        'Full controller support',
        'Steam Trading Cards',
        'Remote Play Together',
      ],
      multiplayer: {
        isMultiplayer: true,
        modes: ['online_coop', 'local_coop', 'split_screen', 'remote_play_together'],
        limits: { online: 2, local: 2, lan: null, splitScreen: 2, dropInDropOut: false },
      },
    });
  });

  it('counts as multiplayer every one of the 6,257 store games with a 2019 multiplayer category', () => {
    const multiplayerCategories = [
      'Multi-player',
      'Online Multi-Player',
      'Co-op',
      'Online Co-op',
      'Local Co-op',
      'Local Multi-Player',
      'Shared/Split Screen',
      'Cross-Platform Multiplayer',
      'MMO',
    ];
    const declared = [...games.values()].filter(
      (entry) =>
        entry.sources.includes('steam_store_2019') &&
        entry.categories.some((category) => multiplayerCategories.includes(category)),
    );
    expect(declared).toHaveLength(6_257);
    expect(declared.filter((entry) => !entry.multiplayer.isMultiplayer).map((entry) => entry.appid)).toEqual(
      [],
    );
  });
});
