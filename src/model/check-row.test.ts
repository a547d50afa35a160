import { describe, expect, it } from 'vitest';
import { checkRow } from './check-row.ts';

describe('checkRow', () => {
  it('accepts in-range indices with finite confidences ≥ 0, including an empty row', () => {
    expect(() => checkRow({ indices: Int32Array.of(0, 4), values: Float32Array.of(1, 0) }, 5)).not.toThrow();
    expect(() => checkRow({ indices: new Int32Array(0), values: new Float32Array(0) }, 0)).not.toThrow();
  });

  it('names what is wrong with a bad row', () => {
    expect(() => checkRow({ indices: Int32Array.of(5), values: Float32Array.of(1) }, 5)).toThrow(
      /index 5 is outside/,
    );
    expect(() => checkRow({ indices: Int32Array.of(-1), values: Float32Array.of(1) }, 5)).toThrow(RangeError);
    expect(() => checkRow({ indices: Int32Array.of(1), values: Float32Array.of(-2) }, 5)).toThrow(/value -2/);
    expect(() => checkRow({ indices: Int32Array.of(1), values: Float32Array.of(Number.NaN) }, 5)).toThrow(
      RangeError,
    );
    expect(() => checkRow({ indices: Int32Array.of(1), values: Float32Array.of(Infinity) }, 5)).toThrow(
      RangeError,
    );
    expect(() => checkRow({ indices: Int32Array.of(1, 2), values: Float32Array.of(1) }, 5)).toThrow(
      /2 indices but 1 values/,
    );
  });
});
