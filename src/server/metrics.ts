import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { SteamObserver } from '../steam/steam-observer.ts';
import type { PipelineRunsSummary } from '../store/pipeline-runs.repository.ts';
import type { ModelInfo } from './model-registry.ts';

/** Where scrape-time figures come from: the live model in this process, pipeline runs from the database. */
export interface MetricsSources {
  model: () => ModelInfo | undefined;
  /** Read at scrape time, because runs happen in worker processes too. */
  pipelineRuns: () => Promise<PipelineRunsSummary>;
  /** A scrape could not read a source: its figures are left out of that scrape, the rest is served. */
  onError: (error: unknown) => void;
}

const SECONDS_PER_MS = 1 / 1000;

/**
 * Leaves a label-less gauge without a sample until it is set again: prom-client would otherwise report 0,
 * which reads as "the last run failed" or "trained in 1970" when there is simply nothing to report.
 */
function unset(gauge: Gauge): void {
  gauge.reset();
  gauge.remove({});
}

/** Group sizes as a few buckets, so the latency histogram stays small: 2 | 3-4 | 5-8. */
function groupSizeBucket(size: number): string {
  if (size <= 2) return '2';
  if (size <= 4) return '3-4';
  return '5-8';
}

/**
 * Every Prometheus metric of one app, on a Registry of its own (not prom-client's global one), so tests that
 * build several apps do not collide. The only file that imports prom-client.
 */
