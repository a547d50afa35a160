import { rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquirePipelineLock, PIPELINE_LOCK_KEY } from '../../src/pipeline/pipeline-lock.ts';
import { PIPELINE_TASKS } from '../../src/pipeline/pipeline-dag.ts';
import { loadLiveModel } from '../../src/pipeline/load-model.ts';
import { runPipeline, type TaskEvent } from '../../src/pipeline/run-pipeline.ts';
import { DEFAULT_MODEL_CONFIG } from '../../src/model/trainers.ts';
import { MAX_STALE_MS } from '../../src/steam/steam-fetcher.ts';
import type { ArtifactFiles } from '../../src/store/artifact-files.ts';
import { openProxiedPostgresStore } from '../fixtures/proxied-postgres-store.ts';
import { TEST_DIALECTS, useTestStore } from '../store/test-stores.ts';
import { seedPipelineStore, SMALL_MODEL_CONFIG, smallSettings, tempArtifacts } from './pipeline-fixture.ts';

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: the retraining pipeline`, () => {
    const store = useTestStore(dialect);
    let temp: ReturnType<typeof tempArtifacts>;
    let artifacts: ArtifactFiles;
    beforeAll(() => {
      temp = tempArtifacts();
      artifacts = temp.artifacts;
    });
    afterAll(() => temp.cleanup());

    it('runs every task, records outputs, publishes, and a second run on unchanged data publishes an equal model', async () => {
      await seedPipelineStore(store());
      const events: TaskEvent[] = [];
      const first = await runPipeline(
        { store: store(), artifacts, settings: smallSettings() },
        { onTask: (e) => events.push(e) },
      );
      expect(first.status).toBe('succeeded');
      expect(first.tasks.map((t) => [t.task, t.status, t.attempt])).toEqual([
        ['ingest', 'succeeded', 1],
        ['validate', 'succeeded', 1],
        ['train', 'succeeded', 1],
        ['evaluate', 'succeeded', 1],
        ['gate', 'succeeded', 1],
        ['publish', 'succeeded', 1],
      ]);
      expect(events.map((e) => e.task)).toEqual(first.tasks.map((t) => t.task));
      const version = first.tasks[2]?.metrics?.version as string;
      expect((await store().modelVersions.getLive())?.version).toBe(version);
      expect(first.snapshotId).toBe(first.tasks[0]?.metrics?.snapshotId);
      const metrics = (await store().modelVersions.get(version))?.metrics.pipelineEvaluation as {
        meanNdcg: number;
      };
      expect(metrics.meanNdcg).toBeGreaterThan(0);

      const second = await runPipeline({ store: store(), artifacts, settings: smallSettings() });
      expect(second.status).toBe('succeeded');
      expect(second.snapshotId).toBe(first.snapshotId);
      const evaluation = second.tasks[3]?.metrics as {
        candidate: { meanNdcg: number };
        live: { meanNdcg: number; version: string };
      };
      expect(evaluation.live.version).toBe(version);
      expect(evaluation.candidate.meanNdcg).toBeCloseTo(evaluation.live.meanNdcg, 6);
      const next = second.tasks[2]?.metrics?.version as string;
      expect(next).not.toBe(version);
      expect((await store().modelVersions.getLive())?.version).toBe(next);
      expect((await store().modelVersions.get(version))?.status).toBe('retired');
    });

    it('fails a run on a failed check with a readable report, then resumes it from the failed task', async () => {
      await seedPipelineStore(store());
      const strict = smallSettings();
      const failed = await runPipeline({
        store: store(),
        artifacts,
        settings: { ...strict, validation: { ...strict.validation, minUsers: 1000 } },
      });
      expect(failed.status).toBe('failed');
      const validate = failed.tasks[1];
      expect(validate?.status).toBe('failed');
      expect(validate?.error).toMatch(/validation failed \(rows\)/);
      expect(validate?.logTail).toMatch(/FAIL rows: 41 catalog games, 60 training users \(minimum 1000\)/);
      expect(failed.tasks.slice(2).every((t) => t.status === 'pending')).toBe(true);
      expect(await store().modelVersions.getLive()).toBeUndefined();

      const resumed = await runPipeline({ store: store(), artifacts, settings: smallSettings() });
      expect(resumed.id).toBe(failed.id);
      expect(resumed.status).toBe('succeeded');
      expect(resumed.tasks.map((t) => [t.task, t.attempt])).toEqual([
        ['ingest', 1],
        ['validate', 2],
        ['train', 1],
        ['evaluate', 1],
        ['gate', 1],
        ['publish', 1],
      ]);
    });

    it('rejects a candidate worse than live beyond the tolerance and keeps the live model', async () => {
      await seedPipelineStore(store());
      const good = await runPipeline({ store: store(), artifacts, settings: smallSettings() });
      const live = good.tasks[2]?.metrics?.version;
      const popularity = {
        ...SMALL_MODEL_CONFIG,
        algorithm: 'popularity' as const,
        cfWeight: { ...DEFAULT_MODEL_CONFIG.cfWeight, popularity: 1 },
      };
      const worse = await runPipeline({
        store: store(),
        artifacts,
        settings: smallSettings({ model: popularity, gateTolerance: 0.02 }),
      });
      expect(worse.status).toBe('succeeded');
      expect(worse.tasks.map((t) => t.status)).toEqual([
        'succeeded',
        'succeeded',
        'succeeded',
        'succeeded',
        'succeeded',
        'skipped',
      ]);
      expect(worse.tasks[4]?.metrics?.outcome).toMatch(/^rejected: .*worse than live beyond tolerance/);
      const candidate = worse.tasks[2]?.metrics?.version as string;
      expect((await store().modelVersions.get(candidate))?.status).toBe('rejected');
      expect((await store().modelVersions.getLive())?.version).toBe(live);
    });

    it('runs one task alone on the outputs of earlier runs, and refuses to start without them', async () => {
      await seedPipelineStore(store());
      await expect(
        runPipeline({ store: store(), artifacts, settings: smallSettings() }, { from: 'train' }),
      ).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      const full = await runPipeline({ store: store(), artifacts, settings: smallSettings() });
      const only = await runPipeline(
        { store: store(), artifacts, settings: smallSettings() },
        { only: 'evaluate' },
      );
      expect(only.tasks.map((t) => t.status)).toEqual([
        'skipped',
        'skipped',
        'skipped',
        'succeeded',
        'skipped',
        'skipped',
      ]);
      expect(only.tasks[2]?.metrics?.reusedFromRun).toBe(full.id);
      expect((only.tasks[3]?.metrics?.candidate as { version: string }).version).toBe(
        full.tasks[2]?.metrics?.version,
      );
    });

    it('deletes in its ingest the Steam cache entries too old to be served even as stale, and no others', async () => {
      await seedPipelineStore(store());
      const now = Date.now();
      const cache = store().steamCache;
      // Expired a day ago (still served when Steam is down), just past serving, and fresh.
      await cache.set('recent', '{}', 200, 3_600_000, new Date(now - 86_400_000 - 3_600_000));
      await cache.set('too-old', '{}', 200, 3_600_000, new Date(now - MAX_STALE_MS - 3_600_000 - 60_000));
      await cache.set('fresh', '{}', 200, 3_600_000, new Date(now));
      const run = await runPipeline(
        { store: store(), artifacts, settings: smallSettings() },
        { only: 'ingest' },
      );
      expect(run.tasks[0]?.metrics?.steamCachePurged).toBe(1);
      expect(await cache.get('too-old')).toBeUndefined();
      expect(await cache.get('recent')).toBeDefined();
      expect(await cache.get('fresh')).toBeDefined();
    });

    it('serves the published model with playtimes clipped at fold-in as its training clipped them', async () => {
      await seedPipelineStore(store());
      await runPipeline({ store: store(), artifacts, settings: smallSettings() });
      const live = await loadLiveModel(store(), artifacts);
      const confidence = live?.groupModel?.confidence;
      expect(confidence?.(11_000 * 60)).toBe(confidence?.(5_000 * 60));
      expect(confidence?.(50 * 60)).toBeLessThan(confidence?.(5_000 * 60) as number);
    });

    it('publishes over a live version whose artifact file is gone, which it cannot compare with', async () => {
      await seedPipelineStore(store());
      const first = await runPipeline({ store: store(), artifacts, settings: smallSettings() });
      const gone = first.tasks[2]?.metrics?.version as string;
      // Gone from disk, and from the database where PostgreSQL also keeps the bytes.
      rmSync(artifacts.pathOf(gone));
      await store()
        .db.updateTable('model_versions')
        .set({ artifact: null })
        .where('version', '=', gone)
        .execute();
      const second = await runPipeline({ store: store(), artifacts, settings: smallSettings() });
      expect(second.status).toBe('succeeded');
      expect(second.tasks[3]?.error ?? second.tasks[3]?.metrics?.outcome).toMatch(
        /live model not compared: its artifact is missing/,
      );
      expect((await store().modelVersions.getLive())?.version).toBe(second.tasks[2]?.metrics?.version);
    });

    it('stops a cancelled run between tasks and resumes it on the next run', async () => {
      await seedPipelineStore(store());
      const cancel = new AbortController();
      const cancelled = await runPipeline(
        { store: store(), artifacts, settings: smallSettings() },
        { signal: cancel.signal, onTask: (e) => e.task === 'train' && cancel.abort() },
      );
      expect(cancelled.status).toBe('cancelled');
      expect(cancelled.tasks.map((t) => t.status)).toEqual([
        'succeeded',
        'succeeded',
        'succeeded',
        'pending',
        'pending',
        'pending',
      ]);
      const resumed = await runPipeline({ store: store(), artifacts, settings: smallSettings() });
      expect(resumed.id).toBe(cancelled.id);
      expect(resumed.status).toBe('succeeded');
      expect(resumed.tasks[2]?.attempt).toBe(1);
    });

    it('takes over the lock of a process that died mid-run and resumes its abandoned run', async () => {
      await seedPipelineStore(store());
      const dead = `${hostname()}:2147483646#crashed`;
      await store()
        .db.insertInto('app_state')
        .values({ key: PIPELINE_LOCK_KEY, value: dead, updated_at: new Date().toISOString() })
        .execute();
      const orphan = await store().pipelineRuns.createRun({ trigger: 'schedule', tasks: PIPELINE_TASKS });
      await store().pipelineRuns.updateTask(orphan, 'ingest', {
        status: 'running',
        attempt: 1,
        startedAt: new Date(),
      });
      const run = await runPipeline({ store: store(), artifacts, settings: smallSettings() });
      expect(run.id).toBe(orphan);
      expect(run.status).toBe('succeeded');
      expect(run.tasks[0]?.attempt).toBe(2);
      const lock = await store()
        .db.selectFrom('app_state')
        .select('key')
        .where('key', '=', PIPELINE_LOCK_KEY)
        .execute();
      expect(lock).toEqual([]);
    });

    it('takes over a lock naming this process that it does not hold (left by an earlier container with the same pid)', async () => {
      await seedPipelineStore(store());
      await store()
        .db.insertInto('app_state')
        .values({
          key: PIPELINE_LOCK_KEY,
          value: `${hostname()}:${process.pid}#earlier-container`,
          updated_at: new Date().toISOString(),
        })
        .execute();
      const run = await runPipeline({ store: store(), artifacts, settings: smallSettings() });
      expect(run.status).toBe('succeeded');
      // While this process holds a lock, its own next attempt is still refused.
      const held = await acquirePipelineLock(store(), `${hostname()}:${process.pid}`);
      await expect(acquirePipelineLock(store(), `${hostname()}:${process.pid}`)).rejects.toMatchObject({
        message: expect.stringMatching(/already in progress/),
      });
      await held.release();
    });

    it('lets one run at a time hold the lock', async () => {
      await seedPipelineStore(store());
      const lock = await acquirePipelineLock(store(), 'other-process');
      await expect(
        runPipeline({ store: store(), artifacts, settings: smallSettings() }),
      ).rejects.toMatchObject({
        message: expect.stringMatching(/already in progress \(other-process/),
      });
      await lock.release();
      expect((await runPipeline({ store: store(), artifacts, settings: smallSettings() })).status).toBe(
        'succeeded',
      );
    });
  });
}

describe('postgres: a pipeline lock whose release is lost to an outage', () => {
  it('does not keep this process from its next run', async () => {
    const { store, proxy, dispose } = await openProxiedPostgresStore();
    try {
      const holder = `${hostname()}:${process.pid}`;
      const lock = await acquirePipelineLock(store, holder);
      await proxy.down();
      await expect(lock.release()).rejects.toThrow();
      await proxy.up();
      const next = await acquirePipelineLock(store, holder);
      await next.release();
      const left = await store.db
        .selectFrom('app_state')
        .select('key')
        .where('key', '=', PIPELINE_LOCK_KEY)
        .execute();
      expect(left).toEqual([]);
    } finally {
      await dispose();
    }
  }, 30_000);
});
