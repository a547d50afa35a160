import type { GroupModelSpec } from '../group/fit-group-model.ts';
import { makeTrainer, type ModelConfig } from '../model/trainers.ts';
import type { EvaluatedModel } from './evaluation-report.ts';

/**
 * The served-model spec for one evaluated model under a configuration: a CF trainer with its
 * hyperparameters from the configuration, blended with content at that algorithm's cfWeight.
 * `content` is the same hybrid with cfWeight 0 (the CF half, a popularity fit, then weighs nothing).
 * `seed` reaches trainers that draw random numbers (iALS's initial factors).
 */
export function groupModelSpec(model: EvaluatedModel, config: ModelConfig, seed?: number): GroupModelSpec {
  const cf =
    model === 'content'
      ? makeTrainer('popularity')
      : model === 'ials' && seed !== undefined
        ? makeTrainer('ials', { ...config.hyperparameters.ials, seed })
        : makeTrainer(model, config.hyperparameters[model]);
  return {
    cf,
    cfWeight: model === 'content' ? 0 : config.cfWeight[model],
    confidence: config.confidence,
    matrix: config.matrix,
    minUsersForCf: config.minUsersForCf,
  };
}

/** The hyperparameters a report lists for a model (content has none of its own). */
export function reportedHyperparameters(model: EvaluatedModel, config: ModelConfig): Record<string, unknown> {
  return model === 'content' ? {} : { ...config.hyperparameters[model] };
}
