/**
 * Reads the 2019 Kaggle "Steam Store Games" catalog (steam.csv, gzipped or plain): one StoreCatalogEntry per
 * row; a malformed row yields `{ line, error }` naming the column and value.
 */
import type { StoreCatalogEntry } from '../catalog/source-records.ts';
import type { Platform } from '../catalog/game.ts';
import { PLATFORMS } from '../catalog/game.ts';
import type { CsvRow } from './csv-row.ts';
import type { DatasetRow } from './dataset-row.ts';
import { readCsvRows } from './read-csv-rows.ts';
import { RowError } from './row-error.ts';

/** The columns the file must have (it may have more). */
export const STORE_CATALOG_COLUMNS = [
  'appid',
  'name',
  'release_date',
  'english',
  'developer',
  'publisher',
  'platforms',
  'required_age',
  'categories',
  'genres',
  'steamspy_tags',
  'achievements',
  'positive_ratings',
  'negative_ratings',
  'average_playtime',
  'median_playtime',
  'owners',
  'price',
] as const;

/** Streams every row of the store catalog CSV at `path`. */
export function readSteamStoreCatalog(path: string): AsyncGenerator<DatasetRow<StoreCatalogEntry>> {
  return readCsvRows(path, STORE_CATALOG_COLUMNS, storeEntryOf);
}

function storeEntryOf(row: CsvRow): StoreCatalogEntry {
  const [ownersMin, ownersMax] = ownersOf(row.raw('owners'));
  return {
    appid: row.integer('appid', 1),
    name: row.text('name'),
    releaseDate: isoDate(row.raw('release_date')),
    english: row.oneOf('english', ['0', '1']) === '1',
    developers: row.list('developer'),
    publishers: row.list('publisher'),
    platforms: platformsOf(row.list('platforms')),
    requiredAge: row.integer('required_age'),
    categories: row.list('categories'),
    genres: row.list('genres'),
    steamspyTags: row.list('steamspy_tags'),
    achievements: row.integer('achievements'),
    positiveRatings: row.integer('positive_ratings'),
    negativeRatings: row.integer('negative_ratings'),
    averagePlaytimeMinutes: row.integer('average_playtime'),
    medianPlaytimeMinutes: row.integer('median_playtime'),
    ownersMin,
    ownersMax,
    priceGbp: row.number('price'),
  };
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isoDate(raw: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  const year = Number(match?.[1]);
  const month = Number(match?.[2]);
  const day = Number(match?.[3]);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  if (match === null || month < 1 || month > 12 || day < 1 || day > days) {
    throw new RowError(`column "release_date": ${JSON.stringify(raw)} is not a YYYY-MM-DD date`);
  }
  return raw;
}

function platformsOf(names: string[]): Platform[] {
  for (const name of names) {
    if (!(PLATFORMS as readonly string[]).includes(name)) {
      throw new RowError(`column "platforms": ${JSON.stringify(name)} is not one of ${PLATFORMS.join(', ')}`);
    }
  }
  return names as Platform[];
}

function ownersOf(raw: string): [number, number] {
  const match = /^(\d+)-(\d+)$/.exec(raw.trim());
  const min = Number(match?.[1]);
  const max = Number(match?.[2]);
  if (match === null || !Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min > max) {
    throw new RowError(`column "owners": ${JSON.stringify(raw)} is not a range like 20000-50000`);
  }
  return [min, max];
}
