import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgBossPipelineQueue } from '../../src/pipeline/queue/pg-boss-queue.ts';
import { ArtifactFiles } from '../../src/store/artifact-files.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';
import { TEST_POSTGRES_URL } from '../store/test-stores.ts';
import { seedPipelineStore, smallSettings } from './pipeline-fixture.ts';
import { until } from '../faults/until.ts';

const WORKER = join(import.meta.dirname, 'fixtures/pg-boss-worker.ts');
/** The workers' retry policy (see fixtures/pg-boss-worker.ts): lost jobs expire after 2 s. */
const WORKER_QUEUE_OPTIONS = {
  expireInSeconds: 2,
  retryLimit: 3,
  retryDelaySeconds: 1,
  maintenanceIntervalSeconds: 1,
};

describe('distributed pipeline on pg-boss (real PostgreSQL, two worker processes)', () => {
  const storeSchema = `test_${randomUUID().replaceAll('-', '')}`;
  const bossSchema = `${storeSchema}_boss`;
  const dir = mkdtempSync(join(tmpdir(), 'coplay-workers-'));
  const logFile = join(dir, 'tasks.log');
  const workers: ChildProcess[] = [];
  let store: Store;
  let client: PgBossPipelineQueue;

  function startWorker(): Promise<ChildProcess> {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', WORKER, TEST_POSTGRES_URL, storeSchema, bossSchema, join(dir, 'models'), logFile],
      { env: { ...process.env, COPLAY_TEST_SLOW_TASK: 'train' }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    workers.push(child);
    return new Promise((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`worker exited with ${code} before it was ready`)));
      child.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('ready')) resolve(child);
      });
    });
  }

  beforeAll(async () => {
    store = await openStore(TEST_POSTGRES_URL, { schema: storeSchema });
    await seedPipelineStore(store);
    client = new PgBossPipelineQueue(
      { store, artifacts: new ArtifactFiles(join(dir, 'models')), settings: smallSettings() },
      { connectionString: TEST_POSTGRES_URL, schema: bossSchema, ...WORKER_QUEUE_OPTIONS },
    );
    await client.start();
    // One at a time: both create pg-boss's schema on first start.
    await startWorker();
    await startWorker();
  }, 30_000);

  afterAll(async () => {
    for (const worker of workers)
      if (worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL');
    await client?.stop();
    for (const schema of [storeSchema, bossSchema])
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(store.db);
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('completes a run; a worker killed mid-task has its task retried on the other, and publishes once', async () => {
    await client.requestRun('test');
    const slow = await until('a worker to start training', async () => {
      const line = existsSync(logFile)
        ? readFileSync(logFile, 'utf8')
            .split('\n')
            .find((l) => l.endsWith(' train 1'))
        : undefined;
      return line?.split(' ')[0];
    });
    const victim = workers.find((w) => String(w.pid) === slow);
    expect(victim).toBeDefined();
    victim?.kill('SIGKILL');

    const run = await until('the run to succeed', async () => {
      const [latest] = await store.pipelineRuns.listRuns(1);
      return latest?.status === 'succeeded' ? latest : undefined;
    });
    expect(run.tasks.map((t) => [t.task, t.status])).toEqual([
      ['ingest', 'succeeded'],
      ['validate', 'succeeded'],
      ['train', 'succeeded'],
      ['evaluate', 'succeeded'],
      ['gate', 'succeeded'],
      ['publish', 'succeeded'],
    ]);
    expect(run.tasks[2]?.attempt).toBe(2);
    expect(run.tasks[5]?.attempt).toBe(1);
    const lines = readFileSync(logFile, 'utf8').trim().split('\n');
    const retried = lines.find((l) => l.endsWith(' train 2'))?.split(' ')[0];
    expect(retried).toBeDefined();
    expect(retried).not.toBe(slow);
    const versions = await store.modelVersions.list();
    expect(versions.map((v) => v.status)).toEqual(['published']);
    expect((await store.modelVersions.getLive())?.version).toBe(run.tasks[2]?.metrics?.version);
    expect((await store.pipelineRuns.listRuns(10)).length).toBe(1);
  }, 30_000);
});
