import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Game } from '../../src/catalog/game.ts';
import type { SteamDbEntry, StoreCatalogEntry } from '../../src/catalog/source-records.ts';
import { readSteamDbMultiplayer } from '../../src/datasets/read-steam-db-multiplayer.ts';
import { readSteamStoreCatalog } from '../../src/datasets/read-steam-store-catalog.ts';
import { buildCatalogFacts } from '../../src/group/catalog-facts.ts';
import { compileFilters } from '../../src/group/compile-filters.ts';
import { gamePasses, type GroupFilters } from '../../src/group/group-filters.ts';
import { bundledDatasetPaths, mergeCatalog } from '../../src/pipeline/import-datasets.ts';

const paths = bundledDatasetPaths(join(import.meta.dirname, '../../data'));
let games: Game[] = [];

async function values<T>(
  rows: AsyncIterable<{ line: number; value: T } | { line: number; error: string }>,
): Promise<T[]> {
  const out: T[] = [];
  for await (const row of rows) if ('value' in row) out.push(row.value);
  return out;
}

beforeAll(async () => {
  const store = await values<StoreCatalogEntry>(readSteamStoreCatalog(paths.catalog));
  const steamDb = await values<SteamDbEntry>(readSteamDbMultiplayer(paths.multiplayer));
  games = mergeCatalog(store, steamDb);
}, 60_000);

const CASES: [string, GroupFilters, number][] = [
  ['defaults', {}, 4],
  ['adult content shown', { hideAdultContent: false }, 2],
  ['online co-op or LAN', { modes: ['online_coop', 'lan'] }, 3],
  ['fits a group of 5', { fitsGroupSize: true }, 5],
  ['mac and linux', { platforms: ['mac', 'linux'] }, 2],
  ['under £5', { maxPriceGbp: 5 }, 2],
  ['free only', { freeOnly: true }, 3],
  ['ages 12 to 16', { minRequiredAge: 12, maxRequiredAge: 16 }, 2],
  ['tags', { includeTags: ['zombies', 'Survival'], excludeTags: ['PvP'] }, 4],
  ['2010s', { releaseYearFrom: 2010, releaseYearTo: 2015 }, 2],
  ['well reviewed', { minReviewScore: 0.9 }, 2],
  [
    'everything',
    {
      modes: ['local_coop'],
      fitsGroupSize: true,
      platforms: ['windows'],
      maxPriceGbp: 20,
      minReviewScore: 0.7,
      releaseYearFrom: 2012,
    },
    3,
  ],
];

describe('compileFilters', () => {
  it('agrees with the reference gamePasses on every catalog game', () => {
    expect(games.length).toBe(37_600);
    const facts = buildCatalogFacts(games);
    for (const [name, filters, size] of CASES) {
      const passes = compileFilters(filters, size, facts);
      let kept = 0;
      for (let c = 0; c < games.length; c++) {
        const expected = gamePasses(games[c] as Game, filters, size);
        if (passes(c) !== expected)
          expect.fail(`${name}: ${games[c]?.appid} compiled ${!expected}, reference ${expected}`);
        if (expected) kept++;
      }
      expect(kept, name).toBeGreaterThan(0);
      if (name !== 'defaults' && name !== 'adult content shown')
        expect(kept, name).toBeLessThan(games.length);
    }
  });
});
