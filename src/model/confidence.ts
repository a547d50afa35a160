import type { SparseRow } from './recommender.ts';

/**
 * Playtime → confidence, after Hu, Koren & Volinsky (2008), log variant:
 *
 *   c(m) = 1 + alpha · max(ownedWeight, log(1 + m / epsilon))      (m = minutes played, m ≥ 0)
 *
 * - epsilon (default 60 min): below about an hour the log is ≈ m/epsilon (linear: "tried it"); above it,
 *   each tenfold increase of playtime adds the same confidence. Steam playtimes span five orders of
 *   magnitude (minutes to 10,000 h), so a linear scale would let a few idle or grind games dominate a
 *   user's row; the log keeps 1,000 h only ~1.5× as strong as 100 h.
 * - ownedWeight (default 0.1): a game that is owned but never played (0 minutes) is a weak positive: the
 *   user chose to buy or claim it, but we know nothing more. The max() makes any library entry at least
 *   that strong, so confidence stays monotone (non-decreasing) in playtime: 0.1 ≈ 6 minutes of play.
 * - alpha (default 5): the ratio between strong and weak evidence. With 5, an owned-only game gets 1.5,
 *   1 h gets 4.5, 100 h gets 24 and 1,000 h gets 35.5, i.e. a committed game outweighs an unplayed
 *   purchase ~20×. Values of 1–40 are common in the iALS literature; the evaluation should sweep it.
 *
 * Every confidence is ≥ 1 so an entry in the library never weighs less than an unobserved item.
 */
export interface ConfidenceOptions {
  readonly alpha: number;
  readonly epsilonMinutes: number;
  readonly ownedWeight: number;
}

/** The documented defaults (see ConfidenceOptions). */
export const DEFAULT_CONFIDENCE: ConfidenceOptions = Object.freeze({
  alpha: 5,
  epsilonMinutes: 60,
  ownedWeight: 0.1,
});

/** Maps minutes played (0 = owned but unplayed) to a confidence ≥ 1. */
export type ConfidenceTransform = (minutes: number) => number;

/** c = 1 + alpha · max(ownedWeight, log(1 + minutes / epsilon)); throws on negative or non-finite minutes. */
export function confidenceFromMinutes(
  minutes: number,
  options: ConfidenceOptions = DEFAULT_CONFIDENCE,
): number {
  if (!Number.isFinite(minutes) || minutes < 0)
    throw new RangeError(`playtime must be ≥ 0 minutes, got ${minutes}`);
  const { alpha, epsilonMinutes, ownedWeight } = options;
  return 1 + alpha * Math.max(ownedWeight, Math.log1p(minutes / epsilonMinutes));
}

/** A ConfidenceTransform with the given options (missing ones take the defaults), validated once. */
export function makeConfidence(options: Partial<ConfidenceOptions> = {}): ConfidenceTransform {
  const resolved: ConfidenceOptions = { ...DEFAULT_CONFIDENCE, ...options };
  if (!(resolved.alpha > 0) || !Number.isFinite(resolved.alpha)) {
    throw new RangeError(`alpha must be a positive number, got ${resolved.alpha}`);
  }
  if (!(resolved.epsilonMinutes > 0) || !Number.isFinite(resolved.epsilonMinutes)) {
    throw new RangeError(`epsilonMinutes must be a positive number, got ${resolved.epsilonMinutes}`);
  }
  if (!(resolved.ownedWeight >= 0) || !Number.isFinite(resolved.ownedWeight)) {
    throw new RangeError(`ownedWeight must be ≥ 0, got ${resolved.ownedWeight}`);
  }
  return (minutes) => confidenceFromMinutes(minutes, resolved);
}

/**
 * The confidence a model trained on playtimes clipped at `maxMinutesPerGame` gives a folded-in library: the
 * same clip, so a member with 11,000 h in a game weighs it as training weighed any player's 5,000 h.
 */
export function foldInConfidence(
  transform: ConfidenceTransform,
  maxMinutesPerGame: number,
): ConfidenceTransform {
  if (!(maxMinutesPerGame > 0))
    throw new RangeError(`maxMinutesPerGame must be > 0, got ${maxMinutesPerGame}`);
  return (minutes) => transform(Math.min(minutes, maxMinutesPerGame));
}

/** One game in a player's library as Steam reports it. */
export interface LibraryEntry {
  readonly appid: number;
  readonly playtimeMinutes: number;
}

/**
 * A library as a model row: appids the model does not know are ignored, an appid listed twice keeps its
 * largest playtime (Steam reports one entry per app; duplicates come from merged sources, not sessions),
 * indices come out sorted ascending.
 */
export function libraryToRow(
  library: Iterable<LibraryEntry>,
  appidToColumn: ReadonlyMap<number, number>,
  transform: ConfidenceTransform = makeConfidence(),
): SparseRow {
  // (column, minutes) pairs sorted by column, then runs of one column merged keeping the longest playtime:
  // a Map per library and typed arrays made from its key iterator cost more than the rest of a fold-in.
  const columns: number[] = [];
  const minutes: number[] = [];
  for (const { appid, playtimeMinutes } of library) {
    if (!Number.isFinite(playtimeMinutes) || playtimeMinutes < 0) {
      throw new RangeError(`app ${appid}: playtime must be ≥ 0 minutes, got ${playtimeMinutes}`);
    }
    const column = appidToColumn.get(appid);
    if (column === undefined) continue;
    columns.push(column);
    minutes.push(playtimeMinutes);
  }
  // Sorted by column as column·2²¹ + entry (exact in a double for any column < 2³¹ and 2²¹ entries): a
  // typed-array sort with no comparator.
  if (columns.length >= 2 ** 21) throw new RangeError(`a library of ${columns.length} games is too long`);
  const keys = new Float64Array(columns.length);
  for (let k = 0; k < keys.length; k++) keys[k] = (columns[k] as number) * 2 ** 21 + k;
  keys.sort();
  const indices = new Int32Array(keys.length);
  const longest: number[] = [];
  let count = 0;
  for (const key of keys) {
    const k = key % 2 ** 21;
    const column = columns[k] as number;
    const played = minutes[k] as number;
    if (count > 0 && indices[count - 1] === column) {
      if (played > (longest[count - 1] as number)) longest[count - 1] = played;
    } else {
      indices[count] = column;
      longest[count++] = played;
    }
  }
  const values = new Float32Array(count);
  for (let k = 0; k < count; k++) values[k] = transform(longest[k] as number);
  return { indices: count === indices.length ? indices : indices.slice(0, count), values };
}
