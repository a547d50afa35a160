import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgBossPipelineQueue } from '../../src/pipeline/queue/pg-boss-queue.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';
import { startTcpProxy, type TcpProxy } from '../fixtures/tcp-proxy.ts';
import { TEST_POSTGRES_URL } from '../store/test-stores.ts';
import { smallSettings, tempArtifacts } from './pipeline-fixture.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('starting the pg-boss queue while PostgreSQL is briefly unreachable', () => {
  const storeSchema = `test_${randomUUID().replaceAll('-', '')}`;
  const bossSchema = `${storeSchema}_boss`;
  const temp = tempArtifacts();
  let store: Store;
  let proxy: TcpProxy;
  let proxied: string;

  beforeAll(async () => {
    store = await openStore(TEST_POSTGRES_URL, { schema: storeSchema });
    const target = new URL(TEST_POSTGRES_URL);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const url = new URL(TEST_POSTGRES_URL);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    proxied = url.toString();
    // pg-boss's schema exists already, as on any database after the first deployment.
    const first = new PgBossPipelineQueue(
      { store, artifacts: temp.artifacts, settings: smallSettings() },
      { connectionString: TEST_POSTGRES_URL, schema: bossSchema },
    );
    await first.start();
    await first.stop();
  });

  afterAll(async () => {
    await proxy?.close();
    for (const schema of [storeSchema, bossSchema])
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(store.db);
    await store?.close();
    temp.cleanup();
  });

  it('retries with a fresh pg-boss: the one it returns runs maintenance, and stop() disconnects it', async () => {
    await proxy.down();
    setTimeout(() => void proxy.up(), 300);
    const errors: unknown[] = [];
    const queue = await PgBossPipelineQueue.connect(
      { store, artifacts: temp.artifacts, settings: smallSettings() },
      {
        connectionString: proxied,
        schema: bossSchema,
        maintenanceIntervalSeconds: 1,
        onError: (error) => errors.push(error),
      },
      { retries: 6, minTimeoutMs: 200 },
    );
    // A half-started pg-boss (its second start() returning at once) never supervises: no expiry of the jobs
    // of dead workers, no cron schedule.
    const maintained = await Promise.race([
      new Promise<boolean>((resolve) => queue.boss.once('maintenance', () => resolve(true))),
      sleep(8_000).then(() => false),
    ]);
    expect(maintained).toBe(true);
    expect(proxy.openConnections).toBeGreaterThan(0);
    await queue.stop();
    // Its pool is closed, so nothing is left to keep a worker process from exiting.
    const deadline = Date.now() + 3_000;
    while (proxy.openConnections > 0 && Date.now() < deadline) await sleep(50);
    expect(proxy.openConnections).toBe(0);
    expect(errors).toEqual([]);
  }, 30_000);

  it('closes the connections of a start that failed, and refuses to be started again', async () => {
    // Connections open, then die at their first query: pg-boss fails in its first set-up query.
    proxy.cutAtFirstQuery(true);
    const queue = new PgBossPipelineQueue(
      { store, artifacts: temp.artifacts, settings: smallSettings() },
      { connectionString: proxied, schema: bossSchema },
    );
    try {
      await expect(queue.start()).rejects.toThrow();
    } finally {
      proxy.cutAtFirstQuery(false);
    }
    const db = queue.boss.getDb() as unknown as { pool: { ending: boolean } };
    expect(db.pool.ending).toBe(true);
    await expect(queue.start()).rejects.toThrow(/start a new PgBossPipelineQueue instead/);
    await queue.stop();
  }, 30_000);
});
