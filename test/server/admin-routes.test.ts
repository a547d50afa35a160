import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, describe, expect, it } from 'vitest';
import { startBackgroundJobs } from '../../src/cli/start-background-jobs.ts';
import { loadConfig } from '../../src/config.ts';
import { acquirePipelineLock } from '../../src/pipeline/pipeline-lock.ts';
import { PIPELINE_TASKS } from '../../src/pipeline/pipeline-dag.ts';
import { runPipeline } from '../../src/pipeline/run-pipeline.ts';
import { errorHandler } from '../../src/server/error-handler.ts';
import { ModelRegistry } from '../../src/server/model-registry.ts';
import type { PipelineStarter } from '../../src/server/pipeline-starter.ts';
import { adminRoutes } from '../../src/server/routes/admin.ts';
import type { Store } from '../../src/store/store.ts';
import { seedPipelineStore, smallSettings, tempArtifacts } from '../pipeline/pipeline-fixture.ts';
import { useTestStore } from '../store/test-stores.ts';

/** The plugin on a bare app set up like buildApp (zod compilers, the API's error handler). */
async function adminApp(store: Store, adminToken?: string, pipeline?: PipelineStarter) {
  const app = Fastify().withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  await app.register(adminRoutes, { store, adminToken, pipeline });
  return app;
}

describe('admin routes', () => {
  const store = useTestStore('sqlite');
  const temp = tempArtifacts();
  afterAll(() => temp.cleanup());

  it('lists models with the live one marked, and runs with per-task status, duration, log and metrics', async () => {
    await seedPipelineStore(store());
    const run = await runPipeline({ store: store(), artifacts: temp.artifacts, settings: smallSettings() });
    const app = await adminApp(store(), 's3cret');
    const auth = { authorization: 'Bearer s3cret' };
    const models = await app.inject({ method: 'GET', url: '/api/v1/models', headers: auth });
    expect(models.statusCode).toBe(200);
    const version = run.tasks[2]?.metrics?.version;
    expect(models.json()).toMatchObject({
      live: version,
      models: [{ version, live: true, status: 'published', metrics: { pipelineEvaluation: {} } }],
    });
    const runs = await app.inject({ method: 'GET', url: '/api/v1/pipeline/runs?limit=5', headers: auth });
    expect(runs.statusCode).toBe(200);
    const [listed] = runs.json().runs;
    expect(listed).toMatchObject({ id: run.id, status: 'succeeded' });
    expect(listed.tasks.map((t: { task: string }) => t.task)).toEqual(run.tasks.map((t) => t.task));
    expect(listed.tasks[1].logTail).toMatch(/ok {3}rows/);
    expect(listed.tasks[1].durationMs).toBeGreaterThanOrEqual(0);
    await app.close();
  });

  it('refuses requests without the right token, and every request when no token is configured', async () => {
    const app = await adminApp(store(), 's3cret');
    for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: 's3cret' }]) {
      const res = await app.inject({ method: 'GET', url: '/api/v1/models', headers });
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('UNAUTHORIZED');
    }
    await app.close();
    const closed = await adminApp(store());
    const res = await closed.inject({
      method: 'GET',
      url: '/api/v1/pipeline/runs',
      headers: { authorization: 'Bearer x' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().message).toMatch(/set ADMIN_TOKEN/);
    await closed.close();
  });
});

