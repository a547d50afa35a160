import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Store } from '../../store/store.ts';
import type { ModelRegistry } from '../model-registry.ts';

const HealthSchema = z.object({ status: z.literal('ok') });
const ReadySchema = z.object({
  ready: z.boolean(),
  database: z.boolean(),
  model: z.object({ version: z.string(), algorithm: z.string(), trainedAt: z.string() }).nullable(),
  message: z.string(),
});

/** Liveness (the process answers) and readiness (database reachable and a model loaded). */
export const healthRoutes: FastifyPluginAsyncZod<{ store: Store; models: ModelRegistry }> = async (
  app,
  { store, models },
) => {
  app.get('/healthz', { schema: { tags: ['operations'], response: { 200: HealthSchema } } }, async () => ({
    status: 'ok' as const,
  }));
  app.get(
    '/readyz',
    { schema: { tags: ['operations'], response: { 200: ReadySchema, 503: ReadySchema } } },
    async (_request, reply) => {
      let database = true;
      try {
        await store.games.count();
      } catch {
        database = false;
      }
      const ready = database && models.ready;
      const message = !database
        ? 'database unreachable'
        : !models.ready
          ? 'no model published yet: run "coplay train"'
          : 'ready';
      return reply.status(ready ? 200 : 503).send({ ready, database, model: models.info ?? null, message });
    },
  );
};
