/**
 * Reads the steam-200k (user, game) development set (gzipped or plain CSV): one InteractionRecord per row; a
 * malformed row (bad number, negative hours, appid contradicting its match kind) yields `{ line, error }`.
 */
import type { InteractionRecord } from '../catalog/source-records.ts';
import type { CsvRow } from './csv-row.ts';
import type { DatasetRow } from './dataset-row.ts';
import { readCsvRows } from './read-csv-rows.ts';
import { TITLE_MATCH_KINDS, matchedAppid } from './read-title-matches.ts';

/** The columns the file must have (it may have more). */
export const INTERACTION_COLUMNS = [
  'user_id',
  'kaggle_user_id',
  'game_id',
  'game_title',
  'appid',
  'appid_match',
  'purchase_rows',
  'play_rows',
  'hours',
] as const;

/** Streams every row of the steam-200k user–game CSV at `path`. */
export function readSteam200kInteractions(path: string): AsyncGenerator<DatasetRow<InteractionRecord>> {
  return readCsvRows(path, INTERACTION_COLUMNS, interactionOf);
}

function interactionOf(row: CsvRow): InteractionRecord {
  const appidMatch = row.oneOf('appid_match', TITLE_MATCH_KINDS);
  return {
    userId: row.integer('user_id', 1),
    kaggleUserId: row.integer('kaggle_user_id', 1),
    gameId: row.integer('game_id', 1),
    gameTitle: row.text('game_title'),
    appid: matchedAppid(row, 'appid', appidMatch),
    appidMatch,
    purchaseRows: row.integer('purchase_rows'),
    playRows: row.integer('play_rows'),
    hours: row.number('hours'),
  };
}
