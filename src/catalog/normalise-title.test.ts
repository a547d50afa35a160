import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSteamStoreCatalog } from '../datasets/read-steam-store-catalog.ts';
import { readTitleMatches } from '../datasets/read-title-matches.ts';
import { normaliseTitle } from './normalise-title.ts';
import type { TitleMatchRecord } from './source-records.ts';

describe('normaliseTitle', () => {
  it('matches a steam-200k title to its punctuated, trademarked store name', () => {
    expect(normaliseTitle('The Elder Scrolls V: Skyrim')).toBe('the elder scrolls v skyrim');
    expect(normaliseTitle('The Elder Scrolls V Skyrim')).toBe('the elder scrolls v skyrim');
    expect(normaliseTitle('Rocket League®')).toBe(normaliseTitle('Rocket League'));
    expect(normaliseTitle('Tom Clancy’s Rainbow Six® Siege')).toBe('tom clancy s rainbow six siege');
  });

  it('keeps letters and digits of any script and folds compatibility forms', () => {
    expect(normaliseTitle('  ＦＩＮＡＬ　ＦＡＮＴＡＳＹ Ⅻ  ')).toBe('final fantasy xii');
    expect(normaliseTitle('Pokémon_Go!!')).toBe('pokémon go');
    expect(normaliseTitle('東方 Project')).toBe('東方 project');
  });

  it('reproduces the bundled title table from the rule and the store names', async () => {
    const data = resolve(import.meta.dirname, '../../data');
    const byNormalised = new Map<string, number[]>();
    const byExact = new Map<string, number[]>();
    for await (const row of readSteamStoreCatalog(`${data}/steam-store-games.csv.gz`)) {
      if (!('value' in row)) continue;
      const key = normaliseTitle(row.value.name);
      byNormalised.set(key, [...(byNormalised.get(key) ?? []), row.value.appid]);
      byExact.set(row.value.name, [...(byExact.get(row.value.name) ?? []), row.value.appid]);
    }
    const records: TitleMatchRecord[] = [];
    for await (const row of readTitleMatches(`${data}/steam200k-title-to-appid.csv.gz`)) {
      if ('value' in row) records.push(row.value);
    }
    const disagreements = records.filter((record) => {
      const exact = byExact.get(record.gameTitle);
      const normalised = byNormalised.get(normaliseTitle(record.gameTitle));
      const kind = exact !== undefined ? 'exact' : normalised !== undefined ? 'normalized' : 'none';
      const candidates = (exact ?? normalised ?? []).toSorted((a, b) => a - b);
      return kind !== record.match || candidates.join(';') !== record.candidateAppids.join(';');
    });
    expect(records).toHaveLength(5_155);
    expect(disagreements).toEqual([]);
  });
});
