import { describe, expect, it } from 'vitest';
import { isCoplayError } from '../errors.ts';
import { LOADABLE_ALGORITHMS, modelFromParts } from './model-from-parts.ts';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return isCoplayError(error) ? error.code : 'not a CoplayError';
  }
  return undefined;
}

describe('modelFromParts', () => {
  it('knows iALS and EASE', () => {
    expect(LOADABLE_ALGORITHMS).toEqual(expect.arrayContaining(['ials', 'ease']));
  });

  it('rebuilds an EASE model from well-formed parts', () => {
    const model = modelFromParts({
      algorithm: 'ease',
      params: { itemCount: 3, lambda: 1 },
      blocks: { items: Int32Array.of(0, 2), weights: Float32Array.of(0, 0.5, 0.25, 0) },
    });
    const out = new Float32Array(3);
    model.scoreInto({ indices: Int32Array.of(0), values: Float32Array.of(1) }, out);
    expect(Array.from(out)).toEqual([0, -Infinity, 0.5]);
  });

  it('reports unknown algorithms and inconsistent parts as ARTIFACT_CORRUPT', () => {
    expect(codeOf(() => modelFromParts({ algorithm: 'svd++', params: {}, blocks: {} }))).toBe(
      'ARTIFACT_CORRUPT',
    );
    expect(codeOf(() => modelFromParts({ algorithm: 'toString', params: {}, blocks: {} }))).toBe(
      'ARTIFACT_CORRUPT',
    );
    const badEase = {
      algorithm: 'ease',
      params: { itemCount: 3 },
      blocks: { items: Int32Array.of(0, 1), weights: new Float32Array(3) },
    };
    expect(codeOf(() => modelFromParts(badEase))).toBe('ARTIFACT_CORRUPT');
    const badIals = {
      algorithm: 'ials',
      params: { factors: 4, itemCount: 2 },
      blocks: { itemFactors: new Float32Array(7) },
    };
    expect(codeOf(() => modelFromParts(badIals))).toBe('ARTIFACT_CORRUPT');
  });
});
