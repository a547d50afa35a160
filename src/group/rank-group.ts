import type { Recommender, SparseRow } from '../model/recommender.ts';
import type { HybridSession } from '../model/hybrid.ts';
import { sessionOf, type ScoringSession } from '../model/scoring-session.ts';
import type { AggregationStrategy, StrategyName } from './aggregation-strategy.ts';
import { ownershipPasses, type Ownership } from './group-filters.ts';
import { poolFitsOf } from './pool-fits-of.ts';
import { poolFitsInto } from './normalise-fits.ts';

/** What ranking needs of a served model: the model and its pool, numbers only (no games, no text). */
export interface RankModel {
  readonly model: Recommender;
  /** The catalog columns a group can be recommended (the multiplayer games), ascending. */
  readonly pool: Int32Array;
}

export interface RankQuery {
  /** Members' libraries as model rows (ascending columns, one entry per game), in request order. */
  readonly rows: readonly SparseRow[];
  /** Pool positions that pass every filter but ownership, ascending. */
  readonly passing: Int32Array;
  readonly ownership: Ownership;
  readonly strategy: AggregationStrategy;
  readonly limit: number;
  /** Find the library games behind each pick (the "because" reasons). */
  readonly explain: boolean;
}

/** Member `member`'s library games (catalog columns) that contribute most to a pick, best first. */
export interface Because {
  member: number;
  columns: number[];
}

export interface RankedItem {
  column: number;
  score: number;
  /** Each member's fit in [0, 1], in member order. */
  fits: number[];
  because: Because[];
}

export interface RankedGroup {
  strategy: StrategyName;
  items: RankedItem[];
}

/**
 * The numeric half of the one recommendation path (recommendGroup is the whole): libraries → fold-in
 * scores → per-member fit over the pool → ownership → strategy → top-K, with the library games behind each
 * pick. Synchronous and deterministic; it reads the model and nothing else, so an engine thread holding only
 * the model can run it.
 */
export function rankGroup(rankModel: RankModel, query: RankQuery): RankedGroup {
  const { model, pool } = rankModel;
  const { rows, passing, ownership, strategy, limit } = query;
  if (rows.length === 0) throw new RangeError('a group needs at least one member');
  // One session for the group: members are scored together, and the fold-ins behind the scores serve the reasons.
  const session = sessionOf(model, rows);
  let kept = passing;
  if (ownership !== 'any') {
    // owners[p]: how many members own pool game p (rows list a game once).
    const owners = new Uint8Array(pool.length);
    for (const row of rows)
      for (const column of row.indices) {
        const p = positionIn(pool, column);
        if (p >= 0) owners[p]++;
      }
    const found = new Int32Array(passing.length);
    let count = 0;
    for (const p of passing)
      if (ownershipPasses(ownership, owners[p] as number, rows.length)) found[count++] = p;
    kept = found.subarray(0, count);
  }
  // Fits are ranked over the whole pool, so a filter never changes a member's fit; only kept games get one.
  const { fits, entries } = memberFits(rankModel, session, rows.length, kept, strategy, limit);
  const ranked = strategy.rank(fits, entries?.length ?? kept.length, limit);
  const items: RankedItem[] = [];
  for (let r = 0; r < ranked.positions.length; r++) {
    const position = ranked.positions[r] as number;
    const column = pool[kept[entries ? (entries[position] as number) : position] as number] as number;
    items.push({
      column,
      score: ranked.scores[r] as number,
      fits: fits.map((memberFits) => memberFits[position] as number),
      because: [],
    });
  }
  if (query.explain) explainPicks(session, rows, items);
  return { strategy: strategy.name, items };
}

/**
 * "Because" for each pick: the two members who fit it best among those who do not own it (the earlier
 * member on ties), each with the (up to) two library games contributing most to it. A member's
 * explanations are asked for together (explainMany), which shares the passes over their library.
 */
