import { Random } from '../core/random.ts';
import type { LibraryEntry } from '../model/confidence.ts';

/**
 * The evaluation split, on raw libraries (appids and minutes) because the group path folds in libraries,
 * not matrix rows. Strong generalisation: test users are never seen in training, as real Coplay members.
 *
 * - A user's "played multiplayer games" are the distinct appids in `multiplayer` with playtime > 0.
 *   Eligible test users have at least `minPlayedMultiplayer` (default 5) of them, so that the 20% held out
 *   is at least one game and the 80% left still says something about their multiplayer taste.
 * - round(testFraction · eligible) eligible users (default 20%), drawn by the seed and capped at
 *   `maxTestUsers`, become test users; every other user (ineligible ones included) trains.
 * - Per test user, h = max(1, round(holdoutFraction · played multiplayer)) of those games are held out;
 *   the fold-in library is everything else: the other played multiplayer games, owned-but-unplayed ones
 *   and every non-multiplayer game. Duplicate appids are merged first (largest playtime), so a held-out
 *   appid never appears in the fold-in library.
 * - One seeded stream drives every draw: a seed and the same libraries always give the same split.
 */
export interface LibrarySplitOptions {
  readonly seed: number;
  readonly testFraction?: number;
  readonly holdoutFraction?: number;
  readonly minPlayedMultiplayer?: number;
  readonly maxTestUsers?: number;
}

/** A test user: the library the model is shown and the multiplayer games it should find. */
export interface HeldOutUser {
  readonly userKey: string;
  readonly foldIn: LibraryEntry[];
  /** Held-out appids, ascending. */
  readonly heldOut: number[];
}

export interface LibrarySplit {
  /** Training users' libraries (merged per appid), in input order. */
  readonly train: Map<string, LibraryEntry[]>;
  /** Test users in input order. */
  readonly test: HeldOutUser[];
  readonly eligibleUsers: number;
}

/** Splits users into train/test and each test user's played multiplayer games into fold-in/held-out. */
export function splitLibraries(
  libraries: ReadonlyMap<string, readonly LibraryEntry[]>,
  multiplayer: ReadonlySet<number>,
  options: LibrarySplitOptions,
): LibrarySplit {
  const {
    seed,
    testFraction = 0.2,
    holdoutFraction = 0.2,
    minPlayedMultiplayer = 5,
    maxTestUsers = Infinity,
  } = options;
  if (!(testFraction >= 0 && testFraction <= 1))
    throw new RangeError(`testFraction must be in [0, 1], got ${testFraction}`);
  if (!(holdoutFraction > 0 && holdoutFraction < 1))
    throw new RangeError(`holdoutFraction must be in (0, 1), got ${holdoutFraction}`);
  if (!Number.isInteger(minPlayedMultiplayer) || minPlayedMultiplayer < 2) {
    throw new RangeError(`minPlayedMultiplayer must be an integer ≥ 2, got ${minPlayedMultiplayer}`);
  }
  if (!(maxTestUsers >= 0)) throw new RangeError(`maxTestUsers must be ≥ 0, got ${maxTestUsers}`);
  const random = new Random(seed);

  const merged = new Map<string, LibraryEntry[]>();
  const eligible: string[] = [];
  for (const [userKey, library] of libraries) {
    const entries = mergeByAppid(library);
    merged.set(userKey, entries);
    const played = entries.filter((e) => e.playtimeMinutes > 0 && multiplayer.has(e.appid)).length;
    if (played >= minPlayedMultiplayer) eligible.push(userKey);
  }
  shuffle(eligible, random);
  const testCount = Math.min(maxTestUsers, Math.round(testFraction * eligible.length));
  const testKeys = new Set(eligible.slice(0, testCount));

  const train = new Map<string, LibraryEntry[]>();
  const test: HeldOutUser[] = [];
  // Draws follow input order (not the shuffled order) so that each user's holdout is easy to reproduce.
  for (const [userKey, entries] of merged) {
    if (!testKeys.has(userKey)) {
      train.set(userKey, entries);
      continue;
    }
    const played = entries
      .filter((e) => e.playtimeMinutes > 0 && multiplayer.has(e.appid))
      .map((e) => e.appid);
    shuffle(played, random);
    const h = Math.max(1, Math.round(holdoutFraction * played.length));
    const out = new Set(played.slice(0, h));
    test.push({
      userKey,
      foldIn: entries.filter((e) => !out.has(e.appid)),
      heldOut: [...out].sort((a, b) => a - b),
    });
  }
  return { train, test, eligibleUsers: eligible.length };
}

/** One entry per appid (largest playtime), in order of first appearance; rejects malformed entries. */
function mergeByAppid(library: readonly LibraryEntry[]): LibraryEntry[] {
  const minutes = new Map<number, number>();
  for (const { appid, playtimeMinutes } of library) {
    if (!Number.isFinite(playtimeMinutes) || playtimeMinutes < 0) {
      throw new RangeError(`app ${appid}: playtime must be ≥ 0 minutes, got ${playtimeMinutes}`);
    }
    minutes.set(appid, Math.max(minutes.get(appid) ?? 0, playtimeMinutes));
  }
  return Array.from(minutes, ([appid, playtimeMinutes]) => ({ appid, playtimeMinutes }));
}

/** Fisher–Yates, in place, driven by the seeded stream. */
export function shuffle<T>(values: T[], random: Random): void {
  for (let i = values.length - 1; i > 0; i--) {
    const j = random.nextInt(i + 1);
    const t = values[i] as T;
    values[i] = values[j] as T;
    values[j] = t;
  }
}
