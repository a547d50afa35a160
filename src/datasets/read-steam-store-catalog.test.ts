import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { StoreCatalogEntry } from '../catalog/source-records.ts';
import type { DatasetRow } from './dataset-row.ts';
import { isRowError } from './dataset-row.ts';
import { STORE_CATALOG_COLUMNS, readSteamStoreCatalog } from './read-steam-store-catalog.ts';

const BUNDLED = resolve(import.meta.dirname, '../../data/steam-store-games.csv.gz');
const HEADER = STORE_CATALOG_COLUMNS.join(',');
const GOOD =
  '620,Portal 2,2011-04-18,1,Valve,Valve,windows;mac;linux,0,Single-player;Co-op,Action;Adventure,' +
  'Puzzle;Co-op;First-Person,51,138220,1891,1102,520,10000000-20000000,7.19';
const dir = mkdtempSync(join(tmpdir(), 'coplay-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fixture(name: string, text: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function collect<T>(rows: AsyncIterable<DatasetRow<T>>): Promise<DatasetRow<T>[]> {
  const all: DatasetRow<T>[] = [];
  for await (const row of rows) all.push(row);
  return all;
}

describe('readSteamStoreCatalog', () => {
  it('parses a row into typed fields, splitting the ;-lists and the owner range', async () => {
    const rows = await collect(readSteamStoreCatalog(fixture('one.csv', `${HEADER}\r\n${GOOD}\r\n`)));
    expect(rows).toEqual([
      {
        line: 2,
        value: {
          appid: 620,
          name: 'Portal 2',
          releaseDate: '2011-04-18',
          english: true,
          developers: ['Valve'],
          publishers: ['Valve'],
          platforms: ['windows', 'mac', 'linux'],
          requiredAge: 0,
          categories: ['Single-player', 'Co-op'],
          genres: ['Action', 'Adventure'],
          steamspyTags: ['Puzzle', 'Co-op', 'First-Person'],
          achievements: 51,
          positiveRatings: 138220,
          negativeRatings: 1891,
          averagePlaytimeMinutes: 1102,
          medianPlaytimeMinutes: 520,
          ownersMin: 10000000,
          ownersMax: 20000000,
          priceGbp: 7.19,
        } satisfies StoreCatalogEntry,
      },
    ]);
  });

  it('reads the same rows from a gzipped file as from the plain file', async () => {
    const text = `${HEADER}\n${GOOD}\n`;
    const plain = await collect(readSteamStoreCatalog(fixture('plain.csv', text)));
    const gzipped = await collect(readSteamStoreCatalog(fixture('zipped.csv.gz', gzipSync(text))));
    expect(gzipped).toEqual(plain);
    expect(plain).toHaveLength(1);
  });

  it('keeps commas inside quoted fields', async () => {
    const row = GOOD.replace(',Valve,Valve,', ',"PopCap Games, Inc.","EA, Inc.",');
    const [first] = await collect(readSteamStoreCatalog(fixture('quoted.csv', `${HEADER}\n${row}\n`)));
    expect(first).toMatchObject({ value: { developers: ['PopCap Games, Inc.'], publishers: ['EA, Inc.'] } });
  });

  it('reports each malformed row with its line and reason, and still yields the good rows', async () => {
    const lines = [
      HEADER,
      GOOD,
      GOOD.replace(',7.19', ',abc'),
      GOOD.replace('620,', '620,extra,'),
      '',
      GOOD.replace('2011-04-18', '2011-02-30'),
      GOOD.replace('windows;mac', 'windows;amiga'),
      GOOD.replace('10000000-20000000', 'lots'),
      GOOD.replace('620,', 'x620,'),
      GOOD.replace('620,', '621,'),
    ];
    const rows = await collect(readSteamStoreCatalog(fixture('bad.csv', `${lines.join('\r\n')}\r\n`)));
    expect(rows.map((row) => [row.line, isRowError(row) ? row.error : row.value.appid])).toEqual([
      [2, 620],
      [3, 'column "price": "abc" is not a number'],
      [4, 'expected 18 columns, found 19'],
      [6, 'column "release_date": "2011-02-30" is not a YYYY-MM-DD date'],
      [7, 'column "platforms": "amiga" is not one of windows, mac, linux'],
      [8, 'column "owners": "lots" is not a range like 20000-50000'],
      [9, 'column "appid": "x620" is not an integer'],
      [10, 621],
    ]);
  });

  it('reports an unclosed quote with the lines it swallowed instead of stopping', async () => {
    const broken = GOOD.replace('Portal 2', '"Portal 2');
    const text = [HEADER, GOOD, broken, GOOD, 'a,"b'].join('\n');
    const rows = await collect(readSteamStoreCatalog(fixture('quote.csv', `${text}\n`)));
    expect(rows[0]).toEqual(
      expect.objectContaining({ line: 2, value: expect.objectContaining({ appid: 620 }) }),
    );
    expect(rows[1]).toEqual({ line: 3, error: expect.stringMatching(/lines 3–5 .*quote/) });
    expect(rows).toHaveLength(2);
  });

  it('throws DATASET_NOT_FOUND for a missing file and DATASET_MALFORMED for a wrong header', async () => {
    await expect(collect(readSteamStoreCatalog(join(dir, 'nope.csv')))).rejects.toMatchObject({
      code: 'DATASET_NOT_FOUND',
    });
    const wrong = fixture('header.csv', `${HEADER.replace(',price', ',cost')}\n${GOOD}\n`);
    await expect(collect(readSteamStoreCatalog(wrong))).rejects.toMatchObject({
      code: 'DATASET_MALFORMED',
      message: expect.stringContaining('"price"'),
    });
    await expect(collect(readSteamStoreCatalog(fixture('empty.csv', '')))).rejects.toMatchObject({
      code: 'DATASET_MALFORMED',
    });
  });

  it('throws DATASET_MALFORMED for a truncated gzip file', async () => {
    const gz = gzipSync(`${HEADER}\n${GOOD}\n`.repeat(50));
    const truncated = fixture('cut.csv.gz', gz.subarray(0, gz.length - 20));
    await expect(collect(readSteamStoreCatalog(truncated))).rejects.toMatchObject({
      code: 'DATASET_MALFORMED',
    });
  });

  it('reads all 27,075 rows of the bundled catalog with no malformed row and unique appids', async () => {
    const rows = await collect(readSteamStoreCatalog(BUNDLED));
    const errors = rows.filter(isRowError);
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(27_075);
    const entries = rows.flatMap((row) => (isRowError(row) ? [] : [row]));
    expect(new Set(entries.map((row) => row.value.appid)).size).toBe(27_075);
    expect(entries[0]).toMatchObject({ line: 2, value: { appid: 10, name: 'Counter-Strike' } });
    const csgo = entries.find((row) => row.value.appid === 730);
    expect(csgo).toMatchObject({
      line: 27,
      value: { developers: ['Valve', 'Hidden Path Entertainment'], priceGbp: 0, ownersMax: 100000000 },
    });
  });
});
