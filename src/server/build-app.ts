import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { SteamClient } from '../steam/steam-client.ts';
import type { Store } from '../store/store.ts';
import { errorHandler } from './error-handler.ts';
import { MemberResolver } from './member-resolver.ts';
import type { ModelRegistry } from './model-registry.ts';
import type { PipelineStarter } from './pipeline-starter.ts';
import { adminRoutes } from './routes/admin.ts';
import { feedbackRoutes } from './routes/feedback.ts';
import { gameRoutes } from './routes/games.ts';
import { healthRoutes } from './routes/health.ts';
import { memberRoutes } from './routes/members.ts';
import { recommendationRoutes } from './routes/recommendations.ts';

export interface AppDeps {
  store: Store;
  models: ModelRegistry;
  /** Absent when no STEAM_API_KEY is configured: Steam members then get a clear 400. */
  steam?: SteamClient;
  logger?: boolean | { level: string };
  /** Largest accepted request body; a 20,000-game inline library is about 1 MB. */
  bodyLimitBytes?: number;
  /** Folder of the built page (web/dist); when it exists it is served at / with index.html for page routes. */
  webRoot?: string;
  /** Bearer token for the admin routes; without it they answer 401. */
  adminToken?: string;
  /** Starts pipeline runs for POST /api/v1/pipeline/runs; without it that route answers 503. */
  pipeline?: PipelineStarter;
}

/** Builds the HTTP app (no listen): routes as plugins, zod schemas for validation, replies and OpenAPI. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: deps.bodyLimitBytes ?? 2 * 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);

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
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  const members = new MemberResolver(deps.store, deps.steam, (error) =>
    app.log.warn({ err: error }, 'could not store a Steam library'),
  );
  await app.register(healthRoutes, { store: deps.store, models: deps.models });
  await app.register(recommendationRoutes, { models: deps.models, members });
  await app.register(gameRoutes, { store: deps.store });
  await app.register(memberRoutes, { store: deps.store, steam: deps.steam });
  await app.register(feedbackRoutes, { store: deps.store });
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
