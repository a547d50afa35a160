import { afterEach, describe, expect, it } from 'vitest';
import { isCoplayError } from '../../src/errors.ts';
import { loadLiveModel } from '../../src/pipeline/load-model.ts';
import { runPipeline } from '../../src/pipeline/run-pipeline.ts';
import { buildApp } from '../../src/server/build-app.ts';
import { startLiveModelPoller } from '../../src/server/live-model-poller.ts';
import { ModelRegistry } from '../../src/server/model-registry.ts';
import type { Store } from '../../src/store/store.ts';
import { seedPipelineStore, smallSettings, tempArtifacts } from '../pipeline/pipeline-fixture.ts';
import { openTestStore, TEST_DIALECTS } from '../store/test-stores.ts';
import { until } from './until.ts';

type Artifacts = ReturnType<typeof tempArtifacts>['artifacts'];

/**
 * Publishes `version` as a broken copy of the live model, the way a faulty disk, copy or upload would leave
 * it: registered, pointed at by the live pointer, its bytes damaged either in the artifact file or in the
 * database column. Returns the version.
 */
async function publishBroken(
  store: Store,
  artifacts: Artifacts,
  version: string,
  damage: 'truncated file' | 'flipped byte in the database',
): Promise<string> {
  const live = await store.modelVersions.getLive();
  if (!live) throw new Error('nothing is live to copy');
  const bytes = (await store.modelVersions.getArtifact(live.version)) ?? (await artifacts.read(live.version));
  const base = {
    version,
    algorithm: live.algorithm,
    manifest: live.manifest,
    metrics: {},
    checksum: live.checksum,
  };
  if (damage === 'truncated file') {
    const path = await artifacts.write(version, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await store.modelVersions.insert({ ...base, artifactPath: path });
  } else {
    const flipped = new Uint8Array(bytes);
    const middle = Math.floor(flipped.length / 2);
    flipped[middle] = (flipped[middle] as number) ^ 0x01;
    await store.modelVersions.insert({ ...base, artifact: flipped });
  }
  await store.modelVersions.setLive(version);
  return version;
}

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: a corrupt model artifact published while serving`, () => {
    const cleanups: (() => Promise<void> | void)[] = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });

    it('is refused; the live model keeps serving every request, and the next good publish is picked up', async () => {
      const store = await openTestStore(dialect);
      cleanups.push(() => store.close());
      const temp = tempArtifacts();
      cleanups.push(() => temp.cleanup());
      await seedPipelineStore(store);
      const deps = { store, artifacts: temp.artifacts, settings: smallSettings() };
      expect((await runPipeline(deps)).status).toBe('succeeded');
      const first = await loadLiveModel(store, temp.artifacts);
      if (!first) throw new Error('the first run published no model');
      const models = new ModelRegistry(first);
      const app = await buildApp({ store, models });
      cleanups.push(() => app.close());
      const errors: unknown[] = [];
      const poller = startLiveModelPoller({
        store,
        artifacts: temp.artifacts,
        models,
        intervalMs: 50,
        onError: (error) => errors.push(error),
      });
      cleanups.push(() => poller.stop());

      const answers: { status: number; version?: string }[] = [];
      let serving = true;
      const traffic = (async () => {
        while (serving) {
          const res = await app.inject({
            method: 'POST',
            url: '/api/v1/recommendations',
            payload: { members: [{ sampleUser: '2' }, { sampleUser: '3' }], limit: 5 },
          });
          answers.push({
            status: res.statusCode,
            version: (res.json() as { model?: { version: string } }).model?.version,
          });
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      })();
      cleanups.push(async () => {
        serving = false;
        await traffic;
      });

      for (const [version, damage] of [
        ['broken-truncated', 'truncated file'],
        ['broken-flipped', 'flipped byte in the database'],
      ] as const) {
        await publishBroken(store, temp.artifacts, version, damage);
        const refused = await until(`the poller to refuse ${version}`, () =>
          models.refused?.version === version ? models.refused : undefined,
        );
        expect(refused.reason, damage).toMatch(/checksum|truncated|corrupt/i);
        expect(models.info?.version).toBe(first.info.version);
        const ready = await app.inject({ method: 'GET', url: '/readyz' });
        expect(ready.statusCode).toBe(200);
        expect(ready.json()).toMatchObject({ ready: true, model: { version: first.info.version } });
        expect(ready.json().message).toContain(`${version} was refused`);
        // Artifacts are immutable, so a refused version is not read again on every poll.
        const reported = errors.length;
        expect(await poller.check()).toBe(false);
        expect(errors.length).toBe(reported);
      }
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.every((e) => isCoplayError(e) && e.code === 'ARTIFACT_CORRUPT')).toBe(true);

      // The pipeline can still publish over a corrupt live version, and servers move to it.
      const next = await runPipeline(deps);
      expect(next.status).toBe('succeeded');
      const published = next.tasks.find((t) => t.task === 'publish')?.metrics?.version;
      await until('the poller to serve the new model', () =>
        models.info?.version === published ? true : undefined,
      );
      expect(models.refused).toBeUndefined();
      await until('a request answered by the new model', () =>
        answers.some((a) => a.version === published) ? true : undefined,
      );
      serving = false;
      await traffic;

      expect(answers.length).toBeGreaterThan(10);
      expect(answers.filter((a) => a.status !== 200)).toEqual([]);
      expect([...new Set(answers.map((a) => a.version))]).toEqual([first.info.version, published]);
    }, 30_000);
  });
}
