import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_CONFIG, type ModelConfig } from '../model/trainers.ts';
import { clusteredData } from './__fixtures__/clustered-data.ts';
import { evaluateModels, type EvaluationOptions } from './evaluate-models.ts';
import type { EvaluationReport } from './evaluation-report.ts';

// Small, fast models: the fixture has 80 multiplayer games in four clusters of 20.
const config: ModelConfig = {
  ...DEFAULT_MODEL_CONFIG,
  hyperparameters: {
    ...DEFAULT_MODEL_CONFIG.hyperparameters,
    ials: { factors: 8, iterations: 8, regularization: 0.5, cgSteps: 3 },
    ease: { lambda: 50 },
    itemknn: { neighbours: 20, similarity: 'cosine' },
  },
  cfWeight: { ials: 0.9, ease: 0.9, itemknn: 0.9, popularity: 0.9 },
  minUsersForCf: 2,
};
const data = clusteredData(300);
const options: EvaluationOptions = { seed: 3, config, groupSizes: [2, 3, 4], groupsPerSize: 6 };

describe('evaluateModels on taste clusters', () => {
  let report: EvaluationReport;
  it('runs every model and strategy', async () => {
    report = await evaluateModels(data, options);
    expect(report.models.map((m) => m.model)).toEqual(['ials', 'ease', 'itemknn', 'popularity', 'content']);
    expect(report.strategies).toEqual(['average', 'least_misery', 'average_without_misery', 'fair']);
    // 5 models × 4 strategies × 2 kinds × 3 sizes, and the same per kind and over both kinds.
    expect(report.groups).toHaveLength(5 * 4 * 2 * 3);
    expect(report.summary).toHaveLength(5 * 4 * 3);
    for (const cell of report.groups) expect(cell.groups).toBe(6);
  });

  it('splits users without overlap and holds out about a fifth of their multiplayer games', () => {
    expect(report.data.trainUsers + report.data.testUsers).toBe(300);
    expect(report.data.testUsers).toBe(Math.round(0.2 * report.data.eligibleUsers));
    // Every user plays 8 or 9 multiplayer games: round(0.2 · 8) = round(0.2 · 9) = 2.
    expect(report.data.meanHeldOut).toBe(2);
  });

  it('lets models that learn the clusters beat popularity clearly', () => {
    const ndcg = (model: string): number =>
      report.models.find((m) => m.model === model)?.user.ndcg ?? Number.NaN;
    for (const model of ['ials', 'ease', 'itemknn'])
      expect(ndcg(model)).toBeGreaterThan(1.5 * ndcg('popularity'));
    const groupMean = (model: string): number =>
      report.summary.find((c) => c.model === model && c.strategy === 'average' && c.kind === 'taste-similar')
        ?.meanNdcg ?? Number.NaN;
    expect(groupMean('itemknn')).toBeGreaterThan(1.5 * groupMean('popularity'));
  });

  it('keeps every metric in range and the worst member at or below the mean', () => {
    for (const m of report.models) {
      for (const v of [m.user.recall, m.user.ndcg, m.user.coverage, m.user.meanPopularity])
        expect(v >= 0 && v <= 1).toBe(true);
    }
    for (const cell of [...report.groups, ...report.summary]) {
      expect(cell.worstNdcg).toBeLessThanOrEqual(cell.meanNdcg + 1e-12);
      expect(cell.meanNdcg >= 0 && cell.meanNdcg <= 1).toBe(true);
    }
    expect(report.data.groupSimilarity['taste-similar']).toBeGreaterThan(
      report.data.groupSimilarity.random as number,
    );
  });

  it('gives the identical report for the same seed', async () => {
    const again = await evaluateModels(data, options);
    expect(again).toEqual(report);
  });

  it('evaluates a chosen subset and says when data are too few', async () => {
    const subset = await evaluateModels(data, { ...options, models: ['popularity'], strategies: ['fair'] });
    expect(subset.models.map((m) => m.model)).toEqual(['popularity']);
    expect(new Set(subset.groups.map((c) => c.strategy))).toEqual(new Set(['fair']));
    const tiny = clusteredData(12);
    await expect(evaluateModels(tiny, { ...options, groupSizes: [8] })).rejects.toMatchObject({
      code: 'NOT_ENOUGH_DATA',
    });
  });
});
