import { csrFromTriples, type Csr } from '../core/csr.ts';
import { makeConfidence, type ConfidenceTransform } from './confidence.ts';

/** One (user, game) observation: minutes played, 0 for a game that is owned but never played. */
export interface InteractionRow {
  readonly userKey: string;
  readonly appid: number;
  readonly minutes: number;
}

/**
 * Cleaning rules, applied in this order:
 * 1. rows repeating a (user, appid) pair are merged keeping the largest playtime (in steam-200k they come
 *    from two titles matched to one appid, so summing would double count);
 * 2. bots/outliers: users whose total raw playtime exceeds maxUserMinutes are dropped whole. The default,
 *    20,000 h, is 2.3 years of non-stop play: card-farming idlers and broken profiles, not players. It
 *    uses raw minutes because clipping first would hide exactly the accounts the rule is meant to catch;
 * 3. per-game playtime is clipped at maxMinutesPerGame (default 5,000 h, above the 99.99th percentile
 *    of steam-200k rows): a left-running game is evidence of use, not of 10,000 h of preference;
 * 4. k-core: users with fewer than minItemsPerUser games and games with fewer than minUsersPerItem users
 *    are removed, repeatedly until both hold (dropping a game can push a user under the minimum and vice
 *    versa; one pass would leave rows that break the documented guarantee). A game with a single player
 *    teaches CF nothing transferable; the content signal covers it.
 */
export interface InteractionMatrixOptions {
  readonly confidence?: ConfidenceTransform;
  readonly minItemsPerUser?: number;
  readonly minUsersPerItem?: number;
  readonly maxUserMinutes?: number;
  readonly maxMinutesPerGame?: number;
}

/** What the cleaning did, for logs and pipeline run records. */
export interface InteractionMatrixStats {
  readonly inputRows: number;
  readonly duplicateRows: number;
  readonly outlierUsers: number;
  readonly clippedEntries: number;
  readonly sparseUsers: number;
  readonly sparseItems: number;
  readonly filterRounds: number;
  readonly users: number;
  readonly items: number;
  readonly nnz: number;
}

/** A users × items confidence matrix with the keys of its rows and the appids of its columns. */
export interface InteractionMatrix {
  readonly matrix: Csr;
  /** userKeys[r] is row r's user, in order of first appearance in the input. */
  readonly userKeys: string[];
  /** itemIds[c] is column c's appid, ascending. */
  readonly itemIds: Int32Array;
  readonly stats: InteractionMatrixStats;
}

/** Where one game's playtime is clipped when no other limit is given: 5,000 h. */
export const DEFAULT_MAX_MINUTES_PER_GAME = 5_000 * 60;

const DEFAULTS = {
  minItemsPerUser: 2,
  minUsersPerItem: 2,
  maxUserMinutes: 20_000 * 60,
  maxMinutesPerGame: DEFAULT_MAX_MINUTES_PER_GAME,
};

