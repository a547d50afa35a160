import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppMetrics } from '../../src/server/metrics.ts';
import type { HttpGet } from '../../src/steam/http-get.ts';
import { MemoryResponseCache } from '../../src/steam/memory-response-cache.ts';
import { RateLimiter } from '../../src/steam/rate-limiter.ts';
import { SteamClient } from '../../src/steam/steam-client.ts';
import { VirtualClock } from '../../src/steam/virtual-clock.ts';
import { TEST_DIALECTS } from '../store/test-stores.ts';
import { buildTestApp, type TestApp } from './test-app.ts';

/** One sample of the exposition text: `name{labels} value`, or undefined when there is no such series. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (
      Object.keys(found).length === Object.keys(labels).length &&
      Object.entries(labels).every(([k, v]) => found[k] === v)
    )
      return Number(match[3]);
  }
  return undefined;
}

const fixture = (name: string) =>
  readFileSync(new URL(`../../src/steam/__fixtures__/${name}.json`, import.meta.url), 'utf8');
const PUBLIC_ID = '76561197960287930';
const DOWN_ID = '76561198000000002';

/** Recorded Steam: one public profile; DOWN_ID's library always answers 503. */
const recordedSteam: HttpGet = async (url) => {
  const u = new URL(url);
  const steamid = u.searchParams.get('steamid') ?? u.searchParams.get('steamids') ?? '';
  if (u.pathname.includes('GetPlayerSummaries'))
    return { status: 200, headers: {}, body: fixture('player-summaries') };
  if (u.pathname.includes('GetOwnedGames')) {
    return steamid === DOWN_ID
      ? { status: 503, headers: {}, body: 'Service Unavailable' }
      : { status: 200, headers: {}, body: fixture('owned-games') };
  }
  return { status: 404, headers: {}, body: '' };
};

