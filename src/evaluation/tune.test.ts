import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_CONFIG, parseModelConfig, type ModelConfig } from '../model/trainers.ts';
import { MULTIPLAYER_APPIDS, clusteredData } from './__fixtures__/clustered-data.ts';
import { splitLibraries } from './split-libraries.ts';
import { applyValues, currentValues, SEARCH_SPACES, tune, validationSplit } from './tune.ts';

const data = clusteredData(300);
const multiplayer = new Set(MULTIPLAYER_APPIDS);
const base: ModelConfig = {
  ...DEFAULT_MODEL_CONFIG,
  hyperparameters: {
    ...DEFAULT_MODEL_CONFIG.hyperparameters,
    itemknn: { neighbours: 5, similarity: 'cosine' },
  },
  cfWeight: { ...DEFAULT_MODEL_CONFIG.cfWeight, itemknn: 0.5 },
  minUsersForCf: 2,
};

describe('validationSplit', () => {
  it('never uses the evaluation test users, for validation or for training', () => {
    const evaluation = splitLibraries(data.libraries, multiplayer, { seed: 9 });
    const validation = validationSplit(data.libraries, multiplayer, {
      seed: 9,
      validationFraction: 0.25,
      maxValidationUsers: 600,
    });
    const testKeys = new Set(evaluation.test.map((u) => u.userKey));
    expect(validation.test.length).toBeGreaterThan(10);
    for (const u of validation.test) expect(testKeys.has(u.userKey)).toBe(false);
    for (const key of validation.train.keys()) expect(testKeys.has(key)).toBe(false);
    expect(validation.train.size + validation.test.length + testKeys.size).toBe(data.libraries.size);
  });
});

describe('tune', () => {
  it('starts from the current configuration, keeps the best trial and is deterministic', async () => {
    const seen: number[] = [];
    const result = await tune(data, {
      algorithm: 'itemknn',
      trials: 4,
      seed: 9,
      base,
      groupsPerSize: 3,
      onTrial: (t) => seen.push(t.trial),
    });
    expect(seen).toEqual([0, 1, 2, 3]);
    expect(result.trials[0]?.values).toEqual(currentValues('itemknn', base));
    expect(result.trials[0]?.values).toEqual({ neighbours: 5, cfWeight: 0.5 });
    const bestScore = Math.max(...result.trials.map((t) => t.groupNdcg));
    expect(result.best.groupNdcg).toBe(bestScore);
    for (const t of result.trials.slice(1)) {
      expect(t.values.neighbours).toBeGreaterThanOrEqual(10);
      expect(t.values.neighbours).toBeLessThanOrEqual(500);
      expect(t.values.cfWeight).toBeGreaterThanOrEqual(0.4);
    }
    expect(result.config.algorithm).toBe(base.algorithm);
    expect(result.config.cfWeight).toEqual({ ...base.cfWeight, itemknn: result.best.values.cfWeight });
    expect(result.config.hyperparameters.itemknn.neighbours).toBe(result.best.values.neighbours);
    // What tuning writes must load back as a configuration.
    expect(parseModelConfig(JSON.parse(JSON.stringify(result.config)))).toEqual(result.config);

    const again = await tune(data, { algorithm: 'itemknn', trials: 4, seed: 9, base, groupsPerSize: 3 });
    expect(again.trials).toEqual(result.trials);
    // Tuning again from the tuned configuration draws new candidates rather than replaying the same ones.
    const next = await tune(data, {
      algorithm: 'itemknn',
      trials: 2,
      seed: 9,
      base: result.config,
      groupsPerSize: 3,
    });
    expect(next.trials[0]?.values).toEqual(result.best.values);
    expect(next.trials[1]?.values).not.toEqual(result.trials[1]?.values);
  });

  it('maps alpha to the confidence transform and cfWeight to the blend', () => {
    const values = { factors: 16, regularization: 2, iterations: 7, alpha: 12, cfWeight: 0.7 };
    const config = applyValues('ials', base, values);
    expect(config.confidence.alpha).toBe(12);
    expect(config.cfWeight).toEqual({ ...base.cfWeight, ials: 0.7 });
    expect(config.hyperparameters.ials).toMatchObject({ factors: 16, regularization: 2, iterations: 7 });
    expect(config.hyperparameters.ials).not.toHaveProperty('alpha');
    expect(currentValues('ials', config)).toEqual(values);
    expect(Object.keys(SEARCH_SPACES.ials).sort()).toEqual(Object.keys(values).sort());
  });
});
