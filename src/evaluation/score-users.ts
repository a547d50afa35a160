import type { CatalogIndex } from '../group/catalog-index.ts';
import type { GroupFilters } from '../group/group-filters.ts';
import { recommendGroup, type GroupModel } from '../group/recommend-group.ts';
import type { LibraryEntry } from '../model/confidence.ts';
import type { UserMetrics } from './evaluation-report.ts';
import { catalogCoverage, meanPopularity, ndcgAtK, recallAtK } from './metrics.ts';
import type { HeldOutUser } from './split-libraries.ts';

/**
 * The only filter the evaluation applies: games a member (or, for a group, any member) already has in the
 * fold-in library are not recommendable, exactly as in "discover" mode. Adult content is not hidden here:
 * a held-out game must stay findable whatever its tags, or the figures would depend on the catalog's tags.
 */
export const EVALUATION_FILTERS: GroupFilters = Object.freeze({ ownership: 'none', hideAdultContent: false });

/** A test user's held-out games as catalog columns (games outside the catalog cannot be found and are dropped). */
export function heldOutColumns(user: HeldOutUser, catalog: CatalogIndex): Set<number> {
  const columns = new Set<number>();
  for (const appid of user.heldOut) {
    const column = catalog.columnOf.get(appid);
    if (column !== undefined) columns.add(column);
  }
  return columns;
}

/** The group path's list for some members, as catalog columns best first. */
export function groupList(
  groupModel: GroupModel,
  members: readonly { label: string; games: readonly LibraryEntry[] }[],
  strategy: Parameters<typeof recommendGroup>[1]['strategy'],
  k: number,
): Int32Array {
  const result = recommendGroup(groupModel, {
    members,
    strategy,
    filters: EVALUATION_FILTERS,
    limit: k,
    explain: false,
  });
  return Int32Array.from(result.items, (item) => item.column);
}

/**
 * Single-user figures: each test user is a 1-member group (every strategy ranks a lone member by their own
 * fit, so `average` stands for all). `popularity[c]` is catalog column c's share of training users.
 * Users whose held-out games are all outside the catalog carry no signal and are skipped.
 */
export function scoreUsers(
  groupModel: GroupModel,
  users: readonly HeldOutUser[],
  options: { k: number; popularity: ArrayLike<number>; onUser?: (done: number) => void },
): UserMetrics {
  const { k, popularity, onUser } = options;
  const lists: Int32Array[] = [];
  let recall = 0;
  let ndcg = 0;
  let counted = 0;
  users.forEach((user, u) => {
    const list = groupList(groupModel, [{ label: user.userKey, games: user.foldIn }], 'average', k);
    lists.push(list);
    const relevant = heldOutColumns(user, groupModel.catalog);
    if (relevant.size > 0) {
      recall += recallAtK(list, relevant, k);
      ndcg += ndcgAtK(list, relevant, k);
      counted++;
    }
    onUser?.(u + 1);
  });
  const pool = groupModel.catalog.multiplayerColumns.length;
  return {
    users: counted,
    recall: counted === 0 ? Number.NaN : recall / counted,
    ndcg: counted === 0 ? Number.NaN : ndcg / counted,
    coverage: pool === 0 ? Number.NaN : catalogCoverage(lists, pool, k),
    meanPopularity: meanPopularity(lists, popularity, k),
  };
}
