import type { AggregationStrategy, StrategyName } from '../group/aggregation-strategy.ts';
import type { GroupModel } from '../group/recommend-group.ts';
import { ndcgAtK } from './metrics.ts';
import { groupList, heldOutColumns } from './score-users.ts';
import type { HeldOutUser } from './split-libraries.ts';
import type { SyntheticGroup } from './synthetic-groups.ts';

/** One group's list under one strategy, scored per member against their own held-out games. */
export interface GroupScore {
  readonly group: number;
  readonly strategy: StrategyName;
  readonly meanNdcg: number;
  readonly worstNdcg: number;
}

/**
 * Runs every group through the group path under every strategy (ownership "none": no member owns a listed
 * game) and scores the list for each member by NDCG@k against that member's held-out games. A held-out
 * game another member already owns is filtered out of the list like any owned game; the figures include
 * that loss, as a real group would. Members with no held-out game in the catalog are left out of the
 * mean and the minimum; a group with none left is skipped.
 */
export function scoreGroups(
  groupModel: GroupModel,
  users: readonly HeldOutUser[],
  groups: readonly SyntheticGroup[],
  strategies: readonly AggregationStrategy[],
  options: { k: number; onGroup?: (done: number) => void },
): GroupScore[] {
  const { k, onGroup } = options;
  const relevant = new Map<number, Set<number>>();
  const relevantOf = (u: number): Set<number> => {
    let set = relevant.get(u);
    if (!set) relevant.set(u, (set = heldOutColumns(users[u] as HeldOutUser, groupModel.catalog)));
    return set;
  };
  const scores: GroupScore[] = [];
  groups.forEach((group, g) => {
    const members = group.members.map((u) => ({
      label: (users[u] as HeldOutUser).userKey,
      games: (users[u] as HeldOutUser).foldIn,
    }));
    for (const strategy of strategies) {
      const list = groupList(groupModel, members, strategy, k);
      let sum = 0;
      let worst = Infinity;
      let counted = 0;
      for (const u of group.members) {
        const set = relevantOf(u);
        if (set.size === 0) continue;
        const ndcg = ndcgAtK(list, set, k);
        sum += ndcg;
        worst = Math.min(worst, ndcg);
        counted++;
      }
      if (counted > 0)
        scores.push({ group: g, strategy: strategy.name, meanNdcg: sum / counted, worstNdcg: worst });
    }
    onGroup?.(g + 1);
  });
  return scores;
}
