/**
 * Reads the steam-200k title → catalog appid table (gzipped or plain CSV): one TitleMatchRecord per row; a
 * malformed or self-contradictory row yields `{ line, error }`.
 */
import type { TitleMatchKind, TitleMatchRecord } from '../catalog/source-records.ts';
import type { CsvRow } from './csv-row.ts';
import type { DatasetRow } from './dataset-row.ts';
import { readCsvRows } from './read-csv-rows.ts';
import { RowError } from './row-error.ts';

/** The columns the file must have (it may have more). */
export const TITLE_MATCH_COLUMNS = ['game_id', 'game_title', 'appid', 'match', 'candidate_appids'] as const;

/** How a title was matched, as the files spell it. */
export const TITLE_MATCH_KINDS: readonly TitleMatchKind[] = ['exact', 'normalized', 'none'];

/** Streams every row of the title-match CSV at `path`. */
export function readTitleMatches(path: string): AsyncGenerator<DatasetRow<TitleMatchRecord>> {
  return readCsvRows(path, TITLE_MATCH_COLUMNS, titleMatchOf);
}

function titleMatchOf(row: CsvRow): TitleMatchRecord {
  const match = row.oneOf('match', TITLE_MATCH_KINDS);
  const appid = matchedAppid(row, 'appid', match);
  const candidateAppids = row.list('candidate_appids').map((raw) => {
    const id = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(id) || id < 1) {
      throw new RowError(`column "candidate_appids": ${JSON.stringify(raw)} is not an appid`);
    }
    return id;
  });
  if (appid !== null && !candidateAppids.includes(appid)) {
    throw new RowError(`column "candidate_appids": does not list appid ${appid}`);
  }
  if (appid === null && candidateAppids.length > 0) {
    throw new RowError('column "candidate_appids": lists appids for an unmatched title');
  }
  return {
    gameId: row.integer('game_id', 1),
    gameTitle: row.text('game_title'),
    appid,
    match,
    candidateAppids,
  };
}

/** The appid column, which must be empty exactly when the match kind is "none". */
export function matchedAppid(row: CsvRow, column: string, match: TitleMatchKind): number | null {
  const appid = row.optionalInteger(column, 1);
  if ((appid === null) !== (match === 'none')) {
    throw new RowError(
      match === 'none'
        ? `column "${column}": has appid ${appid} but the title is unmatched`
        : `column "${column}": is empty but the match is "${match}"`,
    );
  }
  return appid;
}
