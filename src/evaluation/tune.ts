import type { Game } from '../catalog/game.ts';
import { Random } from '../core/random.ts';
import { CoplayError } from '../errors.ts';
import { fitGroupModel } from '../group/fit-group-model.ts';
import { DEFAULT_STRATEGY, STRATEGIES } from '../group/strategies.ts';
import type { LibraryEntry } from '../model/confidence.ts';
import { DEFAULT_MODEL_CONFIG, type Algorithm, type ModelConfig } from '../model/trainers.ts';
import { SEED_OFFSETS } from './evaluate-models.ts';
import { groupModelSpec } from './group-model-spec.ts';
import { MemoisedRecommender } from './memoised-recommender.ts';
import { scoreGroups } from './score-groups.ts';
import { scoreUsers } from './score-users.ts';
import { splitLibraries, type LibrarySplit, type LibrarySplitOptions } from './split-libraries.ts';
import { buildSyntheticGroups } from './synthetic-groups.ts';

/** One dimension of a search space: a value drawn from a seeded stream. */
type Draw = (random: Random) => number;

const logUniform =
  (lo: number, hi: number): Draw =>
  (r) =>
    Number(Math.exp(Math.log(lo) + r.next() * Math.log(hi / lo)).toPrecision(3));
const uniform =
  (lo: number, hi: number): Draw =>
  (r) =>
    Number((lo + r.next() * (hi - lo)).toFixed(2));
const integer =
  (lo: number, hi: number): Draw =>
  (r) =>
    lo + r.nextInt(hi - lo + 1);
const logInteger =
  (lo: number, hi: number): Draw =>
  (r) =>
    Math.round(Math.exp(Math.log(lo) + r.next() * Math.log(hi / lo)));
const choice =
  (values: readonly number[]): Draw =>
  (r) =>
    values[r.nextInt(values.length)] as number;

/**
 * The bounded search space per algorithm. Keys are trainer options, except `cfWeight` (the algorithm's
 * hybrid blend) and `alpha` (the confidence scale: shared by every algorithm, it is tuned with iALS, whose
 * loss it weighs; EASE's default binary weighting ignores it). Ranges span the
 * values the literature reports for implicit playtime data, log-scaled where the effect is multiplicative.
 */
export const SEARCH_SPACES: { readonly [A in Algorithm]: Readonly<Record<string, Draw>> } = {
  ials: {
    factors: choice([16, 32, 48, 64, 96, 128]),
    regularization: logUniform(0.01, 30),
    iterations: integer(6, 20),
    alpha: logUniform(1, 40),
    cfWeight: uniform(0.4, 1),
  },
  ease: { lambda: logUniform(10, 10_000), cfWeight: uniform(0.4, 1) },
  itemknn: { neighbours: logInteger(10, 500), cfWeight: uniform(0.4, 1) },
  popularity: { cfWeight: uniform(0.4, 1) },
};

/** One trial: the values tried and what they scored on the validation users. */
export interface TrialResult {
  readonly trial: number;
  readonly values: Readonly<Record<string, number>>;
  /** Single-user NDCG@k and Recall@k of the validation users. */
  readonly ndcg: number;
  readonly recall: number;
  /** Mean-member NDCG@k of the validation groups under the served strategy: the objective. */
  readonly groupNdcg: number;
}

export interface TuneOptions extends Omit<LibrarySplitOptions, 'seed' | 'maxTestUsers'> {
  readonly algorithm: Algorithm;
  readonly trials: number;
  /** Use the evaluation's seed: its test users are then exactly the ones tuning never sees. */
  readonly seed: number;
  readonly base?: ModelConfig;
  /** Share of the (non-test) eligible users used for validation; default 0.25. */
  readonly validationFraction?: number;
  /** Cap on validation users, to bound a trial's runtime; default 600. */
  readonly maxValidationUsers?: number;
  /** Validation groups per size (2–8) and kind; default 10. */
  readonly groupsPerSize?: number;
  readonly k?: number;
  readonly onTrial?: (trial: TrialResult) => void;
}

export interface TuneResult {
  readonly trials: TrialResult[];
  readonly best: TrialResult;
  /** The base configuration with the best trial's values applied to `algorithm`. */
  readonly config: ModelConfig;
  readonly trainUsers: number;
  readonly validationUsers: number;
}

/** The values of `base` that the search space of `algorithm` varies: trial 0, so tuning never loses ground. */
export function currentValues(algorithm: Algorithm, base: ModelConfig): Record<string, number> {
  const params = base.hyperparameters[algorithm] as Record<string, unknown>;
  const values: Record<string, number> = {};
  for (const key of Object.keys(SEARCH_SPACES[algorithm])) {
    const value =
      key === 'cfWeight' ? base.cfWeight[algorithm] : key === 'alpha' ? base.confidence.alpha : params[key];
    if (typeof value === 'number') values[key] = value;
  }
  return values;
}

/** `base` with a trial's values applied to `algorithm`'s parameters (the served algorithm is left as is). */
export function applyValues(
  algorithm: Algorithm,
  base: ModelConfig,
  values: Readonly<Record<string, number>>,
): ModelConfig {
  const { cfWeight, alpha, ...params } = values;
  return {
    ...base,
    hyperparameters: {
      ...base.hyperparameters,
      [algorithm]: { ...base.hyperparameters[algorithm], ...params },
    },
    cfWeight: { ...base.cfWeight, [algorithm]: cfWeight ?? base.cfWeight[algorithm] },
    confidence: { ...base.confidence, alpha: alpha ?? base.confidence.alpha },
  };
}

