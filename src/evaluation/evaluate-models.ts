import type { Game } from '../catalog/game.ts';
import { CoplayError } from '../errors.ts';
import {
  STRATEGY_NAMES,
  type AggregationStrategy,
  type StrategyName,
} from '../group/aggregation-strategy.ts';
import { fitGroupModel } from '../group/fit-group-model.ts';
import { STRATEGIES } from '../group/strategies.ts';
import type { LibraryEntry } from '../model/confidence.ts';
import { DEFAULT_MODEL_CONFIG, type ModelConfig } from '../model/trainers.ts';
import {
  EVALUATED_MODELS,
  type EvaluatedModel,
  type EvaluationReport,
  type GroupCell,
  type ModelResult,
} from './evaluation-report.ts';
import { groupModelSpec, reportedHyperparameters } from './group-model-spec.ts';
import { MemoisedRecommender } from './memoised-recommender.ts';
import { scoreGroups, type GroupScore } from './score-groups.ts';
import { scoreUsers } from './score-users.ts';
import { splitLibraries, type LibrarySplitOptions } from './split-libraries.ts';
import {
  buildSyntheticGroups,
  GROUP_KINDS,
  LibrarySimilarity,
  type GroupKind,
  type SyntheticGroup,
} from './synthetic-groups.ts';

/** Progress of a long evaluation: `phase` names the model and step, e.g. "ials: groups". */
export type EvaluationProgressListener = (event: { phase: string; done: number; total: number }) => void;

export interface EvaluationOptions extends Omit<LibrarySplitOptions, 'seed'> {
  readonly seed: number;
  readonly models?: readonly EvaluatedModel[];
  readonly strategies?: readonly StrategyName[];
  /** Replaces a strategy's default parameters (e.g. a tuned fair); results keep the strategy's name. */
  readonly strategyOverrides?: Partial<Record<StrategyName, AggregationStrategy>>;
  readonly groupsPerSize?: number;
  readonly groupSizes?: readonly number[];
  readonly groupKinds?: readonly GroupKind[];
  readonly k?: number;
  readonly config?: ModelConfig;
  readonly onProgress?: EvaluationProgressListener;
}

/** Default groups per size and kind: 4 models × 4 strategies over the bundled data in about a minute or two. */
export const DEFAULT_GROUPS_PER_SIZE = 20;

/** Seeds of the sub-steps, derived from the run's seed so one number reproduces everything. */
export const SEED_OFFSETS = { groups: 1, training: 2, validation: 3, search: 4 } as const;

/**
 * The offline protocol (see splitLibraries and buildSyntheticGroups for the split and the groups): every
 * model is fitted once on the training users through fitGroupModel, exactly as it would be served, then
 * - each test user, as a 1-member group, gets a top-k list scored by Recall@k and NDCG@k against their
 *   held-out multiplayer games, plus catalog coverage and mean popularity over all lists;
 * - each synthetic group of test users gets a top-k list per strategy, scored per member by NDCG@k, and
 *   the mean member and worst member NDCG are averaged per model × strategy × kind × size.
 * Pure and deterministic for a seed (trainers are seeded from it too).
 */
