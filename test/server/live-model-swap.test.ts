import { afterAll, describe, expect, it } from 'vitest';
import { loadLiveModel } from '../../src/pipeline/load-model.ts';
import { runPipeline } from '../../src/pipeline/run-pipeline.ts';
import { buildApp } from '../../src/server/build-app.ts';
import { startLiveModelPoller } from '../../src/server/live-model-poller.ts';
import { ModelRegistry } from '../../src/server/model-registry.ts';
import { seedPipelineStore, smallSettings, tempArtifacts } from '../pipeline/pipeline-fixture.ts';
import { useTestStore } from '../store/test-stores.ts';

describe('zero-downtime model swap', () => {
  const store = useTestStore('sqlite');
  const temp = tempArtifacts();
  afterAll(() => temp.cleanup());

  it('keeps every request succeeding while a pipeline publishes, and responses switch to the new version', async () => {
    await seedPipelineStore(store());
    // The gate is not under test here: a tolerance of 100 % lets the feedback-trained candidate through.
    const deps = { store: store(), artifacts: temp.artifacts, settings: smallSettings({ gateTolerance: 1 }) };
    await runPipeline(deps);
    const models = new ModelRegistry();
    const first = await loadLiveModel(store(), temp.artifacts);
    if (!first) throw new Error('the first run published no model');
    models.swap(first);
    const app = await buildApp({ store: store(), models });
    const poller = startLiveModelPoller({
      store: store(),
      artifacts: temp.artifacts,
      models,
      intervalMs: 20,
    });
    try {
      const statuses: number[] = [];
      const versions = new Set<string>();
      let publishing = true;
      const traffic = (async () => {
        // Keep going until the publish is done and the poller has had time to swap.
        while (publishing || versions.size < 2) {
          const res = await app.inject({
            method: 'POST',
            url: '/api/v1/recommendations',
            payload: { members: [{ sampleUser: '2' }, { sampleUser: '3' }], limit: 5 },
          });
          statuses.push(res.statusCode);
          if (res.statusCode === 200)
            versions.add((res.json() as { model: { version: string } }).model.version);
          if (statuses.length > 5000) break;
        }
      })();
      await store().feedback.record({
        memberKeys: ['sample:2', 'sample:3'],
        appid: 205,
        kind: 'played_together',
      });
      const second = await runPipeline(deps);
      publishing = false;
      await traffic;
      const published = second.tasks.find((t) => t.task === 'publish')?.metrics?.version;
      expect(second.status).toBe('succeeded');
      expect(statuses.length).toBeGreaterThan(10);
      expect(statuses.every((status) => status === 200)).toBe(true);
      expect([...versions]).toEqual([first.info.version, published]);
      expect(models.info?.version).toBe(published);
    } finally {
      poller.stop();
      await app.close();
    }
  });
});
