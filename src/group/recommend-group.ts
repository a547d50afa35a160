import type { Game } from '../catalog/game.ts';
import { libraryToRow, type ConfidenceTransform, type LibraryEntry } from '../model/confidence.ts';
import type { Recommender, SparseRow } from '../model/recommender.ts';
import type { AggregationStrategy, StrategyName } from './aggregation-strategy.ts';
import type { CatalogIndex } from './catalog-index.ts';
import { explainItem, type MemberFit, type Reason } from './explain-item.ts';
import { compileFilters } from './compile-filters.ts';
import { knownPlayerLimit, type GroupFilters } from './group-filters.ts';
import { rankGroup, type RankedGroup, type RankQuery } from './rank-group.ts';
import { DEFAULT_STRATEGY, STRATEGIES } from './strategies.ts';

/** A fitted model served over the catalog's item space, with the confidence transform it was trained with. */
export interface GroupModel {
  readonly model: Recommender;
  readonly catalog: CatalogIndex;
  readonly confidence: ConfidenceTransform;
}

export interface GroupMember {
  label: string;
  games: readonly LibraryEntry[];
}

export interface GroupQuery {
  members: readonly GroupMember[];
  strategy?: StrategyName | AggregationStrategy;
  filters?: GroupFilters;
  limit?: number;
  /** Skip reasons (the offline evaluation needs only the ranking). Default true. */
  explain?: boolean;
}

export interface GroupItem {
  column: number;
  appid: number;
  game: Game;
  score: number;
  members: MemberFit[];
  playerLimitKnown: boolean;
  reasons: Reason[];
}

export interface GroupResult {
  strategy: StrategyName;
  members: { label: string; gameCount: number; knownGameCount: number }[];
  items: GroupItem[];
}

// Pool positions passing the filters other than ownership, per catalog and per filter set (and group size,
// when the player-limit filter is on: only it reads the size): they depend on neither the members' libraries
// nor the model's scores, and most requests share a few filter sets, so a request reuses the list instead of
// running the compiled filter over every pool game. The least recently used set goes first (a Map keeps
// insertion order, and a hit is moved to the end). Keying every set by group size as well, and dropping all
// of them when full, had the load test's 12 filter sets × 7 group sizes miss nearly every time.
const passingCache = new WeakMap<CatalogIndex, Map<string, Int32Array>>();
const PASSING_CACHE_SIZE = 64;

function passingPositions(catalog: CatalogIndex, filters: GroupFilters, groupSize: number): Int32Array {
  let byKey = passingCache.get(catalog);
  if (byKey === undefined) passingCache.set(catalog, (byKey = new Map()));
  // Numbers as strings so that NaN or ±Infinity do not collapse into JSON's null.
  const key = `${filters.fitsGroupSize ? groupSize : '*'}|${JSON.stringify(
    { ...filters, ownership: undefined },
    (_, v: unknown) => (typeof v === 'number' ? String(v) : v),
  )}`;
  let positions = byKey.get(key);
  if (positions !== undefined) {
    byKey.delete(key);
  } else {
    const pool = catalog.multiplayerColumns;
    const passes = compileFilters(filters, groupSize, catalog.facts);
    const found: number[] = [];
    for (let p = 0; p < pool.length; p++) if (passes(pool[p] as number)) found.push(p);
    positions = Int32Array.from(found);
    if (byKey.size >= PASSING_CACHE_SIZE) byKey.delete(byKey.keys().next().value as string);
  }
  byKey.set(key, positions);
  return positions;
}

/** A group request made ready for rankGroup: the members' rows and the games that pass the filters. */
export interface PreparedGroup {
  rows: SparseRow[];
  rank: RankQuery;
}

/**
 * The first half of recommendGroup, which needs the catalog but not the model: libraries to model rows, the
 * strategy by name to the strategy, the filters to the pool positions they pass (all but ownership, which
 * depends on the rows).
 */
export function prepareGroup(
  catalog: CatalogIndex,
  confidence: ConfidenceTransform,
  query: GroupQuery,
): PreparedGroup {
  const members = query.members;
  if (members.length === 0) throw new RangeError('a group needs at least one member');
  const filters = query.filters ?? {};
  const strategy =
    typeof query.strategy === 'object' ? query.strategy : STRATEGIES[query.strategy ?? DEFAULT_STRATEGY];
  const rows = members.map((member) => libraryToRow(member.games, catalog.columnOf, confidence));
  return {
    rows,
    rank: {
      rows,
      passing: passingPositions(catalog, filters, members.length),
      ownership: filters.ownership ?? 'any',
      strategy,
      limit: query.limit ?? 20,
      explain: query.explain !== false,
    },
  };
}

/** The last half of recommendGroup: the ranked columns as games, with each member's fit and the reasons. */
export function presentGroup(
  catalog: CatalogIndex,
  query: GroupQuery,
  rows: readonly SparseRow[],
  ranked: RankedGroup,
): GroupResult {
  const members = query.members;
  const labels = members.map((m) => m.label);
  // Each member's playtime per appid (a game listed twice keeps its longest).
  const playtimes = members.map((member) => {
    const owned = new Map<number, number>();
    for (const g of member.games) owned.set(g.appid, Math.max(owned.get(g.appid) ?? 0, g.playtimeMinutes));
    return owned;
  });
  const items: GroupItem[] = ranked.items.map((item) => {
    const game = catalog.games[item.column] as Game;
    const memberFits: MemberFit[] = item.fits.map((fit, m) => {
      const minutes = playtimes[m]?.get(game.appid);
      return { fit, owns: minutes !== undefined, playtimeMinutes: minutes ?? null };
    });
    return {
      column: item.column,
      appid: game.appid,
      game,
      score: item.score,
      members: memberFits,
      playerLimitKnown: knownPlayerLimit(game) !== null,
      reasons:
        query.explain === false
          ? []
          : explainItem({ catalog, game, because: item.because, labels, fits: memberFits, playtimes }),
    };
  });
  return {
    strategy: ranked.strategy,
    members: members.map((m, i) => ({
      label: m.label,
      gameCount: m.games.length,
      knownGameCount: rows[i]?.indices.length ?? 0,
    })),
    items,
  };
}

/**
 * The one recommendation path, used by the HTTP API, the CLI and the offline evaluation alike:
 * libraries → fold-in scores → per-member fit over the multiplayer pool → filters → strategy → top-K → reasons.
 * Synchronous and deterministic: it reads the model and catalog, and remembers only what depends on them
 * alone (which pool games pass a filter set). Engine threads run the same three steps, rankGroup on the
 * thread that holds the model.
 */
export function recommendGroup(groupModel: GroupModel, query: GroupQuery): GroupResult {
  const { model, catalog, confidence } = groupModel;
  const { rows, rank } = prepareGroup(catalog, confidence, query);
  const ranked = rankGroup({ model, pool: catalog.multiplayerColumns }, rank);
  return presentGroup(catalog, query, rows, ranked);
}
