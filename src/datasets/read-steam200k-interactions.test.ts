import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { InteractionRecord } from '../catalog/source-records.ts';
import type { DatasetRow } from './dataset-row.ts';
import { isRowError } from './dataset-row.ts';
import { INTERACTION_COLUMNS, readSteam200kInteractions } from './read-steam200k-interactions.ts';

const BUNDLED = resolve(import.meta.dirname, '../../data/steam200k-user-game.csv.gz');
const HEADER = INTERACTION_COLUMNS.join(',');
const dir = mkdtempSync(join(tmpdir(), 'coplay-200k-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fixture(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

async function collect(
  rows: AsyncIterable<DatasetRow<InteractionRecord>>,
): Promise<DatasetRow<InteractionRecord>[]> {
  const all: DatasetRow<InteractionRecord>[] = [];
  for await (const row of rows) all.push(row);
  return all;
}

describe('readSteam200kInteractions', () => {
  it('parses matched and unmatched rows; an unmatched title has appid null', async () => {
    const rows = await collect(
      readSteam200kInteractions(
        fixture('ok.csv', [
          HEADER,
          '1,151603712,1,The Elder Scrolls V Skyrim,72850,normalized,1,1,273.0',
          '1,151603712,7,"Sam & Max 103 The Mole, the Mob and the Meatball",,none,2,0,0',
        ]),
      ),
    );
    expect(rows).toEqual([
      {
        line: 2,
        value: {
          userId: 1,
          kaggleUserId: 151603712,
          gameId: 1,
          gameTitle: 'The Elder Scrolls V Skyrim',
          appid: 72850,
          appidMatch: 'normalized',
          purchaseRows: 1,
          playRows: 1,
          hours: 273,
        },
      },
      {
        line: 3,
        value: {
          userId: 1,
          kaggleUserId: 151603712,
          gameId: 7,
          gameTitle: 'Sam & Max 103 The Mole, the Mob and the Meatball',
          appid: null,
          appidMatch: 'none',
          purchaseRows: 2,
          playRows: 0,
          hours: 0,
        },
      },
    ]);
  });

  it('reports malformed rows by line and keeps reading', async () => {
    const good = '5,42,2,Fallout 4,377160,exact,1,1,87.0';
    const rows = await collect(
      readSteam200kInteractions(
        fixture('bad.csv', [
          HEADER,
          good.replace(',87.0', ',-3'),
          good.replace(',87.0', ',lots'),
          good.replace(',exact,', ',fuzzy,'),
          good.replace(',377160,', ',,'),
          good.replace(',exact,', ',none,'),
          good.replace(',87.0', ''),
          good,
        ]),
      ),
    );
    expect(rows.map((row) => [row.line, isRowError(row) ? row.error : row.value.hours])).toEqual([
      [2, 'column "hours": -3 is below 0'],
      [3, 'column "hours": "lots" is not a number'],
      [4, 'column "appid_match": "fuzzy" is not one of exact, normalized, none'],
      [5, 'column "appid": is empty but the match is "exact"'],
      [6, 'column "appid": has appid 377160 but the title is unmatched'],
      [7, 'expected 9 columns, found 8'],
      [8, 87],
    ]);
  });

  it('throws DATASET_NOT_FOUND for a missing file', async () => {
    await expect(collect(readSteam200kInteractions(join(dir, 'none.csv')))).rejects.toMatchObject({
      code: 'DATASET_NOT_FOUND',
    });
  });

  it('reads the bundled development set: 103,262 rows of 9,915 users, none malformed', async () => {
    const rows = await collect(readSteam200kInteractions(BUNDLED));
    expect(rows.filter(isRowError)).toEqual([]);
    const records = rows.flatMap((row) => (isRowError(row) ? [] : [row.value]));
    expect(records).toHaveLength(103_262);
    expect(new Set(records.map((record) => record.userId)).size).toBe(9_915);
    expect(new Set(records.map((record) => `${record.userId}/${record.gameId}`)).size).toBe(103_262);
    const matched = (kind: string): number => records.filter((record) => record.appidMatch === kind).length;
    expect([matched('exact'), matched('normalized'), matched('none')]).toEqual([44_969, 25_620, 32_673]);
    expect(records.every((record) => record.hours > 0 === record.playRows > 0)).toBe(true);
  });
});
