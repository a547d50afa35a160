import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { SteamClient } from '../steam/steam-client.ts';
import type { Store } from '../store/store.ts';
import { createErrorHandler } from './error-handler.ts';
import { useFastJsonBodyParser } from './json-body-parser.ts';
import { MemberResolver } from './member-resolver.ts';
import { AppMetrics } from './metrics.ts';
import { metricsPlugin } from './metrics-plugin.ts';
import type { ModelRegistry } from './model-registry.ts';
import type { PipelineStarter } from './pipeline-starter.ts';
import { redactingLoggerOptions, type AppLogOptions } from './redacting-logger.ts';
import { rejectUnstorableText } from './reject-unstorable-text.ts';
import { adminRoutes } from './routes/admin.ts';
import { feedbackRoutes } from './routes/feedback.ts';
import { gameRoutes } from './routes/games.ts';
import { healthRoutes } from './routes/health.ts';
import { memberRoutes } from './routes/members.ts';
import { recommendationRoutes } from './routes/recommendations.ts';
import { securityPlugin, type SecurityPluginOptions } from './security-plugin.ts';
import { serverTimingPlugin } from './server-timing-plugin.ts';
import { compiledSerializerCompiler, compiledValidatorCompiler } from './zod-compilers.ts';

export interface AppDeps {
  store: Store;
  models: ModelRegistry;
  /** Absent when no STEAM_API_KEY is configured: Steam members then get a clear 400. */
  steam?: SteamClient;
  /** false (default) logs nothing; otherwise pino at `level`, with credentials redacted (see redacting-logger). */
  logger?: false | AppLogOptions;
  /** Largest accepted request body (BODY_LIMIT_BYTES); a 20,000-game inline library is about 1 MB. */
  bodyLimitBytes?: number;
  /**
   * Prometheus metrics at GET /metrics: a fresh AppMetrics by default, or the one whose Steam observer the
   * Steam client was composed with; false serves none (METRICS_ENABLED=false).
   */
  metrics?: AppMetrics | false;
  /** Per client address (RATE_LIMIT_MAX per RATE_LIMIT_WINDOW_MS); absent = no limit. */
  rateLimit?: SecurityPluginOptions['rateLimit'];
  /** Browser origins allowed by CORS (CORS_ORIGINS); absent or empty = no CORS headers. */
  corsOrigins?: readonly string[];
  /** Take the client address from X-Forwarded-For (TRUST_PROXY), for a server behind a reverse proxy. */
  trustProxy?: boolean;
  /** Folder of the built page (web/dist); when it exists it is served at / with index.html for page routes. */
  webRoot?: string;
  /** Bearer token for the admin routes; without it they answer 401. */
  adminToken?: string;
  /** Starts pipeline runs for POST /api/v1/pipeline/runs; without it that route answers 503. */
  pipeline?: PipelineStarter;
}

/** Builds the HTTP app (no listen): routes as plugins, zod schemas for validation, replies and OpenAPI. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const metrics = deps.metrics === false ? undefined : (deps.metrics ?? new AppMetrics());
  const errorHandler = createErrorHandler((code) => metrics?.countError(code));
  const app = Fastify({
    logger: deps.logger
      ? redactingLoggerOptions({ ...deps.logger, secrets: [...(deps.logger.secrets ?? []), deps.adminToken] })
      : false,
    bodyLimit: deps.bodyLimitBytes ?? 2 * 1024 * 1024,
    trustProxy: deps.trustProxy ?? false,
    genReqId: () => crypto.randomUUID(),
    // A malformed URL (`/api/v1/games/%`) is refused by the router before any route: give it the coded body too.
    frameworkErrors: (error, request, reply) => void errorHandler(error, request, reply),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(compiledValidatorCompiler);
  app.setSerializerCompiler(compiledSerializerCompiler);
  app.setErrorHandler(errorHandler);
  // Before any plugin: each plugin copies the parsers it finds when it is registered.
  useFastJsonBodyParser(app);
  // First: the rate limiter and the security headers attach to the routes registered after them.
  await app.register(securityPlugin, { rateLimit: deps.rateLimit, corsOrigins: deps.corsOrigins });
  if (metrics) await app.register(metricsPlugin, { metrics, store: deps.store, models: deps.models });
  await app.register(serverTimingPlugin);
  app.addHook('preValidation', rejectUnstorableText);

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Coplay API',
        description:
          'Which multiplayer game should the group play tonight? Group recommendations from Steam playtime.',
        version: '1',
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    // The viewer's own policy (its pages only): its bundled scripts, data: images, and inline styles, which
    // Swagger UI's React code inserts as <style> elements (a page with no user content: styles only, no script).
    staticCSP: {
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'script-src-attr': ["'none'"],
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'data:'],
      'font-src': ["'self'", 'data:'],
      'connect-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'self'"],
      'frame-ancestors': ["'none'"],
    },
  });

  const members = new MemberResolver(deps.store, deps.steam, (error) =>
    app.log.warn({ err: error }, 'could not store a Steam library'),
  );
  await app.register(healthRoutes, { store: deps.store, models: deps.models });
  await app.register(recommendationRoutes, {
    models: deps.models,
    members,
    ...(metrics
      ? {
          onEngineTime: (seconds: number, strategy: string, groupSize: number) =>
            metrics.observeRecommendation(strategy, groupSize, seconds),
        }
      : {}),
  });
  await app.register(gameRoutes, { store: deps.store });
  await app.register(memberRoutes, { store: deps.store, steam: deps.steam });
  await app.register(feedbackRoutes, { store: deps.store, ...(deps.steam ? { steam: deps.steam } : {}) });
  await app.register(adminRoutes, {
    store: deps.store,
    adminToken: deps.adminToken,
    pipeline: deps.pipeline,
  });
  if (deps.webRoot !== undefined && existsSync(join(deps.webRoot, 'index.html')))
    await serveWebPage(app, resolve(deps.webRoot));
  return app;
}

/**
 * Serves the built page. API routes win over the static wildcard; a GET for anything else that is not a file
 * gets index.html (the page reads its state from the query string), while unknown /api paths stay JSON 404s.
 */
async function serveWebPage(app: FastifyInstance, root: string): Promise<void> {
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: true,
    // Vite fingerprints everything under assets/, so those never change; index.html must always be revalidated.
    setHeaders: (reply, path) => {
      void reply.header(
        'cache-control',
        path.startsWith(join(root, 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const isApi = path === '/api' || path.startsWith('/api/');
    if ((request.method === 'GET' || request.method === 'HEAD') && !isApi && !path.startsWith('/assets/')) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return reply.status(404).send({ code: 'NOT_FOUND', message: `No route ${request.method} ${path}` });
  });
}
