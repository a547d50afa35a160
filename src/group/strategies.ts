import type { AggregationStrategy, StrategyName } from './aggregation-strategy.ts';
import { average } from './average.ts';
import { averageWithoutMisery } from './average-without-misery.ts';
import { fair } from './fair.ts';
import { leastMisery } from './least-misery.ts';

/** Every strategy by name, with its default parameters; the explicit map is the registry. */
export const STRATEGIES: Readonly<Record<StrategyName, AggregationStrategy>> = Object.freeze({
  average,
  least_misery: leastMisery,
  average_without_misery: averageWithoutMisery(),
  fair: fair(),
});

export const DEFAULT_STRATEGY: StrategyName = 'fair';
