import { describe, expect, it } from 'vitest';
import { csrFromTriples } from '../core/csr.ts';
import { ALGORITHMS, DEFAULT_MODEL_CONFIG, makeTrainer, parseModelConfig } from './trainers.ts';
import tunedDefaults from './tuned-defaults.json' with { type: 'json' };

// 6 users × 5 items: users 0–2 play items 0–2, users 3–5 items 2–4.
const rows = [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5];
const cols = [0, 1, 1, 2, 0, 2, 2, 3, 3, 4, 2, 4];
const matrix = csrFromTriples(
  6,
  5,
  rows,
  cols,
  rows.map(() => 3),
);

describe('makeTrainer', () => {
  it.each(ALGORITHMS)('builds and fits %s', async (algorithm) => {
    // EASE leaves items with fewer than minUsersPerItem users unscored; every item of this matrix has ≤ 4.
    const params = {
      ials: { factors: 2, iterations: 2 },
      ease: { minUsersPerItem: 1 },
      itemknn: {},
      popularity: {},
    }[algorithm];
    const trainer = makeTrainer(algorithm, params);
    const model = await trainer.fit(matrix);
    expect(model.itemCount).toBe(5);
    const out = new Float32Array(5);
    model.scoreInto({ indices: Int32Array.of(0), values: Float32Array.of(3) }, out);
    expect(out.every(Number.isFinite)).toBe(true);
  });

  it('uses the tuned defaults unless told otherwise, and rejects unknown names and bad values', () => {
    expect(makeTrainer('itemknn').algorithm).toBe('item-knn');
    expect(() => makeTrainer('svd' as never)).toThrow(/unknown algorithm "svd"/);
    expect(() => makeTrainer('itemknn', { neighbours: 0 })).toThrow(RangeError);
  });
});

describe('DEFAULT_MODEL_CONFIG', () => {
  it('is the validated content of tuned-defaults.json', () => {
    expect(ALGORITHMS).toContain(DEFAULT_MODEL_CONFIG.algorithm);
    expect(DEFAULT_MODEL_CONFIG.cfWeight).toEqual(tunedDefaults.cfWeight);
    expect(DEFAULT_MODEL_CONFIG.hyperparameters.ials).toEqual(tunedDefaults.hyperparameters.ials);
    expect(parseModelConfig(JSON.parse(JSON.stringify(DEFAULT_MODEL_CONFIG)))).toEqual(DEFAULT_MODEL_CONFIG);
  });

  it('names the bad field of an invalid configuration', () => {
    const good = JSON.parse(JSON.stringify(tunedDefaults)) as Record<string, unknown>;
    expect(() => parseModelConfig({ ...good, algorithm: 'svd' })).toThrow(/algorithm must be one of/);
    expect(() => parseModelConfig({ ...good, cfWeight: 1.5 })).toThrow(/cfWeight must be in/);
    expect(() => parseModelConfig({ ...good, cfWeight: { ials: 0.5 } })).toThrow(
      /cfWeight\.ease must be a number/,
    );
    expect(parseModelConfig({ ...good, cfWeight: 0.25 }).cfWeight).toEqual({
      ials: 0.25,
      ease: 0.25,
      itemknn: 0.25,
      popularity: 0.25,
    });
    expect(() => parseModelConfig({ ...good, minUsersForCf: 0 })).toThrow(/minUsersForCf/);
    expect(() => parseModelConfig({ ...good, hyperparameters: { ease: { lamda: 3 } } })).toThrow(
      /ease\.lamda is not/,
    );
    expect(() => parseModelConfig({ ...good, confidence: { alpha: -1 } })).toThrow(/alpha/);
    expect(() => parseModelConfig({ ...good, matrix: { minItemsPerUser: 'two' } })).toThrow(
      /matrix\.minItemsPerUser/,
    );
    expect(() => parseModelConfig([])).toThrow(/JSON object/);
  });
});
