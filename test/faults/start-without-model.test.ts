import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/pipeline/run-pipeline.ts';
import { ArtifactFiles } from '../../src/store/artifact-files.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';
import { seedPipelineStore, smallSettings } from '../pipeline/pipeline-fixture.ts';
import { TEST_POSTGRES_URL } from '../store/test-stores.ts';
import { startCoplay, type CoplayProcess } from './coplay-process.ts';
import { until } from './until.ts';

interface Setup {
  /** The store the test publishes through, on the database the server uses. */
  store: Store;
  args: string[];
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

const dir = mkdtempSync(join(tmpdir(), 'coplay-faults-no-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** SQLite, embedded mode, `--no-train`. */
async function sqliteNoTrain(): Promise<Setup> {
  const url = `sqlite:${join(dir, `${randomUUID()}.db`)}`;
  const store = await openStore(url);
  return { store, args: ['--no-train'], env: { DATABASE_URL: url }, cleanup: () => store.close() };
}

/** PostgreSQL, PIPELINE_MODE=distributed: a private schema the server reaches through search_path. */
async function postgresDistributed(): Promise<Setup> {
  const schema = `test_${randomUUID().replaceAll('-', '')}`;
  const store = await openStore(TEST_POSTGRES_URL, { schema });
  const url = new URL(TEST_POSTGRES_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    store,
    args: [],
    env: { DATABASE_URL: url.toString(), PIPELINE_MODE: 'distributed' },
    cleanup: async () => {
      await sql`drop schema ${sql.id(schema)} cascade`.execute(store.db);
      await store.close();
    },
  };
}

const recommend = (baseUrl: string) =>
  fetch(`${baseUrl}/api/v1/recommendations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ members: [{ sampleUser: '2' }, { sampleUser: '3' }], limit: 5 }),
  });

describe.each([
  { name: 'SQLite, coplay start --no-train', setup: sqliteNoTrain },
  { name: 'PostgreSQL, PIPELINE_MODE=distributed', setup: postgresDistributed },
])('a server started before any model is published ($name)', ({ setup }) => {
  it('serves without training: not ready, 503 MODEL_NOT_READY, then ready as soon as a model is published', async () => {
    const s = await setup();
    let server: CoplayProcess | undefined;
    try {
      // What `coplay import` or the workers' ingest would have written; nothing trained yet.
      await seedPipelineStore(s.store);
      const artifactDir = join(dir, `models-${randomUUID()}`);
      server = await startCoplay(s.args, {
        ...s.env,
        ARTIFACT_DIR: artifactDir,
        MODEL_POLL_INTERVAL_MS: '200',
      });
      expect(await s.store.modelVersions.list()).toEqual([]);

      const notReady = await fetch(`${server.baseUrl}/readyz`);
      expect(notReady.status).toBe(503);
      expect(await notReady.json()).toMatchObject({
        ready: false,
        database: true,
        model: null,
        message: expect.stringMatching(/no model published yet/),
      });
      const refused = await recommend(server.baseUrl);
      expect(refused.status).toBe(503);
      expect(await refused.json()).toMatchObject({ code: 'MODEL_NOT_READY' });

      const run = await runPipeline({
        store: s.store,
        artifacts: new ArtifactFiles(artifactDir),
        settings: smallSettings(),
      });
      const published = run.tasks.find((t) => t.task === 'publish')?.metrics?.version;
      expect(run.status).toBe('succeeded');

      const ready = await until('the server to load the published model', async () => {
        const res = await fetch(`${server?.baseUrl}/readyz`);
        return res.status === 200 ? ((await res.json()) as { model: { version: string } }) : undefined;
      });
      expect(ready.model.version).toBe(published);
      const answer = await recommend(server.baseUrl);
      expect(answer.status).toBe(200);
      expect(((await answer.json()) as { model: { version: string } }).model.version).toBe(published);

      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    } finally {
      server?.kill();
      await s.cleanup();
    }
  }, 40_000);
});

describe("a server started while the published model's artifact is corrupt (SQLite)", () => {
  it('serves unready with the refusal on /readyz, and is ready once a good model is published', async () => {
    const s = await sqliteNoTrain();
    let server: CoplayProcess | undefined;
    try {
      await seedPipelineStore(s.store);
      const artifacts = new ArtifactFiles(join(dir, `models-${randomUUID()}`));
      const deps = { store: s.store, artifacts, settings: smallSettings() };
      const first = await runPipeline(deps);
      const broken = first.tasks.find((t) => t.task === 'publish')?.metrics?.version as string;
      const path = artifacts.pathOf(broken);
      writeFileSync(path, readFileSync(path).subarray(0, 1000));

      server = await startCoplay([], {
        ...s.env,
        ARTIFACT_DIR: artifacts.dir,
        MODEL_POLL_INTERVAL_MS: '200',
      });
      const notReady = await fetch(`${server.baseUrl}/readyz`);
      expect(notReady.status).toBe(503);
      expect(await notReady.json()).toMatchObject({
        ready: false,
        database: true,
        model: null,
        message: expect.stringContaining(`${broken} was refused`),
      });
      const refused = await recommend(server.baseUrl);
      expect(refused.status).toBe(503);
      expect(await refused.json()).toMatchObject({
        code: 'MODEL_NOT_READY',
        message: expect.stringContaining(`${broken} was refused`),
      });

      const next = await runPipeline(deps);
      expect(next.status).toBe('succeeded');
      const published = next.tasks.find((t) => t.task === 'publish')?.metrics?.version;
      const ready = await until('the server to load the good model', async () => {
        const res = await fetch(`${server?.baseUrl}/readyz`);
        return res.status === 200
          ? ((await res.json()) as { model: { version: string }; message: string })
          : undefined;
      });
      expect(ready).toMatchObject({ model: { version: published }, message: 'ready' });

      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    } finally {
      server?.kill();
      await s.cleanup();
    }
  }, 40_000);
});
