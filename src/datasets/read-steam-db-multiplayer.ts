/**
 * Reads the steam-db multiplayer extract (JSON lines, gzipped or plain): one SteamDbEntry per line, with
 * HTML entities in names and tags decoded. Blank lines are skipped; a bad line yields `{ line, error }`.
 */
import { createInterface } from 'node:readline';
import type { CooptimusPlayers, SteamDbEntry } from '../catalog/source-records.ts';
import type { DatasetRow } from './dataset-row.ts';
import { failuresAsMalformed, openDataset } from './open-dataset.ts';
import { RowError } from './row-error.ts';

/** Streams every record of the steam-db JSON-lines file at `path`. */
export async function* readSteamDbMultiplayer(path: string): AsyncGenerator<DatasetRow<SteamDbEntry>> {
  const input = await openDataset(path);
  const lines = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of failuresAsMalformed(path, lines)) {
      line += 1;
      const json = line === 1 ? text.replace(/^\uFEFF/, '') : text;
      if (json.trim() !== '') yield rowOf(line, json);
    }
  } finally {
    // Closing readline leaves its input open, so a reader stopped early must close the file itself.
    input.destroy();
  }
}

function rowOf(line: number, json: string): DatasetRow<SteamDbEntry> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    return { line, error: `invalid JSON: ${(error as Error).message}` };
  }
  try {
    return { line, value: steamDbEntryOf(parsed) };
  } catch (error) {
    if (error instanceof RowError) return { line, error: error.message };
    throw error;
  }
}

function steamDbEntryOf(json: unknown): SteamDbEntry {
  const record = object(json, 'the line');
  const appid = record.appid;
  if (typeof appid !== 'number' || !Number.isSafeInteger(appid) || appid <= 0) {
    throw new RowError(`field "appid": ${JSON.stringify(appid)} is not a positive integer`);
  }
  const name = record.name;
  if (typeof name !== 'string' || name.trim() === '') {
    throw new RowError(`field "name": ${JSON.stringify(name)} is not a non-empty string`);
  }
  const flags = array(record.flags, 'flags').map((flag, at) => {
    if (typeof flag !== 'number' || !Number.isSafeInteger(flag)) {
      throw new RowError(`field "flags[${at}]": ${JSON.stringify(flag)} is not an integer`);
    }
    return flag;
  });
  return {
    appid,
    name: decodeHtmlEntities(name),
    flags,
    tags: strings(record.tags, 'tags').map(decodeHtmlEntities),
    players: record.players === null ? null : playersOf(record.players),
  };
}

function playersOf(json: unknown): CooptimusPlayers {
  const players = object(json, 'players');
  const count = (key: string): number => {
    const value = players[key];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      throw new RowError(`field "players.${key}": ${JSON.stringify(value)} is not a non-negative integer`);
    }
    return value;
  };
  // The source stores split-screen and campaign as 0/1 and drop-in/drop-out as a boolean; take either form.
  const flag = (key: string): boolean => {
    const value = players[key];
    if (value === true || value === 1) return true;
    if (value === false || value === 0) return false;
    throw new RowError(`field "players.${key}": ${JSON.stringify(value)} is not 0, 1, true or false`);
  };
  const url = players.url;
  if (url !== undefined && url !== null && typeof url !== 'string') {
    throw new RowError(`field "players.url": ${JSON.stringify(url)} is not a string`);
  }
  return {
    local: count('local'),
    online: count('online'),
    lan: count('lan'),
    splitScreen: flag('splitscreen'),
    dropInDropOut: flag('dropInDropOut'),
    campaign: flag('campaign'),
    features: players.features === undefined ? [] : strings(players.features, 'players.features'),
    url: url ?? null,
  };
}

function object(json: unknown, what: string): Record<string, unknown> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new RowError(`${what === 'the line' ? what : `field "${what}"`} is not a JSON object`);
  }
  return json as Record<string, unknown>;
}

function array(json: unknown, field: string): unknown[] {
  if (!Array.isArray(json)) throw new RowError(`field "${field}": ${JSON.stringify(json)} is not an array`);
  return json;
}

function strings(json: unknown, field: string): string[] {
  return array(json, field).map((item, at) => {
    if (typeof item !== 'string')
      throw new RowError(`field "${field}[${at}]": ${JSON.stringify(item)} is not a string`);
    return item;
  });
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
const ENTITY = /&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|([a-z]+));/giu;

// Steam stores some names and tags HTML-escaped, one title even twice ("Pollito &amp;amp; Xiang Xiang"), so
// decoding repeats until nothing changes. Only the entities seen in Steam text are known; others stay as-is.
function decodeHtmlEntities(text: string): string {
  let current = text;
  for (let pass = 0; pass < 3 && current.includes('&'); pass++) {
    const next = current.replace(ENTITY, (entity, decimal?: string, hex?: string, name?: string) => {
      if (name !== undefined) return NAMED[name.toLowerCase()] ?? entity;
      const code = Number.parseInt(decimal ?? (hex as string), decimal === undefined ? 16 : 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    });
    if (next === current) break;
    current = next;
  }
  return current;
}