/** Cleans (user, game, minutes) rows into a confidence matrix; see InteractionMatrixOptions for the rules. */
export function buildInteractionMatrix(
  rows: Iterable<InteractionRow>,
  options: InteractionMatrixOptions = {},
): InteractionMatrix {
  const { minItemsPerUser, minUsersPerItem, maxUserMinutes, maxMinutesPerGame } = { ...DEFAULTS, ...options };
  const confidence = options.confidence ?? makeConfidence();
  for (const [name, value] of Object.entries({ minItemsPerUser, minUsersPerItem })) {
    if (!Number.isInteger(value) || value < 1)
      throw new RangeError(`${name} must be an integer ≥ 1, got ${value}`);
  }
  for (const [name, value] of Object.entries({ maxUserMinutes, maxMinutesPerGame })) {
    if (!(value > 0)) throw new RangeError(`${name} must be > 0, got ${value}`);
  }

  const userIndex = new Map<string, number>();
  const userKeys: string[] = [];
  const entryAt = new Map<string, number>();
  const users: number[] = [];
  const appids: number[] = [];
  const minutes: number[] = [];
  let inputRows = 0;
  for (const row of rows) {
    const { userKey, appid, minutes: played } = row;
    if (typeof userKey !== 'string' || userKey === '')
      throw new RangeError(`row ${inputRows}: userKey must be a non-empty string`);
    if (!Number.isInteger(appid) || appid < 0)
      throw new RangeError(`row ${inputRows}: appid must be an integer ≥ 0, got ${appid}`);
    if (!Number.isFinite(played) || played < 0)
      throw new RangeError(`row ${inputRows}: minutes must be ≥ 0, got ${played}`);
    inputRows++;
    let user = userIndex.get(userKey);
    if (user === undefined) {
      user = userKeys.push(userKey) - 1;
      userIndex.set(userKey, user);
    }
    const key = `${user}:${appid}`;
    const seen = entryAt.get(key);
    if (seen !== undefined) minutes[seen] = Math.max(minutes[seen], played);
    else {
      entryAt.set(key, users.length);
      users.push(user);
      appids.push(appid);
      minutes.push(played);
    }
  }
  const entries = users.length;

  const totalMinutes = new Float64Array(userKeys.length);
  for (let e = 0; e < entries; e++) totalMinutes[users[e]] += minutes[e];
  const userAlive = new Uint8Array(userKeys.length);
  let outlierUsers = 0;
  for (let u = 0; u < userKeys.length; u++) {
    if (totalMinutes[u] > maxUserMinutes) outlierUsers++;
    else userAlive[u] = 1;
  }
  let clippedEntries = 0;
  for (let e = 0; e < entries; e++) {
    if (userAlive[users[e]] && minutes[e] > maxMinutesPerGame) {
      minutes[e] = maxMinutesPerGame;
      clippedEntries++;
    }
  }

  const distinctAppids = Int32Array.from(new Set(appids)).sort();
  const itemIndex = new Map<number, number>();
  distinctAppids.forEach((appid, i) => itemIndex.set(appid, i));
  const items = Int32Array.from(appids, (appid) => itemIndex.get(appid) as number);
  const itemAlive = new Uint8Array(distinctAppids.length).fill(1);

  // k-core: recount over surviving entries and drop whoever is under a minimum, until nothing changes.
  let sparseUsers = 0;
  let sparseItems = 0;
  let filterRounds = 0;
  const userDegree = new Int32Array(userKeys.length);
  const itemDegree = new Int32Array(distinctAppids.length);
  for (;;) {
    filterRounds++;
    userDegree.fill(0);
    itemDegree.fill(0);
    for (let e = 0; e < entries; e++) {
      if (userAlive[users[e]] && itemAlive[items[e]]) {
        userDegree[users[e]]++;
        itemDegree[items[e]]++;
      }
    }
    let changed = false;
    for (let u = 0; u < userKeys.length; u++) {
      if (userAlive[u] && userDegree[u] < minItemsPerUser) {
        userAlive[u] = 0;
        sparseUsers++;
        changed = true;
      }
    }
    for (let i = 0; i < distinctAppids.length; i++) {
      if (itemAlive[i] && itemDegree[i] < minUsersPerItem) {
        itemAlive[i] = 0;
        sparseItems++;
        changed = true;
      }
    }
    if (!changed) break;
  }

  const rowOf = new Int32Array(userKeys.length).fill(-1);
  const keptUsers: string[] = [];
  for (let u = 0; u < userKeys.length; u++) if (userAlive[u]) rowOf[u] = keptUsers.push(userKeys[u]) - 1;
  const columnOf = new Int32Array(distinctAppids.length).fill(-1);
  const keptItems: number[] = [];
  for (let i = 0; i < distinctAppids.length; i++)
    if (itemAlive[i]) columnOf[i] = keptItems.push(distinctAppids[i]) - 1;

  const r: number[] = [];
  const c: number[] = [];
  const v: number[] = [];
  for (let e = 0; e < entries; e++) {
    if (!userAlive[users[e]] || !itemAlive[items[e]]) continue;
    r.push(rowOf[users[e]]);
    c.push(columnOf[items[e]]);
    v.push(confidence(minutes[e]));
  }
  const matrix = csrFromTriples(keptUsers.length, keptItems.length, r, c, v);
  return {
    matrix,
    userKeys: keptUsers,
    itemIds: Int32Array.from(keptItems),
    stats: {
      inputRows,
      duplicateRows: inputRows - entries,
      outlierUsers,
      clippedEntries,
      sparseUsers,
      sparseItems,
      filterRounds,
      users: keptUsers.length,
      items: keptItems.length,
      nnz: matrix.indices.length,
    },
  };
}

/** appid → column for a matrix's itemIds, the lookup libraryToRow needs. */
export function columnsByAppid(itemIds: ArrayLike<number>): Map<number, number> {
  const map = new Map<number, number>();
  for (let c = 0; c < itemIds.length; c++) map.set(itemIds[c], c);
  return map;
}
