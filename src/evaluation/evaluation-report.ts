import type { StrategyName } from '../group/aggregation-strategy.ts';
import type { Algorithm } from '../model/trainers.ts';
import type { GroupKind } from './synthetic-groups.ts';

/** Every model the evaluation can serve: the CF trainers (each blended with content) and content alone. */
export const EVALUATED_MODELS = ['ials', 'ease', 'itemknn', 'popularity', 'content'] as const;
export type EvaluatedModel = Algorithm | 'content';

/** How the figures were produced, so a report can be read (and reproduced) on its own. */
export interface EvaluationProtocol {
  readonly seed: number;
  /** Cut-off of every ranking metric (Recall@k, NDCG@k) and the length of every list. */
  readonly k: number;
  readonly testFraction: number;
  readonly holdoutFraction: number;
  readonly minPlayedMultiplayer: number;
  readonly maxTestUsers: number | null;
  readonly groupSizes: number[];
  readonly groupsPerSize: number;
  readonly groupKinds: GroupKind[];
}

/** The data the run saw after the split. */
export interface EvaluationData {
  readonly catalogGames: number;
  readonly multiplayerGames: number;
  readonly users: number;
  readonly eligibleUsers: number;
  readonly trainUsers: number;
  readonly testUsers: number;
  /** Mean number of held-out games per test user. */
  readonly meanHeldOut: number;
  /** Mean within-group library cosine per group kind (a check that taste-similar groups are similar). */
  readonly groupSimilarity: Partial<Record<GroupKind, number>>;
}

/** Single-user quality of one model: 1-member groups, ownership "none", no other filter. */
export interface UserMetrics {
  readonly users: number;
  readonly recall: number;
  readonly ndcg: number;
  /** Share of the multiplayer pool that appears in at least one user's list. */
  readonly coverage: number;
  /** Mean share of training users owning a recommended game, over every list slot. */
  readonly meanPopularity: number;
}

/** One model as evaluated: how it was configured and its single-user figures. */
export interface ModelResult {
  readonly model: EvaluatedModel;
  /** CF's share in the hybrid blend (0 for content alone). */
  readonly cfWeight: number;
  readonly hyperparameters: Readonly<Record<string, unknown>>;
  readonly user: UserMetrics;
}

/** Group figures for one model × strategy × group kind × group size (or over all sizes and kinds). */
export interface GroupCell {
  readonly model: EvaluatedModel;
  readonly strategy: StrategyName;
  /** 'all' in summaries over both kinds. */
  readonly kind: GroupKind | 'all';
  /** null in summaries over every size. */
  readonly size: number | null;
  readonly groups: number;
  /** Mean over groups of the mean member NDCG@k. */
  readonly meanNdcg: number;
  /** Mean over groups of the worst member's NDCG@k. */
  readonly worstNdcg: number;
}

/** Everything one evaluation run measured; deterministic for a seed and the same data. */
export interface EvaluationReport {
  readonly protocol: EvaluationProtocol;
  readonly data: EvaluationData;
  readonly models: ModelResult[];
  readonly strategies: StrategyName[];
  /** Per model × strategy × kind × size. */
  readonly groups: GroupCell[];
  /** Per model × strategy × kind, over every size; kind 'all' pools both kinds. */
  readonly summary: GroupCell[];
}