/**
 * The tuning split: first the evaluation's own split (same seed and options) so that its test users are
 * set aside untouched, then, among the remaining users, a validation split drawn the same way.
 */
export function validationSplit(
  libraries: ReadonlyMap<string, readonly LibraryEntry[]>,
  multiplayer: ReadonlySet<number>,
  options: Omit<LibrarySplitOptions, 'maxTestUsers'> & {
    validationFraction: number;
    maxValidationUsers: number;
  },
): LibrarySplit {
  const { seed, testFraction, holdoutFraction, minPlayedMultiplayer } = options;
  const outer = splitLibraries(libraries, multiplayer, {
    seed,
    testFraction,
    holdoutFraction,
    minPlayedMultiplayer,
  });
  return splitLibraries(outer.train, multiplayer, {
    seed: seed + SEED_OFFSETS.validation,
    testFraction: options.validationFraction,
    holdoutFraction,
    minPlayedMultiplayer,
    maxTestUsers: options.maxValidationUsers,
  });
}

/**
 * Bounded random search on a validation split. The evaluation's test users (same seed, same split
 * options) are removed first and never touched; from the remaining users a validation set is split off the
 * same way (fold-in / held-out multiplayer games), models are fitted on the rest, and each trial is scored
 * through the group path on synthetic groups of validation users (sizes 2–8, random and taste-similar):
 * the objective is their mean-member NDCG@k under the served strategy, the figure the product is judged
 * by; single-user NDCG and Recall are reported beside it. Trial 0 is the base configuration; trials 1…
 * draw every dimension of SEARCH_SPACES[algorithm] from a stream seeded by the seed and the starting values.
 * Deterministic for a seed and a starting configuration.
 */
export async function tune(
  data: { games: readonly Game[]; libraries: ReadonlyMap<string, readonly LibraryEntry[]> },
  options: TuneOptions,
): Promise<TuneResult> {
  const {
    algorithm,
    trials,
    seed,
    k = 20,
    validationFraction = 0.25,
    maxValidationUsers = 600,
    groupsPerSize = 10,
    onTrial,
  } = options;
  const base = options.base ?? DEFAULT_MODEL_CONFIG;
  if (!Number.isInteger(trials) || trials < 1)
    throw new RangeError(`trials must be an integer ≥ 1, got ${trials}`);
  const multiplayer = new Set(data.games.filter((g) => g.multiplayer.isMultiplayer).map((g) => g.appid));
  const inner = validationSplit(data.libraries, multiplayer, {
    ...options,
    validationFraction,
    maxValidationUsers,
  });
  if (inner.test.length < 8 || inner.train.size < 2) {
    throw new CoplayError(
      'NOT_ENOUGH_DATA',
      `tuning needs at least 8 validation users; the split gave ${inner.test.length} validation and ${inner.train.size} training users`,
    );
  }
  const groups = buildSyntheticGroups(
    inner.test.map((u) => u.foldIn.map((e) => e.appid)),
    { seed: seed + SEED_OFFSETS.validation + SEED_OFFSETS.groups, groupsPerSize },
  );
  const strategy = STRATEGIES[DEFAULT_STRATEGY];
  // The search stream also depends on the starting values, so tuning again from a tuned configuration
  // tries new candidates instead of replaying the same draws.
  const start = currentValues(algorithm, base);
  const random = new Random((seed + SEED_OFFSETS.search + fnv1a(JSON.stringify(start))) | 0);
  const results: TrialResult[] = [];
  let best: TrialResult | undefined;
  for (let trial = 0; trial < trials; trial++) {
    const values =
      trial === 0
        ? start
        : Object.fromEntries(
            Object.entries(SEARCH_SPACES[algorithm]).map(([key, draw]) => [key, draw(random)]),
          );
    const config = applyValues(algorithm, base, values);
    const fitted = await fitGroupModel(
      { games: data.games, libraries: inner.train },
      groupModelSpec(algorithm, config, seed + SEED_OFFSETS.training),
    );
    const served = { ...fitted, model: new MemoisedRecommender(fitted.model) };
    // Popularity only feeds the report's mean-popularity figure, which tuning does not use.
    const metrics = scoreUsers(served, inner.test, { k, popularity: new Float64Array(fitted.catalog.size) });
    const groupScores = scoreGroups(served, inner.test, groups, [strategy], { k });
    const groupNdcg = groupScores.reduce((sum, g) => sum + g.meanNdcg, 0) / Math.max(1, groupScores.length);
    const result: TrialResult = { trial, values, ndcg: metrics.ndcg, recall: metrics.recall, groupNdcg };
    results.push(result);
    onTrial?.(result);
    if (best === undefined || result.groupNdcg > best.groupNdcg) best = result;
  }
  const winner = best as TrialResult;
  return {
    trials: results,
    best: winner,
    config: applyValues(algorithm, base, winner.values),
    trainUsers: inner.train.size,
    validationUsers: inner.test.length,
  };
}

/** 32-bit FNV-1a hash of a string. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
