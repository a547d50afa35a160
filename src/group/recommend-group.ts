import type { Game } from '../catalog/game.ts';
import { libraryToRow, type ConfidenceTransform, type LibraryEntry } from '../model/confidence.ts';
import type { Recommender, SparseRow } from '../model/recommender.ts';
import type { AggregationStrategy, StrategyName } from './aggregation-strategy.ts';
import type { CatalogIndex } from './catalog-index.ts';
import { explainItem, type MemberFit, type Reason } from './explain-item.ts';
import { compileFilters } from './compile-filters.ts';
import { knownPlayerLimit, ownershipPasses, type GroupFilters } from './group-filters.ts';
import { normaliseFitsInto } from './normalise-fits.ts';
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

/**
 * The one recommendation path, used by the HTTP API, the CLI and the offline evaluation alike:
 * libraries → fold-in scores → per-member fit over the multiplayer pool → filters → strategy → top-K → reasons.
 * Pure: it reads the model and catalog and allocates its own buffers.
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
  const scores = new Float32Array(model.itemCount);
  const rows: SparseRow[] = [];
  const baseFits: Float32Array[] = [];
  const playtimes: Map<number, number>[] = [];
  // owners[c]: how many members own column c (a member listing a game twice counts once).
  const owners = new Uint8Array(catalog.size);
  for (const member of members) {
    const row = libraryToRow(member.games, catalog.columnOf, confidence);
    rows.push(row);
    model.scoreInto(row, scores);
    const fits = new Float32Array(basePool.length);
    normaliseFitsInto(scores, basePool, fits);
    baseFits.push(fits);
    const owned = new Map<number, number>();
    for (const g of member.games) owned.set(g.appid, Math.max(owned.get(g.appid) ?? 0, g.playtimeMinutes));
    playtimes.push(owned);
    for (const appid of owned.keys()) {
      const column = catalog.columnOf.get(appid);
      if (column !== undefined) owners[column]++;
    }
  }

  // Filter the pool; fits stay those computed over the whole pool, so a filter never changes a member's fit.
  const passes = compileFilters(filters, members.length, catalog.facts);
  const ownership = filters.ownership ?? 'any';
  const kept: number[] = [];
  for (let p = 0; p < basePool.length; p++) {
    const column = basePool[p] as number;
    if (passes(column) && ownershipPasses(ownership, owners[column] as number, members.length)) kept.push(p);
  }
  const fits = baseFits.map((all) => {
    const out = new Float32Array(kept.length);
    for (let i = 0; i < kept.length; i++) out[i] = all[kept[i] as number] as number;
    return out;
  });
  const ranked = strategy.rank(fits, kept.length, limit);

  const labels = members.map((m) => m.label);
  const items: GroupItem[] = [];
  for (let r = 0; r < ranked.positions.length; r++) {
    const position = ranked.positions[r] as number;
    const column = basePool[kept[position] as number] as number;
    const game = catalog.games[column] as Game;
    const memberFits: MemberFit[] = members.map((_, m) => {
      const minutes = playtimes[m]?.get(game.appid);
      return {
        fit: (fits[m] as Float32Array)[position] as number,
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
          : explainItem({ model, catalog, column, game, rows, labels, fits: memberFits }),
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
