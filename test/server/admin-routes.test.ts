import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/pipeline/run-pipeline.ts';
import { errorHandler } from '../../src/server/error-handler.ts';
import { adminRoutes } from '../../src/server/routes/admin.ts';
import type { Store } from '../../src/store/store.ts';
import { seedPipelineStore, smallSettings, tempArtifacts } from '../pipeline/pipeline-fixture.ts';
import { useTestStore } from '../store/test-stores.ts';

/** The plugin on a bare app set up like buildApp (zod compilers, the API's error handler). */
async function adminApp(store: Store, adminToken?: string) {
  const app = Fastify().withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  await app.register(adminRoutes, { store, adminToken });
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
