import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TitleMatchRecord } from '../catalog/source-records.ts';
import type { DatasetRow } from './dataset-row.ts';
import { isRowError } from './dataset-row.ts';
import { TITLE_MATCH_COLUMNS, readTitleMatches } from './read-title-matches.ts';

const BUNDLED = resolve(import.meta.dirname, '../../data/steam200k-title-to-appid.csv.gz');
const dir = mkdtempSync(join(tmpdir(), 'coplay-titles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fixture(lines: string[]): string {
  const path = join(dir, `titles-${lines.length}.csv`);
  writeFileSync(path, `${[TITLE_MATCH_COLUMNS.join(','), ...lines].join('\r\n')}\r\n`);
  return path;
}

async function collect(
  rows: AsyncIterable<DatasetRow<TitleMatchRecord>>,
): Promise<DatasetRow<TitleMatchRecord>[]> {
  const all: DatasetRow<TitleMatchRecord>[] = [];
  for await (const row of rows) all.push(row);
  return all;
}

describe('readTitleMatches', () => {
  it('parses single, multiple and no candidates', async () => {
    const rows = await collect(
      readTitleMatches(
        fixture(['2,Fallout 4,377160,exact,377160', '644,RUSH,38720,exact,38720;844040', '9,Gone,,none,']),
      ),
    );
    expect(rows.map((row) => (isRowError(row) ? row.error : row.value))).toEqual([
      { gameId: 2, gameTitle: 'Fallout 4', appid: 377160, match: 'exact', candidateAppids: [377160] },
      { gameId: 644, gameTitle: 'RUSH', appid: 38720, match: 'exact', candidateAppids: [38720, 844040] },
      { gameId: 9, gameTitle: 'Gone', appid: null, match: 'none', candidateAppids: [] },
    ]);
  });

  it('reports contradictory and non-numeric rows with their lines', async () => {
    const rows = await collect(
      readTitleMatches(
        fixture([
          '2,Fallout 4,377160,exact,1;2',
          '3,Gone,,none,5',
          '4,Bad,12,exact,12;x',
          '5,,12,exact,12',
          '6,Fine,12,normalized,12',
        ]),
      ),
    );
    expect(rows.map((row) => [row.line, isRowError(row) ? row.error : row.value.gameId])).toEqual([
      [2, 'column "candidate_appids": does not list appid 377160'],
      [3, 'column "candidate_appids": lists appids for an unmatched title'],
      [4, 'column "candidate_appids": "x" is not an appid'],
      [5, 'column "game_title" is empty'],
      [6, 6],
    ]);
  });

  it('reads the bundled table: 5,155 titles, 2,190 exact, 1,016 normalized, 1,949 unmatched', async () => {
    const rows = await collect(readTitleMatches(BUNDLED));
    expect(rows.filter(isRowError)).toEqual([]);
    const records = rows.flatMap((row) => (isRowError(row) ? [] : [row.value]));
    const matched = (kind: string): number => records.filter((record) => record.match === kind).length;
    expect([records.length, matched('exact'), matched('normalized'), matched('none')]).toEqual([
      5_155, 2_190, 1_016, 1_949,
    ]);
    expect(records.filter((record) => record.candidateAppids.length > 1)).toHaveLength(6);
  });
});
