import type { StrategyName } from '../group/aggregation-strategy.ts';
import { DEFAULT_STRATEGY } from '../group/strategies.ts';
import type { EvaluatedModel, EvaluationReport, GroupCell } from './evaluation-report.ts';

/** The targets: the best model's group NDCG lift over popularity, and fair's mean-NDCG tolerance. */
export const TARGETS = { popularityLift: 0.3, fairMeanTolerance: 0.05 } as const;

/** Fair against average for one model, over every group (both kinds, every size). */
export interface FairComparison {
  readonly model: EvaluatedModel;
  readonly averageMean: number;
  readonly averageWorst: number;
  readonly fairMean: number;
  readonly fairWorst: number;
  /** fairMean / averageMean. */
  readonly meanRatio: number;
  /** Fair raises the worst member's NDCG and keeps the mean within the tolerance of average's. */
  readonly meetsTarget: boolean;
}

/** What a reader wants from a report first: which model and strategy win, and whether the targets hold. */
export interface EvaluationFindings {
  /** The strategy models are compared under: the served default when evaluated, else the first one. */
  readonly comparisonStrategy: StrategyName;
  /** Models by group mean-member NDCG under the comparison strategy, best first. */
  readonly ranking: GroupCell[];
  readonly bestModel: EvaluatedModel | null;
  /** Best model's strategies by mean-member NDCG, best first. */
  readonly strategiesByMean: GroupCell[];
  /** Best model's strategies by worst-member NDCG, best first. */
  readonly strategiesByWorst: GroupCell[];
  /** bestModel's mean NDCG / popularity's − 1 (null without popularity or when popularity is best). */
  readonly popularityLift: number | null;
  readonly fair: FairComparison | null;
}

/** Reads the headline results out of a report. */
export function evaluationFindings(report: EvaluationReport): EvaluationFindings {
  const comparisonStrategy = report.strategies.includes(DEFAULT_STRATEGY)
    ? DEFAULT_STRATEGY
    : (report.strategies[0] ?? DEFAULT_STRATEGY);
  const overall = report.summary.filter((c) => c.kind === 'all');
  const cell = (model: EvaluatedModel, strategy: StrategyName): GroupCell | undefined =>
    overall.find((c) => c.model === model && c.strategy === strategy);
  const ranking = overall
    .filter((c) => c.strategy === comparisonStrategy)
    .sort((a, b) => b.meanNdcg - a.meanNdcg);
  const bestModel = ranking[0]?.model ?? null;
  const ofBest = overall.filter((c) => c.model === bestModel);
  const popularity = cell('popularity', comparisonStrategy);
  const best = ranking[0];
  const popularityLift =
    best && popularity && best.model !== 'popularity' && popularity.meanNdcg > 0
      ? best.meanNdcg / popularity.meanNdcg - 1
      : null;
  let fair: FairComparison | null = null;
  const average = bestModel === null ? undefined : cell(bestModel, 'average');
  const fairCell = bestModel === null ? undefined : cell(bestModel, 'fair');
  if (bestModel !== null && average && fairCell) {
    const meanRatio = average.meanNdcg > 0 ? fairCell.meanNdcg / average.meanNdcg : Number.NaN;
    fair = {
      model: bestModel,
      averageMean: average.meanNdcg,
      averageWorst: average.worstNdcg,
      fairMean: fairCell.meanNdcg,
      fairWorst: fairCell.worstNdcg,
      meanRatio,
      meetsTarget: fairCell.worstNdcg > average.worstNdcg && meanRatio >= 1 - TARGETS.fairMeanTolerance,
    };
  }
  return {
    comparisonStrategy,
    ranking,
    bestModel,
    strategiesByMean: [...ofBest].sort((a, b) => b.meanNdcg - a.meanNdcg),
    strategiesByWorst: [...ofBest].sort((a, b) => b.worstNdcg - a.worstNdcg),
    popularityLift,
    fair,
  };
}
