import type { Game } from '../catalog/game.ts';
import { libraryToRow, type ConfidenceTransform, type LibraryEntry } from '../model/confidence.ts';
import { sessionOf } from '../model/scoring-session.ts';
import type { Recommender } from '../model/recommender.ts';
import type { AggregationStrategy, StrategyName } from './aggregation-strategy.ts';
import type { CatalogIndex } from './catalog-index.ts';
import { explainItem, type MemberFit, type Reason } from './explain-item.ts';
import { compileFilters } from './compile-filters.ts';
import { knownPlayerLimit, ownershipPasses, type GroupFilters } from './group-filters.ts';
import { poolFitsInto } from './normalise-fits.ts';
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

// Pool positions passing the filters other than ownership, per catalog and per (filters, group size): they
// depend on neither the members' libraries nor the model's scores, and most requests share a few filter sets,
// so a request reuses the list instead of running the compiled filter over every pool game.
const passingCache = new WeakMap<CatalogIndex, Map<string, Int32Array>>();
const PASSING_CACHE_SIZE = 32;

function passingPositions(catalog: CatalogIndex, filters: GroupFilters, groupSize: number): Int32Array {
  let byKey = passingCache.get(catalog);
  if (byKey === undefined) passingCache.set(catalog, (byKey = new Map()));
  // Numbers as strings so that NaN or ±Infinity do not collapse into JSON's null.
  const key = `${groupSize}|${JSON.stringify({ ...filters, ownership: undefined }, (_, v: unknown) =>
    typeof v === 'number' ? String(v) : v,
  )}`;
  let positions = byKey.get(key);
  if (positions === undefined) {
    const pool = catalog.multiplayerColumns;
    const passes = compileFilters(filters, groupSize, catalog.facts);
    const found: number[] = [];
    for (let p = 0; p < pool.length; p++) if (passes(pool[p] as number)) found.push(p);
    positions = Int32Array.from(found);
    if (byKey.size >= PASSING_CACHE_SIZE) byKey.clear();
    byKey.set(key, positions);
  }
  return positions;
}

/**
 * The one recommendation path, used by the HTTP API, the CLI and the offline evaluation alike:
 * libraries → fold-in scores → per-member fit over the multiplayer pool → filters → strategy → top-K → reasons.
 * Synchronous and deterministic: it reads the model and catalog, and remembers only what depends on them
 * alone (which pool games pass a filter set).
 */
export function recommendGroup(groupModel: GroupModel, query: GroupQuery): GroupResult {
  const { model, catalog, confidence } = groupModel;
  const members = query.members;
  if (members.length === 0) throw new RangeError('a group needs at least one member');
  const limit = query.limit ?? 20;
  const filters = query.filters ?? {};
  const strategy =
    typeof query.strategy === 'object' ? query.strategy : STRATEGIES[query.strategy ?? DEFAULT_STRATEGY];

  const basePool = catalog.multiplayerColumns;
  const rows = members.map((member) => libraryToRow(member.games, catalog.columnOf, confidence));
  // One session for the group: members are scored together, and the fold-ins behind the scores serve the reasons.
  const session = sessionOf(model, rows);
  const poolScores = members.map(() => new Float32Array(basePool.length));
  session.scoreInto(poolScores, basePool);
  const playtimes: Map<number, number>[] = [];
  // owners[c]: how many members own column c (a member listing a game twice counts once).
  const owners = new Uint8Array(catalog.size);
  for (const member of members) {
    const owned = new Map<number, number>();
    for (const g of member.games) owned.set(g.appid, Math.max(owned.get(g.appid) ?? 0, g.playtimeMinutes));
    playtimes.push(owned);
    for (const appid of owned.keys()) {
      const column = catalog.columnOf.get(appid);
      if (column !== undefined) owners[column]++;
    }
  }

  const ownership = filters.ownership ?? 'any';
  const passing = passingPositions(catalog, filters, members.length);
  let kept = passing;
  let keptCount = passing.length;
  if (ownership !== 'any') {
    kept = new Int32Array(passing.length);
    keptCount = 0;
    for (let i = 0; i < passing.length; i++) {
      const p = passing[i] as number;
      if (ownershipPasses(ownership, owners[basePool[p] as number] as number, members.length))
        kept[keptCount++] = p;
    }
  }
  // Fits are ranked over the whole pool, so a filter never changes a member's fit; only kept games get one,
  // written over the member's scores.
  const keptPositions = keptCount === kept.length ? kept : kept.subarray(0, keptCount);
  const keptFits = poolScores.map((scores) => {
    const memberFits = scores.subarray(0, keptCount);
    poolFitsInto(scores, memberFits, keptPositions);
    return memberFits;
  });
  const ranked = strategy.rank(keptFits, keptCount, limit);

  const labels = members.map((m) => m.label);
  const items: GroupItem[] = [];
  for (let r = 0; r < ranked.positions.length; r++) {
    const position = ranked.positions[r] as number;
    const column = basePool[kept[position] as number] as number;
    const game = catalog.games[column] as Game;
    const memberFits: MemberFit[] = members.map((_, m) => {
      const minutes = playtimes[m]?.get(game.appid);
      return {
        fit: (keptFits[m] as Float32Array)[position] as number,
        owns: minutes !== undefined,
        playtimeMinutes: minutes ?? null,
      };
    });
    items.push({
      column,
      appid: game.appid,
      game,
      score: ranked.scores[r] as number,
      members: memberFits,
      playerLimitKnown: knownPlayerLimit(game) !== null,
      reasons:
        query.explain === false
          ? []
          : explainItem({ session, catalog, column, game, rows, labels, fits: memberFits }),
    });
  }
  return {
    strategy: strategy.name,
    members: members.map((m, i) => ({
      label: m.label,
      gameCount: m.games.length,
      knownGameCount: rows[i]?.indices.length ?? 0,
    })),
    items,
  };
}
