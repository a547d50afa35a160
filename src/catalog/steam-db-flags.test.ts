import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSteamDbMultiplayer } from '../datasets/read-steam-db-multiplayer.ts';
import { readSteamStoreCatalog } from '../datasets/read-steam-store-catalog.ts';
import type { SteamDbEntry, StoreCatalogEntry } from './source-records.ts';
import { STEAM_CATEGORY_NAMES, splitSteamDbFlags } from './steam-db-flags.ts';

const DATA = resolve(import.meta.dirname, '../../data');

describe('splitSteamDbFlags', () => {
  it("cuts the tail appended from tags off Steam's own, display-ordered ids", () => {
    // Left 4 Dead 2: Steam's categories end with Remote Play Together (44); 1 and 9 come from its tags.
    const l4d2 = [2, 36, 38, 22, 28, 29, 13, 30, 23, 8, 15, 16, 14, 41, 42, 43, 44, 1, 9];
    expect(splitSteamDbFlags(l4d2, ['Co-op', 'Multiplayer'])).toEqual({
      declared: l4d2.slice(0, -2),
      tagDerived: [1, 9],
    });
  });

  it('treats an Online Co-op id after the ordered run as tag-derived (Cuphead is local co-op only)', () => {
    const cuphead = [2, 39, 22, 28, 29, 23, 41, 42, 43, 44, 1, 38, 9];
    expect(splitSteamDbFlags(cuphead, ['Co-op', 'Local Co-Op', 'Multiplayer']).tagDerived).toEqual([
      1, 38, 9,
    ]);
  });

  it('does not trust a trailing 38 or 20 that the source could have appended', () => {
    expect(splitSteamDbFlags([2, 36, 38, 9], ['Co-op'])).toEqual({ declared: [2, 36], tagDerived: [38, 9] });
    expect(splitSteamDbFlags([2, 36, 38, 1, 9], ['Co-op', 'Multiplayer']).declared).toEqual([2, 36, 38]);
    expect(splitSteamDbFlags([2, 20], ['Massively Multiplayer'])).toEqual({
      declared: [2],
      tagDerived: [20],
    });
    expect(splitSteamDbFlags([2, 20], ['RPG']).declared).toEqual([2, 20]);
  });

  it('skips ids it has no display rank for without ending the declared run', () => {
    expect(splitSteamDbFlags([2, 992, 22, 1], ['Multiplayer'])).toEqual({
      declared: [2, 992, 22],
      tagDerived: [1],
    });
  });

  it('names the multiplayer ids with their 2021 Steam names', () => {
    expect([36, 37, 38, 39, 44, 47, 48, 49].map((id) => STEAM_CATEGORY_NAMES.get(id))).toEqual([
      'Online PvP',
      'Shared/Split Screen PvP',
      'Online Co-op',
      'Shared/Split Screen Co-op',
      'Remote Play Together',
      'LAN PvP',
      'LAN Co-op',
      'PvP',
    ]);
  });

  it('on the bundled data: tag-derived ids come with their tags, declared ids match 2019', async () => {
    const records: SteamDbEntry[] = [];
    for await (const row of readSteamDbMultiplayer(`${DATA}/steam-db-multiplayer.jsonl.gz`)) {
      if ('value' in row) records.push(row.value);
    }
    const store = new Map<number, StoreCatalogEntry>();
    for await (const row of readSteamStoreCatalog(`${DATA}/steam-store-games.csv.gz`)) {
      if ('value' in row) store.set(row.value.appid, row.value);
    }
    const sourceTags: Record<number, string[]> = {
      1: ['Multiplayer'],
      9: ['Co-op', 'Online Co-Op'],
      38: ['Co-op', 'Online Co-Op'],
      49: ['PvP'],
      20: ['Massively Multiplayer'],
    };
    const unexplained = records.filter((record) =>
      splitSteamDbFlags(record.flags, record.tags).tagDerived.some(
        (id) => !(sourceTags[id] ?? []).some((tag) => record.tags.includes(tag)),
      ),
    );
    expect(unexplained.map((record) => record.appid)).toEqual([]);

    // Games in both snapshots: how often does a 2021 Online Co-op id come with the 2019 "Online Co-op"?
    const agreement = { declared: [0, 0], tagDerived: [0, 0] };
    for (const record of records) {
      const row = store.get(record.appid);
      if (row === undefined) continue;
      const split = splitSteamDbFlags(record.flags, record.tags);
      const side = split.declared.includes(38)
        ? 'declared'
        : split.tagDerived.includes(38)
          ? 'tagDerived'
          : null;
      if (side !== null) agreement[side][row.categories.includes('Online Co-op') ? 0 : 1] += 1;
    }
    const share = ([agree, disagree]: number[]): number => agree / (agree + disagree);
    expect(share(agreement.declared)).toBeGreaterThan(0.75);
    expect(share(agreement.tagDerived)).toBeLessThan(0.05);
  });
});