function explainPicks(session: ScoringSession, rows: readonly SparseRow[], items: RankedItem[]): void {
  // asked[i]: the (up to two) members explained for pick i, best fit first; per member, its picks' columns.
  const asked: number[][] = [];
  const columnsOf: number[][] = rows.map(() => []);
  for (const item of items) {
    let first = -1;
    let second = -1;
    item.fits.forEach((fit, m) => {
      if (positionIn((rows[m] as SparseRow).indices, item.column) >= 0) return;
      if (first < 0 || fit > (item.fits[first] as number)) {
        second = first;
        first = m;
      } else if (second < 0 || fit > (item.fits[second] as number)) second = m;
    });
    const members = [first, second].filter((m) => m >= 0 && (rows[m] as SparseRow).indices.length > 0);
    for (const m of members) (columnsOf[m] as number[]).push(item.column);
    asked.push(members);
  }
  const contributions = columnsOf.map((columns, m) => {
    const found = session.explainMany
      ? session.explainMany(m, columns)
      : columns.map((column) => session.explain(m, column));
    return new Map(columns.map((column, i) => [column, found[i] as Float32Array]));
  });
  items.forEach((item, i) => {
    for (const m of asked[i] as number[]) {
      const row = rows[m] as SparseRow;
      const shares = contributions[m]?.get(item.column) as Float32Array;
      const columns = topContributors(shares, row, item.column).map((e) => row.indices[e] as number);
      if (columns.length > 0) item.because.push({ member: m, columns });
    }
  });
}

/**
 * Each member's fit of the kept pool games: by the WebAssembly group path where the model has one, else by
 * scoring the pool and ranking it here (the same floats either way). For a strategy that looks only at a
 * shortlist by mean fit, the WebAssembly path gives the fits of the kept entries that can be on it alone
 * (`entries`, indices into the kept games, ascending; fits[m][j] is the fit of entry entries[j]).
 */
function memberFits(
  { model, pool }: RankModel,
  session: ScoringSession,
  count: number,
  kept: Int32Array,
  strategy: AggregationStrategy,
  limit: number,
): { fits: Float32Array[]; entries?: Int32Array } {
  const fast = poolFitsOf(model, pool);
  const input = fast && 'poolFitsInput' in session ? (session as HybridSession).poolFitsInput() : undefined;
  if (fast && input) {
    const short = strategy.shortlistSize && fast.shortlist(input, kept, strategy.shortlistSize(limit));
    if (short) return { fits: short.fits, entries: short.entries };
    const fits = reusedFits(count, kept.length);
    fast.fitsInto(input, kept, fits);
    return { fits };
  }
  const poolScores = Array.from({ length: count }, () => new Float32Array(pool.length));
  session.scoreInto(poolScores, pool);
  // Fits written over the member's scores (poolFitsInto reads each score before its slot is written).
  return {
    fits: poolScores.map((scores) => {
      const fits = scores.subarray(0, kept.length);
      poolFitsInto(scores, fits, kept);
      return fits;
    }),
  };
}

// Every kept game's fit per member, for the strategies that look at them all: arrays kept from one request
// to the next, as they never leave rankGroup (a pick's fits are copied out as numbers, and strategies return
// arrays of their own). Fresh ones, ~64 KB per member, were ~150 of the ~350 KB of typed arrays an average
// request of the load test's mix allocated.
const fitsKept: Float32Array[] = [];

function reusedFits(count: number, length: number): Float32Array[] {
  const fits: Float32Array[] = [];
  for (let m = 0; m < count; m++) {
    let buffer = fitsKept[m];
    if (buffer === undefined || buffer.length < length) fitsKept[m] = buffer = new Float32Array(length);
    fits.push(buffer.subarray(0, length));
  }
  return fits;
}

/**
 * The (up to) two library entries contributing most, best first, earlier entry first on ties; only positive
 * contributions count, and never the game itself. A linear scan: sorting ~100 entries per reason cost more
 * than the rest of the reason.
 */
function topContributors(contributions: Float32Array, row: SparseRow, column: number): number[] {
  let first = -1;
  let second = -1;
  for (let e = 0; e < contributions.length; e++) {
    const c = contributions[e] as number;
    if (!(c > 0) || row.indices[e] === column) continue;
    if (first < 0 || c > (contributions[first] as number)) {
      second = first;
      first = e;
    } else if (second < 0 || c > (contributions[second] as number)) second = e;
  }
  return first < 0 ? [] : second < 0 ? [first] : [first, second];
}

/** The index of `value` in an ascending array, or −1. */
function positionIn(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid] as number;
    if (v === value) return mid;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
