import { describe, expect, it } from 'vitest';
import { CoplayError } from '../../src/errors.ts';
import type { NewModelVersion } from '../../src/store/model-versions.repository.ts';
import { TEST_DIALECTS, useTestStore } from './test-stores.ts';

function model(version: string, minutes: number, overrides: Partial<NewModelVersion> = {}): NewModelVersion {
  return {
    version,
    algorithm: 'ials',
    createdAt: new Date(Date.UTC(2024, 0, 1, 0, minutes)),
    manifest: { factors: 64, items: [1, 2, 3], nested: { ok: true } },
    metrics: { 'recall@10': 0.25, 'ndcg@10': 0.125 },
    checksum: `sha256-${version}`,
    artifact: new Uint8Array([minutes, 0, 255, 7]),
    ...overrides,
  };
}

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: model versions repository`, () => {
    const store = useTestStore(dialect);

    it('stores a version with its manifest, metrics and artifact bytes', async () => {
      const versions = store().modelVersions;
      const bytes = new Uint8Array(70_000).map((_, i) => (i * 31) % 256);
      await versions.insert(model('v1', 1, { artifact: bytes }));
      await versions.insert(
        model('v2', 2, { artifact: null, artifactPath: 'var/models/v2.bin', status: 'rejected' }),
      );
      expect(await versions.get('v1')).toEqual({
        version: 'v1',
        algorithm: 'ials',
        createdAt: new Date(Date.UTC(2024, 0, 1, 0, 1)),
        manifest: { factors: 64, items: [1, 2, 3], nested: { ok: true } },
        metrics: { 'recall@10': 0.25, 'ndcg@10': 0.125 },
        checksum: 'sha256-v1',
        hasStoredArtifact: true,
        artifactPath: null,
        status: 'candidate',
      });
      expect(Buffer.from((await versions.getArtifact('v1')) ?? []).equals(Buffer.from(bytes))).toBe(true);
      const v2 = await versions.get('v2');
      expect([v2?.hasStoredArtifact, v2?.artifactPath, v2?.status]).toEqual([
        false,
        'var/models/v2.bin',
        'rejected',
      ]);
      expect(await versions.getArtifact('v2')).toBeUndefined();
      expect(await versions.get('nope')).toBeUndefined();
    });

    it('lists newest first', async () => {
      const versions = store().modelVersions;
      await versions.insert(model('b', 5));
      await versions.insert(model('a', 9));
      await versions.insert(model('c', 1));
      expect((await versions.list()).map((v) => v.version)).toEqual(['a', 'b', 'c']);
      expect((await versions.list(2)).map((v) => v.version)).toEqual(['a', 'b']);
    });

    it('switches the live pointer, retiring the previous version, and rolls back', async () => {
      const versions = store().modelVersions;
      await versions.insert(model('v1', 1));
      await versions.insert(model('v2', 2));
      expect(await versions.getLive()).toBeUndefined();

      expect(await versions.setLive('v1')).toBeUndefined();
      expect((await versions.getLive())?.version).toBe('v1');

      expect(await versions.setLive('v2')).toBe('v1');
      expect((await versions.getLive())?.status).toBe('published');
      expect((await versions.get('v1'))?.status).toBe('retired');

      expect(await versions.setLive('v1')).toBe('v2');
      expect((await versions.getLive())?.version).toBe('v1');
      expect((await versions.get('v1'))?.status).toBe('published');
      expect((await versions.get('v2'))?.status).toBe('retired');
    });

    it('refuses to make an unknown or rejected version live, leaving the pointer alone', async () => {
      const versions = store().modelVersions;
      await versions.insert(model('good', 1));
      await versions.insert(model('bad', 2, { status: 'rejected' }));
      await versions.setLive('good');
      const unknown = await versions.setLive('missing').catch((error: unknown) => error);
      expect(unknown).toBeInstanceOf(CoplayError);
      expect((unknown as CoplayError).code).toBe('ARTIFACT_NOT_FOUND');
      await expect(versions.setLive('bad')).rejects.toBeInstanceOf(CoplayError);
      expect((await versions.getLive())?.version).toBe('good');
      expect((await versions.get('good'))?.status).toBe('published');
    });

    it('sets a status, and says when the version does not exist', async () => {
      const versions = store().modelVersions;
      await versions.insert(model('v1', 1));
      await versions.setStatus('v1', 'rejected');
      expect((await versions.get('v1'))?.status).toBe('rejected');
      await expect(versions.setStatus('v9', 'retired')).rejects.toBeInstanceOf(CoplayError);
    });

    it('prunes artifacts beyond the newest N, never the live one, keeping the rows', async () => {
      const versions = store().modelVersions;
      for (let i = 1; i <= 5; i++)
        await versions.insert(
          model(`v${i}`, i, i === 2 ? { artifact: null, artifactPath: '/m/v2.bin' } : {}),
        );
      await versions.setLive('v1');
      const pruned = await versions.pruneArtifacts(2);
      expect(pruned).toEqual([
        { version: 'v3', artifactPath: null },
        { version: 'v2', artifactPath: '/m/v2.bin' },
      ]);
      expect(await versions.getArtifact('v3')).toBeUndefined();
      expect((await versions.get('v2'))?.artifactPath).toBeNull();
      expect(await versions.getArtifact('v1')).toBeDefined();
      expect(await versions.getArtifact('v5')).toBeDefined();
      expect((await versions.list()).length).toBe(5);
      expect(await versions.pruneArtifacts(2)).toEqual([]);
    });

    it('keeps the newest versions that were ever live when rejected candidates outnumber them', async () => {
      const versions = store().modelVersions;
      for (let i = 1; i <= 7; i++) await versions.insert(model(`v${i}`, i));
      await versions.setLive('v1');
      await versions.setLive('v2');
      for (let i = 3; i <= 7; i++) await versions.setStatus(`v${i}`, 'rejected');
      const pruned = await versions.pruneArtifacts(2);
      // v1, retired, is where a rollback goes: kept although five versions are newer.
      expect(pruned.map((p) => p.version)).toEqual(['v5', 'v4', 'v3']);
      expect(await versions.getArtifact('v1')).toBeDefined();
      expect(await versions.getArtifact('v2')).toBeDefined();
      expect(await versions.getArtifact('v7')).toBeDefined();
    });

    it('merges metrics into a version, and says when the version does not exist', async () => {
      const versions = store().modelVersions;
      await versions.insert(model('v1', 1));
      await versions.setMetrics('v1', { 'ndcg@10': 0.5, evaluation: { groups: 12, meanNdcg: 0.31 } });
      expect((await versions.get('v1'))?.metrics).toEqual({
        'recall@10': 0.25,
        'ndcg@10': 0.5,
        evaluation: { groups: 12, meanNdcg: 0.31 },
      });
      await expect(versions.setMetrics('nope', { x: 1 })).rejects.toMatchObject({
        code: 'ARTIFACT_NOT_FOUND',
      });
    });
  });
}
