import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { SteamDbEntry } from '../catalog/source-records.ts';
import type { DatasetRow } from './dataset-row.ts';
import { isRowError } from './dataset-row.ts';
import { readSteamDbMultiplayer } from './read-steam-db-multiplayer.ts';

const BUNDLED = resolve(import.meta.dirname, '../../data/steam-db-multiplayer.jsonl.gz');
const dir = mkdtempSync(join(tmpdir(), 'coplay-steamdb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PLAYERS = {
  local: 2,
  online: 4,
  lan: 4,
  splitscreen: 0,
  dropInDropOut: true,
  campaign: 1,
  features: ['Drop-In/Drop-Out', 'Campaign Co-Op'],
  url: 'https://www.co-optimus.com/game/1207/PC/left-4-dead-2.html',
};
const L4D2 = {
  appid: 550,
  name: 'Left 4 Dead 2',
  flags: [2, 36, 38, 1, 9],
  tags: ['Zombies', 'Co-op'],
  players: PLAYERS,
};

function fixture(name: string, lines: unknown[], gzip = false): string {
  const text = lines.map((line) => `${typeof line === 'string' ? line : JSON.stringify(line)}\n`).join('');
  const path = join(dir, name);
  writeFileSync(path, gzip ? gzipSync(text) : text);
  return path;
}

async function collect(rows: AsyncIterable<DatasetRow<SteamDbEntry>>): Promise<DatasetRow<SteamDbEntry>[]> {
  const all: DatasetRow<SteamDbEntry>[] = [];
  for await (const row of rows) all.push(row);
  return all;
}

describe('readSteamDbMultiplayer', () => {
  it('parses a record, turning Co-optimus 0/1 fields into booleans', async () => {
    const rows = await collect(readSteamDbMultiplayer(fixture('one.jsonl', [L4D2])));
    expect(rows).toEqual([
      {
        line: 1,
        value: {
          appid: 550,
          name: 'Left 4 Dead 2',
          flags: [2, 36, 38, 1, 9],
          tags: ['Zombies', 'Co-op'],
          players: {
            local: 2,
            online: 4,
            lan: 4,
            splitScreen: false,
            dropInDropOut: true,
            campaign: true,
            features: ['Drop-In/Drop-Out', 'Campaign Co-Op'],
            url: PLAYERS.url,
          },
        },
      },
    ]);
  });

  it('keeps players null when there is no Co-optimus data, from gzip or plain files alike', async () => {
    const record = { ...L4D2, players: null };
    const plain = await collect(readSteamDbMultiplayer(fixture('null.jsonl', [record])));
    const gzipped = await collect(readSteamDbMultiplayer(fixture('null.jsonl.gz', [record], true)));
    expect(plain).toEqual(gzipped);
    expect(plain[0]).toMatchObject({ value: { players: null } });
  });

  it('decodes HTML entities in names and tags, including a double-escaped ampersand', async () => {
    const record = {
      ...L4D2,
      name: 'Pollito &amp;amp; Xiang Xiang &#39;Demo&#x27; &lt;3',
      tags: ['Point &amp; Click', 'Fish &unknown; Chips'],
    };
    const [row] = await collect(readSteamDbMultiplayer(fixture('entities.jsonl', [record])));
    expect(row).toMatchObject({
      value: { name: "Pollito & Xiang Xiang 'Demo' <3", tags: ['Point & Click', 'Fish &unknown; Chips'] },
    });
  });

  it('reports bad lines with their numbers and reasons, skips blank lines, keeps the good ones', async () => {
    const lines = [
      L4D2,
      '{"appid": 620, "name": "Portal 2", ',
      '',
      { ...L4D2, appid: '551' },
      { ...L4D2, flags: [2, 'x'] },
      { ...L4D2, players: { ...PLAYERS, online: -1 } },
      { ...L4D2, players: { ...PLAYERS, splitscreen: 2 } },
      { appid: 552, flags: [], tags: [], players: null },
      [1, 2],
      { ...L4D2, appid: 553 },
    ];
    const rows = await collect(readSteamDbMultiplayer(fixture('bad.jsonl', lines)));
    expect(rows.map((row) => [row.line, isRowError(row) ? row.error : row.value.appid])).toEqual([
      [1, 550],
      [2, expect.stringMatching(/^invalid JSON: /)],
      [4, 'field "appid": "551" is not a positive integer'],
      [5, 'field "flags[1]": "x" is not an integer'],
      [6, 'field "players.online": -1 is not a non-negative integer'],
      [7, 'field "players.splitscreen": 2 is not 0, 1, true or false'],
      [8, 'field "name": undefined is not a non-empty string'],
      [9, 'the line is not a JSON object'],
      [10, 553],
    ]);
  });

  it('throws DATASET_MALFORMED for a truncated gzip file, after the lines it could read', async () => {
    const records = Array.from({ length: 2000 }, (_, index) => ({ ...L4D2, appid: index + 1 }));
    const gz = gzipSync(records.map((record) => `${JSON.stringify(record)}\n`).join(''));
    const path = join(dir, 'cut.jsonl.gz');
    writeFileSync(path, gz.subarray(0, Math.floor(gz.length / 2)));
    const seen: DatasetRow<SteamDbEntry>[] = [];
    const reading = (async () => {
      for await (const row of readSteamDbMultiplayer(path)) seen.push(row);
    })();
    await expect(reading).rejects.toMatchObject({ code: 'DATASET_MALFORMED' });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((row) => !isRowError(row))).toBe(true);
  });

  it('lets a caller stop early', async () => {
    const path = fixture('early.jsonl', [L4D2, { ...L4D2, appid: 551 }, { ...L4D2, appid: 552 }]);
    const appids: number[] = [];
    for await (const row of readSteamDbMultiplayer(path)) {
      if (!isRowError(row)) appids.push(row.value.appid);
      if (appids.length === 2) break;
    }
    expect(appids).toEqual([550, 551]);
  });

  it('throws DATASET_NOT_FOUND for a missing file', async () => {
    await expect(collect(readSteamDbMultiplayer(join(dir, 'missing.jsonl.gz')))).rejects.toMatchObject({
      code: 'DATASET_NOT_FOUND',
    });
  });

  it('reads all 16,862 bundled records without a malformed line, 2,286 with Co-optimus data', async () => {
    const rows = await collect(readSteamDbMultiplayer(BUNDLED));
    expect(rows.filter(isRowError)).toEqual([]);
    const entries = rows.flatMap((row) => (isRowError(row) ? [] : [row.value]));
    expect(entries).toHaveLength(16_862);
    expect(new Set(entries.map((entry) => entry.appid)).size).toBe(16_862);
    expect(entries.filter((entry) => entry.players !== null)).toHaveLength(2_286);
    expect(entries.filter((entry) => entry.players?.splitScreen)).toHaveLength(181);
    const escaped = entries.filter((entry) => /&[#a-z0-9]+;/i.test([entry.name, ...entry.tags].join('|')));
    expect(escaped).toEqual([]);
    // Stored as "Pollito &amp;amp; Xiang Xiang: …" in the source.
    const pollito = entries.find((entry) => entry.appid === 1_726_440);
    expect(pollito?.name).toBe('Pollito & Xiang Xiang: Adventure in the Forest Demo');
    expect(entries.some((entry) => entry.tags.includes('Point & Click'))).toBe(true);
  });
});
