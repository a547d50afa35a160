import { DEFAULT_CONFIDENCE, makeConfidence, type ConfidenceOptions } from './confidence.ts';
import { EaseTrainer, type EaseOptions } from './ease.ts';
import { IalsTrainer, type IalsOptions } from './ials.ts';
import type { InteractionMatrixOptions } from './interaction-matrix.ts';
import { ItemKnnTrainer, type ItemKnnOptions } from './item-knn.ts';
import { PopularityTrainer, type PopularityWeighting } from './popularity.ts';
import type { Trainer } from './recommender.ts';
import tunedDefaults from './tuned-defaults.json' with { type: 'json' };

/** The collaborative trainers Coplay can serve, by registry name. */
export const ALGORITHMS = ['ials', 'ease', 'itemknn', 'popularity'] as const;
export type Algorithm = (typeof ALGORITHMS)[number];

/** Each algorithm's hyperparameters, as its trainer takes them. */
export interface AlgorithmParams {
  ials: IalsOptions;
  ease: EaseOptions;
  itemknn: ItemKnnOptions;
  popularity: { readonly weighting?: PopularityWeighting };
}

/**
 * Everything that decides what model gets served: which CF algorithm, every algorithm's hyperparameters
 * and CF/content blend (so switching algorithm keeps tuned values; the best blend depends on how good the
 * CF model is), the confidence transform and the matrix cleaning, which all algorithms share.
 * `coplay tune` rewrites tuned-defaults.json, which DEFAULT_MODEL_CONFIG is read from.
 */
export interface ModelConfig {
  readonly algorithm: Algorithm;
  readonly hyperparameters: { readonly [A in Algorithm]: AlgorithmParams[A] };
  /** Per algorithm, CF's share of the hybrid blend with content, in [0, 1]. */
  readonly cfWeight: { readonly [A in Algorithm]: number };
  /** Catalog games with fewer training players than this are scored by content alone. */
  readonly minUsersForCf: number;
  readonly confidence: ConfidenceOptions;
  readonly matrix: Omit<InteractionMatrixOptions, 'confidence'>;
  /** How each algorithm was last tuned, keyed by algorithm (null for hand-set defaults). */
  readonly tuning: Readonly<Record<string, unknown>> | null;
}

/** The option names each trainer understands; anything else in a configuration is a mistake. */
const KNOWN_PARAMS: { readonly [A in Algorithm]: readonly string[] } = {
  ials: [
    'factors',
    'iterations',
    'regularization',
    'regularizationExponent',
    'unobservedWeight',
    'cgSteps',
    'seed',
    'initScale',
    'threads',
  ],
  ease: ['lambda', 'minUsersPerItem', 'maxItems', 'weighting'],
  itemknn: ['neighbours', 'similarity', 'bm25K1', 'bm25B'],
  popularity: ['weighting'],
};
const MATRIX_KEYS = ['minItemsPerUser', 'minUsersPerItem', 'maxUserMinutes', 'maxMinutesPerGame'] as const;

/** Whether a string names a registered algorithm. */
export function isAlgorithm(name: string): name is Algorithm {
  return (ALGORITHMS as readonly string[]).includes(name);
}

/**
 * A trainer for a registered algorithm. `params` override the tuned defaults of DEFAULT_MODEL_CONFIG key
 * by key; the trainer validates values and throws RangeError on bad ones.
 */
export function makeTrainer<A extends Algorithm>(algorithm: A, params?: AlgorithmParams[A]): Trainer {
  if (!isAlgorithm(algorithm))
    throw new RangeError(`unknown algorithm "${String(algorithm)}"; known: ${ALGORITHMS.join(', ')}`);
  return build(algorithm, { ...DEFAULT_MODEL_CONFIG.hyperparameters[algorithm], ...params });
}

