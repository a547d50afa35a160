import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/build-app.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';
import { startTcpProxy, type TcpProxy } from '../fixtures/tcp-proxy.ts';
import { TEST_POSTGRES_URL } from '../store/test-stores.ts';
import { seedServerData, servingModels } from './fault-app.ts';
import { driveTraffic, type Exchange } from './traffic.ts';
import { until } from './until.ts';

/**
 * The app talks to PostgreSQL through a TCP proxy the test takes down and brings back: what a client sees
 * while the (shared) server restarts, without restarting it under the other test files. A second store, not
 * proxied, seeds the data and checks what was stored.
 */
describe('PostgreSQL lost during traffic', () => {
  const schema = `test_${randomUUID().replaceAll('-', '')}`;
  /** Unique, so pg_terminate_backend below hits this app's connections only. */
  const applicationName = `coplay_faults_${randomUUID().slice(0, 8)}`;
  let direct: Store;
  let proxy: TcpProxy;
  let proxied: Store;
  let app: FastifyInstance;
  const poolErrors: Error[] = [];

  beforeAll(async () => {
    direct = await openStore(TEST_POSTGRES_URL, { schema });
    await seedServerData(direct);
    const target = new URL(TEST_POSTGRES_URL);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const through = new URL(TEST_POSTGRES_URL);
    through.hostname = '127.0.0.1';
    through.port = String(proxy.port);
    through.searchParams.set('application_name', applicationName);
    proxied = await openStore(through.toString(), {
      schema,
      onConnectionError: (error) => poolErrors.push(error),
    });
    app = await buildApp({ store: proxied, models: await servingModels() });
  });

  afterEach(async () => {
    await proxy.up();
  });

  afterAll(async () => {
    await app?.close();
    await proxied?.close();
    await proxy?.close();
    if (direct) {
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(direct.db);
      await direct.close();
    }
  });

  /** Every feedback the API acknowledged (2xx) is in the database, about the game it was sent for. */
  async function expectNoAcknowledgedFeedbackLost(exchanges: Exchange[]): Promise<void> {
    const acknowledged = exchanges.filter((e) => e.feedbackId !== undefined);
    const stored = new Map(
      (await direct.db.selectFrom('feedback_events').select(['id', 'appid']).execute()).map((r) => [
        r.id,
        r.appid,
      ]),
    );
    const lost = acknowledged.filter((e) => stored.get(e.feedbackId as number) !== e.appid);
    expect(lost, 'acknowledged feedback missing from the database').toEqual([]);
  }

  /** Failures are clear and retryable: 503 DATABASE_UNAVAILABLE with Retry-After, never a 500. */
  function expectOnlyClearFailures(exchanges: Exchange[]): void {
    const failures = exchanges.filter((e) => e.kind !== 'ready' && e.status >= 300);
    const unclear = failures.filter(
      (e) => e.status !== 503 || e.code !== 'DATABASE_UNAVAILABLE' || e.retryAfter === undefined,
    );
    expect(unclear, 'failures other than 503 DATABASE_UNAVAILABLE with Retry-After').toEqual([]);
  }

  it('answers 503 DATABASE_UNAVAILABLE while it is down, recovers without a restart, and loses no acknowledged feedback', async () => {
    const traffic = driveTraffic(app);
    try {
      await traffic.successes('feedback', 20);
      await traffic.successes('recommend', 3);
      const downAt = performance.now();
      await proxy.down();
      // Down long enough to be seen: readiness fails and requests fail, clearly.
      await until('/readyz to report the database down', () =>
        traffic.exchanges.some((e) => e.kind === 'ready' && e.started > downAt && e.status === 503)
          ? true
          : undefined,
      );
      await until('a feedback request to be refused while the database is down', () =>
        traffic.exchanges.some((e) => e.kind === 'feedback' && e.started > downAt && e.status === 503)
          ? true
          : undefined,
      );
      const upAt = performance.now();
      await proxy.up();
      await traffic.successes('feedback', 20);
      await traffic.successes('recommend', 3);
      await traffic.successes('ready', 2);
      await traffic.stop();
      const { exchanges } = traffic;

      expectOnlyClearFailures(exchanges);
      // Failures only while it was down: everything answered before, and everything sent once one request
      // had succeeded again after it came back.
      const recoveredAt = Math.min(
        ...exchanges
          .filter((e) => e.kind === 'feedback' && e.started > upAt && e.status < 300)
          .map((e) => e.ended),
      );
      const outside = exchanges.filter(
        (e) => e.kind !== 'ready' && (e.ended < downAt || e.started > recoveredAt) && e.status >= 300,
      );
      expect(outside, 'failures outside the outage').toEqual([]);
      const readyWhileDown = exchanges.filter(
        (e) => e.kind === 'ready' && e.started > downAt && e.ended < upAt,
      );
      expect(readyWhileDown.length).toBeGreaterThan(0);
      expect(readyWhileDown.every((e) => e.status === 503 && e.database === false)).toBe(true);
      const last = exchanges.filter((e) => e.kind === 'ready').at(-1);
      expect(last).toMatchObject({ status: 200, database: true });
      await expectNoAcknowledgedFeedbackLost(exchanges);
    } finally {
      await traffic.stop();
    }
  }, 30_000);

  it('survives pg_terminate_backend on its connections, idle or busy, and keeps every acknowledged feedback', async () => {
    const traffic = driveTraffic(app);
    try {
      let terminated = 0;
      for (let round = 0; round < 3; round++) {
        await traffic.successes('feedback', 15);
        const { rows } = await sql<{ pid: number; killed: boolean }>`
          select pid, pg_terminate_backend(pid) as killed from pg_stat_activity
          where application_name = ${applicationName} and pid <> pg_backend_pid()`.execute(direct.db);
        const pids = rows.filter((r) => r.killed).map((r) => r.pid);
        terminated += pids.length;
        // pg_terminate_backend only signals: wait until those backends are gone, so "after the kill" is exact.
        await until('the terminated backends to exit', async () => {
          const left = await sql<{ n: number }>`
            select count(*)::int as n from pg_stat_activity where pid = any(${pids})`.execute(direct.db);
          return left.rows[0]?.n === 0 ? true : undefined;
        });
      }
      const lastKillAt = performance.now();
      await traffic.successes('feedback', 20);
      await traffic.successes('recommend', 3);
      await traffic.stop();
      const { exchanges } = traffic;

      expect(terminated).toBeGreaterThan(0);
      expectOnlyClearFailures(exchanges);
      const recoveredAt = Math.min(
        ...exchanges
          .filter((e) => e.kind === 'feedback' && e.started > lastKillAt && e.status < 300)
          .map((e) => e.ended),
      );
      expect(exchanges.filter((e) => e.started > recoveredAt && e.status >= 300)).toEqual([]);
      expect(exchanges.filter((e) => e.kind === 'ready').at(-1)).toMatchObject({
        status: 200,
        database: true,
      });
      // It reconnected under the same name: the pool replaced what was killed.
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from pg_stat_activity where application_name = ${applicationName}`.execute(
        direct.db,
      );
      expect(rows[0]?.n).toBeGreaterThan(0);
      await expectNoAcknowledgedFeedbackLost(exchanges);
    } finally {
      await traffic.stop();
    }
  }, 30_000);
});
