import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import type { Store } from '../store/store.ts';
import type { AppMetrics } from './metrics.ts';
import type { ModelRegistry } from './model-registry.ts';

export interface MetricsPluginOptions {
  metrics: AppMetrics;
  store: Store;
  models: ModelRegistry;
}

/** Requests whose timing is noise: the scrape itself, the page's static files and the API viewer's assets. */
function isNoise(route: string): boolean {
  return route === '/metrics' || route === '/*' || route.startsWith('/api/docs/static/');
}

/**
 * GET /metrics in Prometheus' text format, and a timer on every request labelled by route pattern
 * (`/api/v1/games/:appid`, never the raw URL; requests that matched no route share `unmatched`).
 * Registered at the root (fastify-plugin) so its hook sees every route.
 */
export const metricsPlugin = fp<MetricsPluginOptions>(
  (async (app, { metrics, store, models }) => {
    metrics.watch({
      model: () => models.info,
      pipelineRuns: () => store.pipelineRuns.summary(),
      onError: (error) => app.log.warn({ err: error }, 'metrics: could not read the pipeline runs'),
    });
    // A callback hook, not an async one: it runs after every request and has nothing to wait for.
    app.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions.url;
      if (route === undefined || !isNoise(route)) {
        metrics.observeRequest(
          request.method,
          route ?? 'unmatched',
          reply.statusCode,
          reply.elapsedTime / 1000,
        );
      }
      done();
    });
    app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
      const { contentType, body } = await metrics.render();
      return reply.type(contentType).send(body);
    });
  }) satisfies FastifyPluginAsync<MetricsPluginOptions>,
  { name: 'coplay-metrics' },
);