const inline = (name: string, appids: number[]) => ({
  name,
  games: appids.map((appid) => ({ appid, playtimeMinutes: 600 })),
});

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: GET /metrics`, () => {
    let t: TestApp;
    let metrics: AppMetrics;
    let clock: VirtualClock;
    beforeAll(async () => {
      metrics = new AppMetrics();
      clock = new VirtualClock();
      // Composed as the CLI does: the Steam client and its limiter report to the app's metrics.
      const steam = new SteamClient({
        apiKey: 'TESTKEY0123456789',
        http: recordedSteam,
        clock,
        cache: new MemoryResponseCache(),
        limiter: new RateLimiter({ clock, capacity: 2, intervalMs: 10_000, observer: metrics.steam }),
        retries: 1,
        backoff: { random: () => 0.5 },
        observer: metrics.steam,
      });
      t = await buildTestApp(dialect, { steam, deps: { metrics } });
    });
    afterAll(async () => t.close());

    const scrape = async () => {
      const res = await t.app.inject({ method: 'GET', url: '/metrics' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      return res.body;
    };

    it('serves default process metrics and the live model as a labelled gauge', async () => {
      const text = await scrape();
      // CPU counts from this registry's creation, so it may still read 0: only its presence is checked.
      expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThanOrEqual(0);
      expect(sample(text, 'process_start_time_seconds')).toBeGreaterThan(1.7e9);
      expect(sample(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
      expect(sample(text, 'coplay_model_info', { version: 'test-1', algorithm: 'item-knn' })).toBe(1);
      expect(sample(text, 'coplay_model_trained_timestamp_seconds')).toBe(
        Date.parse('2026-11-25T00:00:00.000Z') / 1000,
      );
      // The swap to another version replaces the series rather than adding one.
      t.models.swap({ ...t.models.current(), info: { ...t.models.current().info, version: 'test-2' } });
      const after = await scrape();
      expect(sample(after, 'coplay_model_info', { version: 'test-2', algorithm: 'item-knn' })).toBe(1);
      expect(
        sample(after, 'coplay_model_info', { version: 'test-1', algorithm: 'item-knn' }),
      ).toBeUndefined();
    });

    it('times requests by route pattern and status, never by raw URL, and leaves /metrics out', async () => {
      for (const url of ['/api/v1/games/100', '/api/v1/games/101', '/api/v1/games/999999', '/no/such/page'])
        await t.app.inject({ method: 'GET', url });
      const text = await scrape();
      const count = (route: string, status: string) =>
        sample(text, 'http_request_duration_seconds_count', { method: 'GET', route, status_code: status });
      expect(count('/api/v1/games/:appid', '200')).toBe(2);
      expect(count('/api/v1/games/:appid', '404')).toBe(1);
      expect(count('unmatched', '404')).toBe(1);
      expect(count('/metrics', '200')).toBeUndefined();
      expect(text).not.toContain('/api/v1/games/100');
      expect(text).not.toContain('/no/such/page');
      expect(
        sample(text, 'http_request_duration_seconds_bucket', {
          method: 'GET',
          route: '/api/v1/games/:appid',
          status_code: '200',
          le: '+Inf',
        }),
      ).toBe(2);
    });

    it('counts error responses by code', async () => {
      const before = await scrape();
      const was = (code: string) => sample(before, 'coplay_errors_total', { code }) ?? 0;
      await t.app.inject({ method: 'GET', url: '/api/v1/games/999998' });
      await t.app.inject({ method: 'POST', url: '/api/v1/recommendations', payload: { members: 'nope' } });
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/recommendations',
        payload: { members: [inline('Solo', [100])] },
      });
      const text = await scrape();
      expect(sample(text, 'coplay_errors_total', { code: 'GAME_NOT_FOUND' })).toBe(was('GAME_NOT_FOUND') + 1);
      expect(sample(text, 'coplay_errors_total', { code: 'INVALID_INPUT' })).toBe(was('INVALID_INPUT') + 1);
      expect(sample(text, 'coplay_errors_total', { code: 'GROUP_SIZE_OUT_OF_RANGE' })).toBe(
        was('GROUP_SIZE_OUT_OF_RANGE') + 1,
      );
    });

    it('times the recommendation engine by strategy and group size bucket', async () => {
      const post = (payload: object) =>
        t.app.inject({ method: 'POST', url: '/api/v1/recommendations', payload });
      expect((await post({ members: [inline('A', [100]), inline('B', [200])] })).statusCode).toBe(200);
      expect(
        (
          await post({
            members: [inline('A', [100]), inline('B', [200]), inline('C', [101]), inline('D', [201])],
            strategy: 'average',
          })
        ).statusCode,
      ).toBe(200);
      const text = await scrape();
      const count = (strategy: string, size: string) =>
        sample(text, 'coplay_recommendation_duration_seconds_count', { strategy, group_size: size });
      expect(count('fair', '2')).toBe(1);
      expect(count('average', '3-4')).toBe(1);
      const sum = sample(text, 'coplay_recommendation_duration_seconds_sum', {
        strategy: 'fair',
        group_size: '2',
      });
      expect(sum).toBeGreaterThan(0);
      expect(sum).toBeLessThan(5);
    });

    it('counts Steam calls by endpoint and outcome, cache hits and misses, and rate-limit waits', async () => {
      const post = (steamId: string) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/recommendations',
          payload: { members: [{ steamId }, inline('B', [200])] },
        });
      expect((await post(PUBLIC_ID)).statusCode).toBe(200);
      // Served from the cache the second time: no new calls, two hits.
      expect((await post(PUBLIC_ID)).statusCode).toBe(200);
      // Steam down for this library, nothing cached: STEAM_UNAVAILABLE.
      expect((await post(DOWN_ID)).statusCode).toBe(503);
      const text = await scrape();
      const calls = (endpoint: string, outcome: string) =>
        sample(text, 'coplay_steam_calls_total', { endpoint, outcome });
      expect(calls('GetOwnedGames', 'ok')).toBe(1);
      expect(calls('GetPlayerSummaries', 'ok')).toBe(2);
      expect(calls('GetOwnedGames', 'unavailable')).toBe(1);
      const lookups = (endpoint: string, result: string) =>
        sample(text, 'coplay_steam_cache_lookups_total', { endpoint, result });
      expect(lookups('GetOwnedGames', 'miss')).toBe(2);
      expect(lookups('GetOwnedGames', 'hit')).toBe(1);
      expect(lookups('GetPlayerSummaries', 'hit')).toBe(1);
      // 4 attempts reached the limiter (2 calls + DOWN_ID's 2 attempts); the bucket holds 2 tokens and refills
      // one per 5 s of the virtual clock, so the later attempts waited for one.
      expect(sample(text, 'coplay_steam_rate_limit_wait_seconds_count')).toBe(5);
      expect(sample(text, 'coplay_steam_rate_limit_wait_seconds_bucket', { le: '0' })).toBe(2);
      expect(sample(text, 'coplay_steam_rate_limit_wait_seconds_sum')).toBeGreaterThan(4);
    });

    it('reads pipeline runs from the database at scrape time, whichever process recorded them', async () => {
      const runs = t.store.pipelineRuns;
      const t0 = new Date('2026-11-20T04:00:00Z');
      const at = (s: number) => new Date(t0.getTime() + s * 1000);
      const failed = await runs.createRun({ trigger: 'schedule', tasks: ['ingest'], startedAt: t0 });
      await runs.updateTask(failed, 'ingest', { status: 'failed', startedAt: at(0), finishedAt: at(3) });
      await runs.updateRun(failed, { status: 'failed', finishedAt: at(4) });
      const ok = await runs.createRun({
        trigger: 'schedule',
        tasks: ['ingest', 'train'],
        startedAt: at(100),
      });
      await runs.updateTask(ok, 'ingest', { status: 'succeeded', startedAt: at(100), finishedAt: at(108) });
      await runs.updateTask(ok, 'train', { status: 'succeeded', startedAt: at(108), finishedAt: at(112.5) });
      await runs.updateRun(ok, { status: 'succeeded', finishedAt: at(113) });
      await runs.createRun({ trigger: 'admin', tasks: ['ingest'], startedAt: at(200) });

      const text = await scrape();
      expect(sample(text, 'coplay_pipeline_runs', { status: 'succeeded' })).toBe(1);
      expect(sample(text, 'coplay_pipeline_runs', { status: 'failed' })).toBe(1);
      expect(sample(text, 'coplay_pipeline_runs', { status: 'running' })).toBe(1);
      expect(sample(text, 'coplay_pipeline_runs', { status: 'cancelled' })).toBe(0);
      expect(sample(text, 'coplay_pipeline_last_run_duration_seconds')).toBe(13);
      expect(sample(text, 'coplay_pipeline_last_run_success')).toBe(1);
      expect(sample(text, 'coplay_pipeline_last_success_timestamp_seconds')).toBe(at(113).getTime() / 1000);
      expect(
        sample(text, 'coplay_pipeline_last_run_task_duration_seconds', {
          task: 'train',
          status: 'succeeded',
        }),
      ).toBe(4.5);

      // A newer failure becomes the last run; the last success stays where it was.
      await runs.updateRun(ok + 1, { status: 'failed', finishedAt: at(230) });
      const later = await scrape();
      expect(sample(later, 'coplay_pipeline_last_run_success')).toBe(0);
      expect(sample(later, 'coplay_pipeline_last_run_duration_seconds')).toBe(30);
      expect(sample(later, 'coplay_pipeline_last_success_timestamp_seconds')).toBe(at(113).getTime() / 1000);
      expect(sample(later, 'coplay_pipeline_runs', { status: 'failed' })).toBe(2);
    });
  });
}

describe('metrics switched off and several apps at once', () => {
  const apps: TestApp[] = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((a) => a.close()));
  });

  it('has no /metrics with metrics: false (METRICS_ENABLED=false)', async () => {
    const t = await buildTestApp('sqlite', { deps: { metrics: false } });
    apps.push(t);
    expect((await t.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('keeps each app on its own registry: two apps count their own requests', async () => {
    const [a, b] = await Promise.all([buildTestApp('sqlite'), buildTestApp('sqlite')]);
    apps.push(a, b);
    await a.app.inject({ method: 'GET', url: '/healthz' });
    await a.app.inject({ method: 'GET', url: '/healthz' });
    await b.app.inject({ method: 'GET', url: '/healthz' });
    const count = async (t: TestApp) =>
      sample(
        (await t.app.inject({ method: 'GET', url: '/metrics' })).body,
        'http_request_duration_seconds_count',
        {
          method: 'GET',
          route: '/healthz',
          status_code: '200',
        },
      );
    expect(await count(a)).toBe(2);
    expect(await count(b)).toBe(1);
  });
});

describe('AppMetrics scrape-time sources', () => {
  it('still serves a scrape when the pipeline runs cannot be read, reporting the failure once', async () => {
    const metrics = new AppMetrics();
    const failures: unknown[] = [];
    metrics.watch({
      model: () => undefined,
      pipelineRuns: () => Promise.reject(new Error('database unreachable')),
      onError: (error) => failures.push(error),
    });
    const { body } = await metrics.render();
    expect(failures).toHaveLength(1);
    expect(sample(body, 'coplay_pipeline_last_run_success')).toBeUndefined();
    expect(body).toContain('# TYPE coplay_pipeline_runs gauge');
    expect(sample(body, 'process_start_time_seconds')).toBeGreaterThan(1.7e9);
  });
});