export async function evaluateModels(
  data: { games: readonly Game[]; libraries: ReadonlyMap<string, readonly LibraryEntry[]> },
  options: EvaluationOptions,
): Promise<EvaluationReport> {
  const { seed, k = 20, groupsPerSize = DEFAULT_GROUPS_PER_SIZE, onProgress } = options;
  const models = options.models ?? EVALUATED_MODELS;
  const strategyNames = options.strategies ?? STRATEGY_NAMES;
  const groupSizes = options.groupSizes ?? [2, 3, 4, 5, 6, 7, 8];
  const groupKinds = options.groupKinds ?? GROUP_KINDS;
  const config = options.config ?? DEFAULT_MODEL_CONFIG;
  const strategies = strategyNames.map((name) => options.strategyOverrides?.[name] ?? STRATEGIES[name]);
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be an integer ≥ 1, got ${k}`);

  const multiplayer = new Set(data.games.filter((g) => g.multiplayer.isMultiplayer).map((g) => g.appid));
  const split = splitLibraries(data.libraries, multiplayer, { ...options, seed });
  const maxSize = Math.max(1, ...groupSizes);
  if (split.test.length < maxSize || split.train.size < 2) {
    throw new CoplayError(
      'NOT_ENOUGH_DATA',
      `the evaluation needs at least ${maxSize} test users and 2 training users; the split gave ${split.test.length} test ` +
        `and ${split.train.size} training users (${split.eligibleUsers} users have ≥ ${options.minPlayedMultiplayer ?? 5} played multiplayer games)`,
    );
  }
  const foldInAppids = split.test.map((u) => u.foldIn.map((e) => e.appid));
  const groups = buildSyntheticGroups(foldInAppids, {
    seed: seed + SEED_OFFSETS.groups,
    sizes: groupSizes,
    groupsPerSize,
    kinds: groupKinds,
  });
  const similarity = new LibrarySimilarity(foldInAppids);
  const popularityByAppid = ownershipShares(split.train);

  const results: ModelResult[] = [];
  const scores = new Map<EvaluatedModel, GroupScore[]>();
  for (const model of models) {
    const fitted = await fitGroupModel(
      { games: data.games, libraries: split.train },
      groupModelSpec(model, config, seed + SEED_OFFSETS.training),
      (e) => onProgress?.({ phase: `${model}: fit`, done: e.step, total: e.total }),
    );
    const served = { ...fitted, model: new MemoisedRecommender(fitted.model) };
    const popularity = Float64Array.from(served.catalog.appids, (appid) => popularityByAppid.get(appid) ?? 0);
    const user = scoreUsers(served, split.test, {
      k,
      popularity,
      onUser: (done) => onProgress?.({ phase: `${model}: users`, done, total: split.test.length }),
    });
    results.push({
      model,
      cfWeight: model === 'content' ? 0 : config.cfWeight[model],
      hyperparameters: reportedHyperparameters(model, config),
      user,
    });
    scores.set(
      model,
      scoreGroups(served, split.test, groups, strategies, {
        k,
        onGroup: (done) => onProgress?.({ phase: `${model}: groups`, done, total: groups.length }),
      }),
    );
  }

  const groupSimilarity: Partial<Record<GroupKind, number>> = {};
  for (const kind of groupKinds) {
    const ofKind = groups.filter((g) => g.kind === kind);
    groupSimilarity[kind] =
      ofKind.reduce((sum, g) => sum + similarity.meanPairwise(g.members), 0) / Math.max(1, ofKind.length);
  }
  const users = data.libraries.size;
  return {
    protocol: {
      seed,
      k,
      testFraction: options.testFraction ?? 0.2,
      holdoutFraction: options.holdoutFraction ?? 0.2,
      minPlayedMultiplayer: options.minPlayedMultiplayer ?? 5,
      maxTestUsers:
        options.maxTestUsers === undefined || options.maxTestUsers === Infinity ? null : options.maxTestUsers,
      groupSizes: [...groupSizes],
      groupsPerSize,
      groupKinds: [...groupKinds],
    },
    data: {
      catalogGames: data.games.length,
      multiplayerGames: multiplayer.size,
      users,
      eligibleUsers: split.eligibleUsers,
      trainUsers: split.train.size,
      testUsers: split.test.length,
      meanHeldOut: split.test.reduce((sum, u) => sum + u.heldOut.length, 0) / split.test.length,
      groupSimilarity,
    },
    models: results,
    strategies: strategies.map((s) => s.name),
    ...aggregateGroupScores(scores, groups),
  };
}

/** Averages per-group scores into cells per model × strategy × kind × size, and summaries over sizes. */
function aggregateGroupScores(
  scores: ReadonlyMap<EvaluatedModel, GroupScore[]>,
  groups: readonly SyntheticGroup[],
): { groups: GroupCell[]; summary: GroupCell[] } {
  const cells = new Map<
    string,
    { cell: Omit<GroupCell, 'groups' | 'meanNdcg' | 'worstNdcg'>; n: number; mean: number; worst: number }
  >();
  const add = (cell: Omit<GroupCell, 'groups' | 'meanNdcg' | 'worstNdcg'>, score: GroupScore): void => {
    const key = `${cell.model}|${cell.strategy}|${cell.kind}|${cell.size}`;
    let entry = cells.get(key);
    if (!entry) cells.set(key, (entry = { cell, n: 0, mean: 0, worst: 0 }));
    entry.n++;
    entry.mean += score.meanNdcg;
    entry.worst += score.worstNdcg;
  };
  for (const [model, list] of scores) {
    for (const score of list) {
      const { kind, size } = groups[score.group] as SyntheticGroup;
      const strategy = score.strategy;
      add({ model, strategy, kind, size }, score);
      add({ model, strategy, kind, size: null }, score);
      add({ model, strategy, kind: 'all', size: null }, score);
    }
  }
  const bySize: GroupCell[] = [];
  const summary: GroupCell[] = [];
  for (const { cell, n, mean, worst } of cells.values()) {
    const full: GroupCell = { ...cell, groups: n, meanNdcg: mean / n, worstNdcg: worst / n };
    (cell.size === null ? summary : bySize).push(full);
  }
  return { groups: bySize, summary };
}

/** Each appid's share of the training users whose library holds it. */
function ownershipShares(libraries: ReadonlyMap<string, readonly LibraryEntry[]>): Map<number, number> {
  const counts = new Map<number, number>();
  for (const library of libraries.values())
    for (const { appid } of library) counts.set(appid, (counts.get(appid) ?? 0) + 1);
  const shares = new Map<number, number>();
  for (const [appid, n] of counts) shares.set(appid, n / Math.max(1, libraries.size));
  return shares;
}