describe('POST /api/v1/pipeline/runs', () => {
  const store = useTestStore('sqlite');
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  const auth = { authorization: 'Bearer s3cret' };

  /** A starter that records what it was asked, to show a refused request never reaches it. */
  function recordingStarter(): PipelineStarter & { triggers: string[] } {
    const triggers: string[] = [];
    return { triggers, requestRun: async (trigger) => (triggers.push(trigger), { queued: true, runId: 7 }) };
  }

  it('refuses a missing or wrong token with 401 without starting anything', async () => {
    const starter = recordingStarter();
    const app = await adminApp(store(), 's3cret', starter);
    for (const headers of [{}, { authorization: 'Bearer wrong' }]) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/pipeline/runs', headers });
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('UNAUTHORIZED');
    }
    expect(starter.triggers).toEqual([]);
    await app.close();
  });

  it('answers 202 with the run the starter queued, recorded as an admin run', async () => {
    const starter = recordingStarter();
    const app = await adminApp(store(), 's3cret', starter);
    const res = await app.inject({ method: 'POST', url: '/api/v1/pipeline/runs', headers: auth });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ queued: true, runId: 7 });
    expect(starter.triggers).toEqual(['admin']);
    await app.close();
  });

  it('answers 503 PIPELINE_UNAVAILABLE when the server has no pipeline', async () => {
    const app = await adminApp(store(), 's3cret');
    const res = await app.inject({ method: 'POST', url: '/api/v1/pipeline/runs', headers: auth });
    expect(res.statusCode).toBe(503);
    expect(res.json().code).toBe('PIPELINE_UNAVAILABLE');
    await app.close();
  });

  /** The embedded mode in a temporary folder, with no schedule and an empty DATA_DIR: ingest trains on the
   * seeded store instead of importing the bundled files. */
  const embeddedConfig = () => {
    const dir = mkdtempSync(join(tmpdir(), 'coplay-admin-'));
    dirs.push(dir);
    return loadConfig({
      DATA_DIR: join(dir, 'data'),
      ARTIFACT_DIR: join(dir, 'models'),
      PIPELINE_CRON: 'off',
      MODEL_POLL_INTERVAL_MS: '60000',
    });
  };

  it('starts a real embedded run (202), answers 409 PIPELINE_BUSY while it goes, and 202 again after', async () => {
    await seedPipelineStore(store());
    const config = embeddedConfig();
    const app = await adminApp(store(), 's3cret');
    const jobs = await startBackgroundJobs(store(), config, new ModelRegistry(), app.log);
    const served = await adminApp(store(), 's3cret', jobs.pipeline);
    const post = () => served.inject({ method: 'POST', url: '/api/v1/pipeline/runs', headers: auth });
    try {
      expect((await post()).statusCode).toBe(202);
      const busy = await post();
      expect(busy.statusCode).toBe(409);
      expect(busy.json().code).toBe('PIPELINE_BUSY');
      await expect
        .poll(async () => (await store().pipelineRuns.listRuns(1))[0]?.status, { timeout: 60_000 })
        .not.toBe('running');
      const [run] = await store().pipelineRuns.listRuns(5);
      expect(run?.trigger).toBe('admin');
      // The queue clears its flag just after recording the run's end.
      await expect.poll(async () => (await post()).statusCode, { timeout: 5_000 }).toBe(202);
    } finally {
      await jobs.stop();
      await app.close();
      await served.close();
    }
  }, 90_000);

  it('answers 409 while another process holds the pipeline lock', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coplay-admin-'));
    dirs.push(dir);
    const config = loadConfig({ DATA_DIR: dir, ARTIFACT_DIR: dir, PIPELINE_CRON: 'off' });
    // A `coplay pipeline run` on another machine: its run row and its lock.
    await store().pipelineRuns.createRun({ trigger: 'cli', tasks: ['ingest'] });
    const lock = await acquirePipelineLock(store(), 'cli-host:4242');
    const app = await adminApp(store(), 's3cret');
    const jobs = await startBackgroundJobs(store(), config, new ModelRegistry(), app.log);
    const served = await adminApp(store(), 's3cret', jobs.pipeline);
    try {
      const res = await served.inject({ method: 'POST', url: '/api/v1/pipeline/runs', headers: auth });
      expect(res.statusCode).toBe(409);
      expect(res.json().message).toContain('cli-host:4242');
      expect(await store().pipelineRuns.listRuns(5)).toHaveLength(1);
    } finally {
      await lock.release();
      await jobs.stop();
      await app.close();
      await served.close();
    }
  });

  it('starts a run over a run row left running with no lock held (its process lost the database as it ended)', async () => {
    await seedPipelineStore(store());
    const config = embeddedConfig();
    const stuck = await store().pipelineRuns.createRun({ trigger: 'schedule', tasks: PIPELINE_TASKS });
    const app = await adminApp(store(), 's3cret');
    const jobs = await startBackgroundJobs(store(), config, new ModelRegistry(), app.log);
    const served = await adminApp(store(), 's3cret', jobs.pipeline);
    try {
      const res = await served.inject({ method: 'POST', url: '/api/v1/pipeline/runs', headers: auth });
      expect(res.statusCode).toBe(202);
      // The run takes the lock, finds the stuck row abandoned and resumes it to the end.
      await expect
        .poll(async () => (await store().pipelineRuns.getRun(stuck))?.status, { timeout: 60_000 })
        .toBe('succeeded');
    } finally {
      await jobs.stop();
      await app.close();
      await served.close();
    }
  }, 90_000);
});
