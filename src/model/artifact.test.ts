import { describe, expect, it } from 'vitest';
import { isCoplayError } from '../errors.ts';
import { decodeArtifact, encodeArtifact } from './artifact.ts';
import type { ArtifactMeta } from './artifact.ts';
import type { ModelParts } from './recommender.ts';

const parts: ModelParts = {
  algorithm: 'test-model',
  params: { factors: 3, regularization: 0.1, nested: { list: [1, 'two', null, true] } },
  blocks: {
    itemFactors: Float32Array.from({ length: 15 }, (_, i) => i / 7 - 1),
    order: Int32Array.of(4, -2, 2147483647),
    odd: Float32Array.of(1.5),
  },
};

const meta: ArtifactMeta = {
  version: 7,
  createdAt: '2026-03-01T12:00:00.000Z',
  dataSnapshotId: 'snap-2026-03-01',
  codeVersion: '0.1.0+abc123',
  hyperparameters: { alpha: 5, iterations: 15 },
  metrics: { ndcg10: 0.25 },
  itemIds: [730, 570, 440, 1172470, 252490],
};

function expectCorrupt(bytes: Uint8Array, message: RegExp): void {
  try {
    decodeArtifact(bytes);
  } catch (error) {
    expect(isCoplayError(error) && error.code).toBe('ARTIFACT_CORRUPT');
    expect((error as Error).message).toMatch(message);
    return;
  }
  throw new Error('decodeArtifact accepted a damaged artifact');
}

describe('model artifact', () => {
  it('round-trips parts, params and metadata', () => {
    const { manifest, parts: decoded } = decodeArtifact(encodeArtifact(parts, meta));
    expect(decoded.algorithm).toBe('test-model');
    expect(decoded.params).toEqual(parts.params);
    expect(decoded.blocks).toEqual(parts.blocks);
    expect(decoded.blocks.order).toBeInstanceOf(Int32Array);
    const { itemIds, ...rest } = manifest.meta;
    expect(Array.from(itemIds ?? [])).toEqual(meta.itemIds);
    expect(rest).toEqual({ ...meta, itemIds: undefined, metrics: meta.metrics });
    expect(manifest.formatVersion).toBe(1);
  });

  it('returns views on the input bytes when aligned, and copies when not', () => {
    const bytes = encodeArtifact(parts, meta);
    const aligned = decodeArtifact(bytes).parts.blocks.itemFactors;
    expect(aligned.buffer).toBe(bytes.buffer);
    for (const block of decodeArtifact(bytes).manifest.blocks) expect(block.offset % 8).toBe(0);
    const shifted = new Uint8Array(bytes.length + 1).subarray(1);
    shifted.set(bytes);
    const copied = decodeArtifact(shifted).parts.blocks;
    expect(copied.itemFactors.buffer).not.toBe(shifted.buffer);
    expect(copied).toEqual(parts.blocks);
    // Node Buffers (as read from files) may start anywhere in a shared pool.
    const pooled = Buffer.concat([Buffer.alloc(3), Buffer.from(bytes)]).subarray(3);
    expect(decodeArtifact(pooled).parts.blocks).toEqual(parts.blocks);
  });

  it('refuses an artifact with any single byte flipped', () => {
    const bytes = encodeArtifact(parts, meta);
    // Header, manifest, a data section and the checksum trailer.
    for (const at of [3, 9, 20, 60, bytes.length - 100, bytes.length - 40, bytes.length - 1]) {
      const damaged = bytes.slice();
      damaged[at] ^= 0x10;
      expectCorrupt(damaged, /cannot be used/);
    }
  });

  it('refuses truncated artifacts and trailing garbage', () => {
    const bytes = encodeArtifact(parts, meta);
    for (const length of [0, 10, 47, 200, bytes.length - 33, bytes.length - 1]) {
      expectCorrupt(bytes.slice(0, length), /truncated|shorter|manifest/);
    }
    const longer = new Uint8Array(bytes.length + 8);
    longer.set(bytes);
    expectCorrupt(longer, /trailing/);
  });

  it('names a wrong magic or an unknown format version', () => {
    const bytes = encodeArtifact(parts, meta);
    const magic = bytes.slice();
    magic[0] = 0x58;
    expectCorrupt(magic, /magic/);
    const version = bytes.slice();
    new DataView(version.buffer).setUint32(8, 2, true);
    expectCorrupt(version, /format version 2/);
  });

  it('refuses to encode what JSON or the layout cannot carry', () => {
    expect(() => encodeArtifact({ ...parts, params: { lambda: Number.NaN } }, meta)).toThrow(RangeError);
    expect(() => encodeArtifact({ ...parts, params: { when: new Date() } }, meta)).toThrow(RangeError);
    expect(() => encodeArtifact({ ...parts, blocks: { itemIds: new Int32Array(1) } }, meta)).toThrow(
      /reserved/,
    );
    expect(() => encodeArtifact(parts, { ...meta, itemIds: [1.5] })).toThrow(RangeError);
  });
});