export class AppMetrics {
  readonly registry = new Registry();
  /** Handed to the Steam client at composition: calls, cache lookups and rate-limit waits. */
  readonly steam: SteamObserver;
  private readonly requestDuration: Histogram<'method' | 'route' | 'status_code'>;
  private readonly recommendationDuration: Histogram<'strategy' | 'group_size'>;
  private readonly errors: Counter<'code'>;
  private watching = false;
  private summaryInFlight: Promise<PipelineRunsSummary | undefined> | undefined;

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.requestDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP requests by method, route pattern and status code.',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.recommendationDuration = new Histogram({
      name: 'coplay_recommendation_duration_seconds',
      help: 'Group recommendation engine time (members already resolved), by strategy and group size.',
      labelNames: ['strategy', 'group_size'],
      // The served model takes about 12 ms for 4 members on the project machine: resolve around that.
      buckets: [0.002, 0.005, 0.01, 0.015, 0.02, 0.03, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    });
    this.errors = new Counter({
      name: 'coplay_errors_total',
      help: 'Error responses by error code (the codes of the README error table).',
      labelNames: ['code'],
      registers,
    });
    const steamCalls = new Counter({
      name: 'coplay_steam_calls_total',
      help: 'Requests to Steam, after retries, by endpoint and outcome (ok, error, stale, unavailable).',
      labelNames: ['endpoint', 'outcome'],
      registers,
    });
    const steamCache = new Counter({
      name: 'coplay_steam_cache_lookups_total',
      help: 'Steam response cache lookups by endpoint and result (hit: a fresh entry answered; miss).',
      labelNames: ['endpoint', 'result'],
      registers,
    });
    const steamWait = new Histogram({
      name: 'coplay_steam_rate_limit_wait_seconds',
      help: 'Time each Steam request waited for a rate-limit token (le="0": did not wait).',
      buckets: [0, 0.01, 0.1, 0.5, 1, 2, 5, 10, 30, 60],
      registers,
    });
    this.steam = {
      call: (endpoint, outcome) => steamCalls.inc({ endpoint, outcome }),
      cacheLookup: (endpoint, hit) => steamCache.inc({ endpoint, result: hit ? 'hit' : 'miss' }),
      rateLimitWait: (ms) => steamWait.observe(ms * SECONDS_PER_MS),
    };
  }

  /** One HTTP request finished; `route` is the route pattern, never the raw URL. */
  observeRequest(method: string, route: string, statusCode: number, seconds: number): void {
    this.requestDuration.observe({ method, route, status_code: String(statusCode) }, seconds);
  }

  /** The engine answered a group recommendation. */
  observeRecommendation(strategy: string, groupSize: number, seconds: number): void {
    this.recommendationDuration.observe({ strategy, group_size: groupSizeBucket(groupSize) }, seconds);
  }

  /** An error response went out with this code. */
  countError(code: string): void {
    this.errors.inc({ code });
  }

  /** Adds the figures read at scrape time: the live model and the pipeline runs. Once per AppMetrics. */
  watch(sources: MetricsSources): void {
    if (this.watching) throw new Error('AppMetrics.watch was already called');
    this.watching = true;
    const registers = [this.registry];
    new Gauge({
      name: 'coplay_model_info',
      help: 'The model this process serves: always 1, labelled with its version and algorithm.',
      labelNames: ['version', 'algorithm'],
      registers,
      collect() {
        this.reset();
        const info = sources.model();
        if (info) this.set({ version: info.version, algorithm: info.algorithm }, 1);
      },
    });
    new Gauge({
      name: 'coplay_model_trained_timestamp_seconds',
      help: 'When the served model was trained (Unix time).',
      registers,
      collect() {
        unset(this);
        const trainedAt = Date.parse(sources.model()?.trainedAt ?? '');
        if (Number.isFinite(trainedAt)) this.set(trainedAt * SECONDS_PER_MS);
      },
    });
    const summary = () => this.pipelineSummary(sources);
    new Gauge({
      name: 'coplay_pipeline_runs',
      help: 'Recorded pipeline runs by status, from the database (all processes).',
      labelNames: ['status'],
      registers,
      async collect() {
        this.reset();
        const s = await summary();
        for (const [status, n] of Object.entries(s?.runsByStatus ?? {})) this.set({ status }, n);
      },
    });
    new Gauge({
      name: 'coplay_pipeline_last_run_duration_seconds',
      help: 'Wall time of the newest finished pipeline run.',
      registers,
      async collect() {
        unset(this);
        const run = (await summary())?.lastFinished;
        if (run?.finishedAt) this.set((run.finishedAt.getTime() - run.startedAt.getTime()) * SECONDS_PER_MS);
      },
    });
    new Gauge({
      name: 'coplay_pipeline_last_run_success',
      help: 'Whether the newest finished pipeline run succeeded (1) or not (0: failed or cancelled).',
      registers,
      async collect() {
        unset(this);
        const run = (await summary())?.lastFinished;
        if (run) this.set(run.status === 'succeeded' ? 1 : 0);
      },
    });
    new Gauge({
      name: 'coplay_pipeline_last_run_finished_timestamp_seconds',
      help: 'When the newest finished pipeline run ended (Unix time).',
      registers,
      async collect() {
        unset(this);
        const finishedAt = (await summary())?.lastFinished?.finishedAt;
        if (finishedAt) this.set(finishedAt.getTime() * SECONDS_PER_MS);
      },
    });
    new Gauge({
      name: 'coplay_pipeline_last_success_timestamp_seconds',
      help: 'When the newest successful pipeline run ended (Unix time): alert when it gets old.',
      registers,
      async collect() {
        unset(this);
        const at = (await summary())?.lastSucceededAt;
        if (at) this.set(at.getTime() * SECONDS_PER_MS);
      },
    });
    new Gauge({
      name: 'coplay_pipeline_last_run_task_duration_seconds',
      help: 'Wall time of each task of the newest finished pipeline run, by task and its status.',
      labelNames: ['task', 'status'],
      registers,
      async collect() {
        this.reset();
        for (const task of (await summary())?.lastFinished?.tasks ?? []) {
          if (task.startedAt && task.finishedAt) {
            const seconds = (task.finishedAt.getTime() - task.startedAt.getTime()) * SECONDS_PER_MS;
            this.set({ task: task.task, status: task.status }, seconds);
          }
        }
      },
    });
  }

  /** The exposition text and its content type. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  // The pipeline gauges are collected concurrently; they share one database read per scrape.
  private pipelineSummary(sources: MetricsSources): Promise<PipelineRunsSummary | undefined> {
    this.summaryInFlight ??= sources
      .pipelineRuns()
      .catch((error: unknown) => {
        sources.onError(error);
        return undefined;
      })
      .finally(() => {
        this.summaryInFlight = undefined;
      });
    return this.summaryInFlight;
  }
}