function build(algorithm: Algorithm, params: Record<string, unknown>): Trainer {
  switch (algorithm) {
    case 'ials':
      return new IalsTrainer(params as IalsOptions);
    case 'ease':
      return new EaseTrainer(params as EaseOptions);
    case 'itemknn':
      return new ItemKnnTrainer(params as ItemKnnOptions);
    case 'popularity':
      return new PopularityTrainer(params as AlgorithmParams['popularity']);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function finite(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new RangeError(`${path} must be a number, got ${JSON.stringify(value)}`);
  return value;
}

/**
 * Validates a JSON value (e.g. tuned-defaults.json) as a ModelConfig: every algorithm's parameters must be
 * known option names that its trainer accepts, the blend in [0, 1], the rest valid for their builders.
 * Throws RangeError naming the offending field.
 */
export function parseModelConfig(value: unknown): ModelConfig {
  if (!isRecord(value)) throw new RangeError('a model configuration must be a JSON object');
  const algorithm = value.algorithm;
  if (typeof algorithm !== 'string' || !isAlgorithm(algorithm)) {
    throw new RangeError(
      `algorithm must be one of ${ALGORITHMS.join(', ')}, got ${JSON.stringify(algorithm)}`,
    );
  }
  const given = isRecord(value.hyperparameters) ? value.hyperparameters : {};
  const hyperparameters = {} as Record<Algorithm, Record<string, unknown>>;
  for (const name of ALGORITHMS) {
    const params = given[name] ?? {};
    if (!isRecord(params)) throw new RangeError(`hyperparameters.${name} must be an object`);
    for (const key of Object.keys(params)) {
      if (!KNOWN_PARAMS[name].includes(key))
        throw new RangeError(`hyperparameters.${name}.${key} is not a ${name} option`);
    }
    build(name, params);
    hyperparameters[name] = { ...params };
  }
  // One number applies to every algorithm; an object gives each its own.
  const weights = value.cfWeight;
  const cfWeight = {} as Record<Algorithm, number>;
  for (const name of ALGORITHMS) {
    const path = typeof weights === 'number' ? 'cfWeight' : `cfWeight.${name}`;
    const w = finite(
      typeof weights === 'number' ? weights : isRecord(weights) ? weights[name] : undefined,
      path,
    );
    if (w < 0 || w > 1) throw new RangeError(`${path} must be in [0, 1], got ${w}`);
    cfWeight[name] = w;
  }
  const minUsersForCf = finite(value.minUsersForCf, 'minUsersForCf');
  if (!Number.isInteger(minUsersForCf) || minUsersForCf < 1)
    throw new RangeError(`minUsersForCf must be an integer ≥ 1, got ${minUsersForCf}`);
  const confidenceIn = isRecord(value.confidence) ? value.confidence : {};
  const confidence: ConfidenceOptions = {
    alpha: finite(confidenceIn.alpha ?? DEFAULT_CONFIDENCE.alpha, 'confidence.alpha'),
    epsilonMinutes: finite(
      confidenceIn.epsilonMinutes ?? DEFAULT_CONFIDENCE.epsilonMinutes,
      'confidence.epsilonMinutes',
    ),
    ownedWeight: finite(confidenceIn.ownedWeight ?? DEFAULT_CONFIDENCE.ownedWeight, 'confidence.ownedWeight'),
  };
  makeConfidence(confidence);
  const matrixIn = isRecord(value.matrix) ? value.matrix : {};
  const matrix: Record<string, number> = {};
  for (const key of MATRIX_KEYS) {
    if (matrixIn[key] === undefined) continue;
    const n = finite(matrixIn[key], `matrix.${key}`);
    if (!(n > 0)) throw new RangeError(`matrix.${key} must be > 0, got ${n}`);
    matrix[key] = n;
  }
  const tuning =
    value.tuning === undefined || value.tuning === null ? null : isRecord(value.tuning) ? value.tuning : null;
  return {
    algorithm,
    hyperparameters: hyperparameters as unknown as ModelConfig['hyperparameters'],
    cfWeight,
    minUsersForCf,
    confidence,
    matrix,
    tuning,
  };
}

/** The configuration `coplay tune` last wrote (src/model/tuned-defaults.json), validated at load. */
export const DEFAULT_MODEL_CONFIG: ModelConfig = parseModelConfig(tunedDefaults);
